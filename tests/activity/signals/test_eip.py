"""Elastic IP signal A1: a fired, a clear and an unknown case each, through the registry."""

from __future__ import annotations

from typing import Any

from finops_lib.activity.model import CLEAR, FIRED, UNKNOWN

from ..conftest import SignalCase, evaluate_case

# (code, resource type, facts, metrics, expected status, evidence fragment)
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any], str, str]] = [
    ("A1", "elastic_ip", {"association": ""}, {}, FIRED, "not associated"),
    ("A1", "elastic_ip", {"association": "i-123"}, {}, CLEAR, "i-123"),
    ("A1", "elastic_ip", {}, {}, UNKNOWN, "association"),
]


def test_signal_case(signal_case: SignalCase) -> None:
    outcome = evaluate_case(signal_case)
    assert outcome.status == signal_case.status, outcome
    assert signal_case.fragment in outcome.evidence
