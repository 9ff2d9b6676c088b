"""EC2 instance signals E0–E7: a fired, a clear and an unknown case each, through the registry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from finops_lib.activity.model import CLEAR, FIRED, UNKNOWN
from finops_lib.activity.registry import all_signals, resolved_params
from finops_lib.activity.scoring import evaluate

from ..conftest import END, SignalCase, daily, evaluate_case, resource

MB = 1_000_000
OLD, RECENT = END - timedelta(days=200), END - timedelta(days=3)
EC2_FACTS = {"volume_ids": ("vol-1",)}

# (code, resource type, facts, metrics, expected status, evidence fragment)
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any], str, str]] = [
    ("E0", "ec2_instance", {"tags": {"Schedule": "office-hours"}}, {}, FIRED, "Schedule"),
    ("E0", "ec2_instance", {"tags": {"Name": "web"}}, {}, CLEAR, "no scheduler"),
    ("E0", "ec2_instance", {}, {}, UNKNOWN, "tags"),
    ("E1", "ec2_instance", {"compute_optimizer": {"finding": "Overprovisioned",
                                                  "cpu_max_percent": 0.8}}, {}, FIRED, "0.8 %"),
    ("E1", "ec2_instance", {"compute_optimizer": {"finding": "Optimized", "idle": False,
                                                  "cpu_max_percent": 40.0}}, {}, CLEAR,
     "Optimized"),
    ("E1", "ec2_instance", {}, {}, UNKNOWN, "compute_optimizer"),
    ("E2", "ec2_instance", {}, {"CPUUtilization": daily([1.0] * 14),
                                "NetworkIn": daily([2 * MB] * 14),
                                "NetworkOut": daily([1 * MB] * 14)}, FIRED, "3.0 MB/day"),
    ("E2", "ec2_instance", {}, {"CPUUtilization": daily([1.0] * 13 + [50.0]),
                                "NetworkIn": daily([0] * 14), "NetworkOut": daily([0] * 14)},
     CLEAR, "CPU p95"),
    ("E2", "ec2_instance", {}, {"CPUUtilization": daily([1.0] * 14)}, UNKNOWN, "NetworkIn"),
    ("E3", "ec2_instance", {"cloudtrail": {"last_write_event": OLD}}, {}, FIRED, "no write"),
    ("E3", "ec2_instance", {"cloudtrail": {"last_write_event": RECENT, "event": "StopInstances"}},
     {}, CLEAR, "StopInstances"),
    ("E3", "ec2_instance", {}, {"cloudtrail": "AccessDenied"}, UNKNOWN, "AccessDenied"),
    ("E4", "ec2_instance", {"ssm": {"managed": False}}, {}, FIRED, "not managed"),
    ("E4", "ec2_instance", {"ssm": {"managed": True, "ping_status": "Online",
                                    "last_ping": RECENT}}, {}, CLEAR, "Online"),
    ("E4", "ec2_instance", {}, {}, UNKNOWN, "ssm"),
    ("E5", "ec2_instance", {"membership": {"asg": False, "target_group": False, "ecs": False,
                                           "eks": False}}, {}, FIRED, "standalone"),
    ("E5", "ec2_instance", {"membership": {"asg": True, "target_group": None, "ecs": False,
                                           "eks": False}}, {}, CLEAR, "asg"),
    ("E5", "ec2_instance", {"membership": {"asg": False, "target_group": None, "ecs": False,
                                           "eks": False}}, {}, UNKNOWN, "target_group"),
    ("E6", "ec2_instance", EC2_FACTS, {"EBSReadOps": daily([3] * 14),
                                       "EBSWriteOps": daily([4] * 14)}, FIRED, "p95 7/day"),
    ("E6", "ec2_instance", EC2_FACTS, {"EBSReadOps": daily([300] * 14),
                                       "EBSWriteOps": daily([4] * 14)}, CLEAR, "304"),
    ("E6", "ec2_instance", {"volume_ids": ()}, {}, UNKNOWN, "no EBS volumes"),
    ("E7", "ec2_instance", {"rightsizing": {"type": "Terminate", "savings": 12.5}}, {}, FIRED,
     "$12.50"),
    ("E7", "ec2_instance", {"rightsizing": {"type": "Modify", "savings": 5.0}}, {}, CLEAR,
     "Modify"),
    ("E7", "ec2_instance", {}, {}, UNKNOWN, "rightsizing"),
]


def test_signal_case(signal_case: SignalCase) -> None:
    outcome = evaluate_case(signal_case)
    assert outcome.status == signal_case.status, outcome
    assert signal_case.fragment in outcome.evidence


def test_stopped_instance_not_scored_on_cpu() -> None:
    spec = all_signals()["E2"]
    stopped = resource("ec2_instance", metrics={"CPUUtilization": daily([0.0] * 14)},
                       state="stopped")
    outcome = evaluate(spec, stopped, spec.defaults())
    assert outcome.status == UNKNOWN and "stopped" in outcome.evidence


def test_override_changes_threshold() -> None:
    spec = all_signals()["E2"]
    busy = resource("ec2_instance", metrics={"CPUUtilization": daily([4.0] * 14),
                                             "NetworkIn": daily([0] * 14),
                                             "NetworkOut": daily([0] * 14)})
    assert evaluate(spec, busy, spec.defaults()).status == CLEAR
    raised = resolved_params({"E2": {"cpu_percent_below": 5.0}})["E2"]
    assert evaluate(spec, busy, raised).status == FIRED


def test_signals_declare_the_metrics_and_calls_they_read() -> None:
    signals = all_signals()
    assert [(m.key, m.namespace, m.name, m.statistic) for m in signals["E2"].metrics] == [
        ("CPUUtilization", "AWS/EC2", "CPUUtilization", "Average"),
        ("NetworkIn", "AWS/EC2", "NetworkIn", "Sum"), ("NetworkOut", "AWS/EC2", "NetworkOut", "Sum")]
    assert [m.key for m in signals["E6"].metrics] == ["EBSReadOps", "EBSWriteOps"]
    assert signals["E3"].iam_actions == ("cloudtrail:LookupEvents",)
    assert "elasticloadbalancing:DescribeTargetHealth" in signals["E5"].iam_actions
    assert not signals["E1"].metrics and not signals["E7"].metrics
