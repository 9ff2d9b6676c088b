"""Score, confidence and tier, exactly as the activity-signals catalog defines them.

- score = 100 × (fired weight) ÷ (evaluable weight); unknown signals count in neither sum;
  a fired negative signal (E0) subtracts its weight from the fired sum (floor 0) and, having no
  positive weight, never counts in the evaluable sum or the type's total weight.
- confidence = evaluable weight ÷ the type's total (positive) weight: High ≥ 70 %,
  Medium ≥ 40 %, else Low.
- tier: MUST ≥ 80, SHOULD ≥ 50, COULD ≥ 25, else KEEP; no evaluable signal -> UNKNOWN.
"""

from __future__ import annotations

from collections.abc import Mapping

from .model import CLEAR, FIRED, UNKNOWN, Assessment, Ctx, Missing, Outcome, Resource, SignalSpec
from .registry import signals_for

__all__ = [
    "CONFIDENCE_CUTOFFS_PCT",
    "STOPPED_STATES",
    "TIERS",
    "TIER_ACTIONS",
    "assess",
    "confidence_label",
    "evaluate",
    "score",
    "tier_for",
]

TIERS: tuple[str, ...] = ("MUST", "SHOULD", "COULD", "KEEP", "UNKNOWN")
TIER_CUTOFFS: tuple[tuple[str, float], ...] = (("MUST", 80.0), ("SHOULD", 50.0), ("COULD", 25.0))
TIER_ACTIONS: dict[str, str] = {
    "MUST": "Retire now", "SHOULD": "Schedule review", "COULD": "Optimise", "KEEP": "Healthy",
    "UNKNOWN": "Not enough data",
}
CONFIDENCE_CUTOFFS_PCT: tuple[tuple[str, float], ...] = (("High", 70.0), ("Medium", 40.0))
STOPPED_STATES = frozenset({"stopped", "stopping"})


def tier_for(value: float | None) -> str:
    """The tier for a score (None -> UNKNOWN)."""
    if value is None:
        return "UNKNOWN"
    return next((name for name, cut in TIER_CUTOFFS if value >= cut), "KEEP")


def confidence_label(pct: float) -> str:
    """High ≥ 70 %, Medium ≥ 40 %, else Low."""
    return next((name for name, cut in CONFIDENCE_CUTOFFS_PCT if pct >= cut), "Low")


def score(specs: tuple[SignalSpec, ...], outcomes: Mapping[str, Outcome]
          ) -> tuple[float | None, float]:
    """(score or None, confidence %) for outcomes of `specs`."""
    total = sum(s.weight for s in specs if s.weight > 0)
    evaluable = sum(s.weight for s in specs
                    if s.weight > 0 and outcomes[s.code].status != UNKNOWN)
    fired = sum(s.weight for s in specs if outcomes[s.code].status == FIRED)
    confidence = 100.0 * evaluable / total if total else 0.0
    if evaluable == 0:
        return None, confidence
    return 100.0 * max(fired, 0) / evaluable, confidence


def evaluate(spec: SignalSpec, resource: Resource, params: Mapping[str, float]) -> Outcome:
    """Run one signal; a Missing fact becomes unknown with its reason."""
    if spec.needs_running and resource.state in STOPPED_STATES:
        return Outcome(UNKNOWN, f"{resource.state}: not scored on utilisation")
    try:
        outcome = spec.evaluate(Ctx(resource, params))
    except Missing as missing:
        return Outcome(UNKNOWN, missing.reason)
    if outcome.status not in (FIRED, CLEAR, UNKNOWN):
        raise ValueError(f"signal {spec.code} returned {outcome.status!r}")
    return outcome


def assess(resource: Resource, params: Mapping[str, Mapping[str, float]]) -> Assessment:
    """Evaluate every signal of the resource's type and score the result."""
    specs = signals_for(resource.type)
    outcomes = {s.code: evaluate(s, resource, params.get(s.code, s.defaults())) for s in specs}
    value, confidence = score(specs, outcomes)
    return Assessment(resource, outcomes, value, tier_for(value), confidence,
                      confidence_label(confidence))
