"""NAT gateway signals N1–N2: a fired, a clear and an unknown case each, through the registry."""

from __future__ import annotations

from typing import Any

from finops_lib.activity.model import CLEAR, FIRED, UNKNOWN

from ..conftest import SignalCase, daily, evaluate_case

MB = 1_000_000

# (code, resource type, facts, metrics, expected status, evidence fragment)
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any], str, str]] = [
    ("N1", "nat_gateway", {}, {"BytesOutToDestination": daily([1000] * 14),
                               "BytesInFromDestination": daily([0] * 14)}, FIRED, "0.00 MB"),
    ("N1", "nat_gateway", {}, {"BytesOutToDestination": daily([5 * MB] * 14),
                               "BytesInFromDestination": daily([0] * 14)}, CLEAR, "5.00 MB"),
    ("N1", "nat_gateway", {}, {}, UNKNOWN, "BytesOutToDestination"),
    ("N2", "nat_gateway", {}, {"ActiveConnectionCount": daily([0] * 14)}, FIRED, "0"),
    ("N2", "nat_gateway", {}, {"ActiveConnectionCount": daily([0] * 13 + [4])}, CLEAR, "4"),
    ("N2", "nat_gateway", {}, {}, UNKNOWN, "ActiveConnectionCount"),
]


def test_signal_case(signal_case: SignalCase) -> None:
    outcome = evaluate_case(signal_case)
    assert outcome.status == signal_case.status, outcome
    assert signal_case.fragment in outcome.evidence
