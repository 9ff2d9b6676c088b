"""Load balancer signals L1–L2: a fired, a clear and an unknown case each, through the registry."""

from __future__ import annotations

from typing import Any

from finops_lib.activity.model import CLEAR, FIRED, UNKNOWN
from finops_lib.activity.registry import metric_windows, resolved_params

from ..conftest import SignalCase, daily, evaluate_case

# (code, resource type, facts, metrics, expected status, evidence fragment)
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any], str, str]] = [
    ("L1", "load_balancer", {}, {"requests": daily([0] * 14)}, FIRED, "0 requests"),
    ("L1", "load_balancer", {}, {"requests": daily([10] * 14)}, CLEAR, "140 requests"),
    ("L1", "load_balancer", {}, {}, UNKNOWN, "requests"),
    ("L2", "load_balancer", {"healthy_targets": 0, "registered_targets": 2}, {}, FIRED,
     "0 healthy of 2"),
    ("L2", "load_balancer", {"healthy_targets": 2, "registered_targets": 2}, {}, CLEAR,
     "2 healthy"),
    ("L2", "load_balancer", {}, {}, UNKNOWN, "healthy_targets"),

]


def test_signal_case(signal_case: SignalCase) -> None:
    outcome = evaluate_case(signal_case)
    assert outcome.status == signal_case.status, outcome
    assert signal_case.fragment in outcome.evidence


def test_requests_metric_depends_on_the_balancer_variant() -> None:
    params = resolved_params({"L1": {"lookback_days": 30}})
    alb, _ = metric_windows("load_balancer", params, "application")["requests"]
    nlb, days = metric_windows("load_balancer", params, "network")["requests"]
    assert (alb.namespace, alb.name) == ("AWS/ApplicationELB", "RequestCount")
    assert (nlb.namespace, nlb.name, nlb.statistic, days) == (
        "AWS/NetworkELB", "NewFlowCount", "Sum", 30)
