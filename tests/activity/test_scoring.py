"""Score, tier and confidence at the exact cut-offs of the catalog."""

from __future__ import annotations

import pytest

from finops_lib.activity.model import CLEAR, FIRED, UNKNOWN, Outcome
from finops_lib.activity.registry import signals_for
from finops_lib.activity.scoring import confidence_label, score, tier_for

S3 = signals_for("s3_bucket")  # S1 40, S2 20, S3 10, S4 10, S5 10, S6 5, S7 5
EC2 = signals_for("ec2_instance")  # E0 −15, E1 60, E2 10, E3 8, E4 8, E5 6, E6 5, E7 3


def outcomes(specs, fired=(), unknown=()):  # type: ignore[no-untyped-def]
    return {s.code: Outcome(FIRED if s.code in fired else UNKNOWN if s.code in unknown
                            else CLEAR) for s in specs}


@pytest.mark.parametrize(("fired", "expected", "tier"), [
    (("S1", "S2", "S3", "S4"), 80.0, "MUST"),          # 80 / 100
    (("S1", "S2", "S3", "S6"), 75.0, "SHOULD"),
    (("S1", "S3"), 50.0, "SHOULD"),                    # exactly 50
    (("S1", "S6"), 45.0, "COULD"),
    (("S3", "S4", "S6"), 25.0, "COULD"),               # exactly 25
    (("S3", "S4"), 20.0, "KEEP"),
    ((), 0.0, "KEEP"),
])
def test_s3_score_and_tier(fired: tuple[str, ...], expected: float, tier: str) -> None:
    value, confidence = score(S3, outcomes(S3, fired))
    assert value == expected
    assert tier_for(value) == tier
    assert confidence == 100.0


def test_tier_cutoffs_are_inclusive() -> None:
    assert [tier_for(v) for v in (80.0, 79.999, 50.0, 49.999, 25.0, 24.999, None)] == [
        "MUST", "SHOULD", "SHOULD", "COULD", "COULD", "KEEP", "UNKNOWN"]


def test_unknown_signals_leave_both_sums() -> None:
    # E1 unknown: evaluable 40, fired E2+E3+E4+E5 = 32 -> 80 % exactly, confidence 40 %.
    value, confidence = score(EC2, outcomes(EC2, ("E2", "E3", "E4", "E5"), ("E1",)))
    assert value == 80.0 and tier_for(value) == "MUST"
    assert confidence == 40.0 and confidence_label(confidence) == "Medium"


@pytest.mark.parametrize(("unknown", "pct", "label"), [
    (("S4", "S5", "S6", "S7"), 70.0, "High"),
    (("S2", "S4", "S6"), 65.0, "Medium"),
    (("S1",), 60.0, "Medium"),
    (("S1", "S2"), 40.0, "Medium"),
    (("S1", "S2", "S7"), 35.0, "Low"),
])
def test_confidence_cutoffs(unknown: tuple[str, ...], pct: float, label: str) -> None:
    _, confidence = score(S3, outcomes(S3, (), unknown))
    assert confidence == pct
    assert confidence_label(confidence) == label


def test_confidence_label_edges() -> None:
    assert [confidence_label(v) for v in (70.0, 69.99, 40.0, 39.99)] == [
        "High", "Medium", "Medium", "Low"]


def test_negative_signal_subtracts_with_floor() -> None:
    value, _ = score(EC2, outcomes(EC2, ("E0", "E1", "E2")))
    assert value == 55.0  # (60 + 10 − 15) / 100
    value, _ = score(EC2, outcomes(EC2, ("E0", "E2")))
    assert value == 0.0  # 10 − 15 floors at 0


def test_negative_signal_not_in_denominator_or_confidence() -> None:
    value, confidence = score(EC2, outcomes(EC2, ("E1",), ("E0",)))
    assert value == 60.0 and confidence == 100.0


def test_nothing_evaluable_has_no_score() -> None:
    value, confidence = score(S3, outcomes(S3, (), tuple(s.code for s in S3)))
    assert value is None and confidence == 0.0
    assert tier_for(value) == "UNKNOWN" and confidence_label(confidence) == "Low"
