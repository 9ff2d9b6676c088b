"""Elastic IP signal A1: a fired, a clear and an unknown case each, through the registry."""

from __future__ import annotations

from typing import Any

import pytest

from finops_lib.activity.model import CLEAR, FIRED, UNKNOWN

from ..conftest import evaluate_case

# (code, resource type, facts, metrics, expected status, evidence fragment)
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any], str, str]] = [
    ("A1", "elastic_ip", {"association": ""}, {}, FIRED, "not associated"),
    ("A1", "elastic_ip", {"association": "i-123"}, {}, CLEAR, "i-123"),
    ("A1", "elastic_ip", {}, {}, UNKNOWN, "association"),
]


@pytest.mark.parametrize(("code", "rtype", "facts", "metrics", "status", "fragment"), CASES,
                         ids=[f"{c[0]}-{c[4]}-{i}" for i, c in enumerate(CASES)])
def test_signal_case(code: str, rtype: str, facts: dict[str, Any], metrics: dict[str, Any],
                     status: str, fragment: str) -> None:
    outcome = evaluate_case(code, rtype, facts, metrics)
    assert outcome.status == status, outcome
    assert fragment in outcome.evidence
