"""One list from every provider: de-duplicated per resource, largest savings first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .model import ACTIVITY, COMPUTE_OPTIMIZER, HUB, Recommendation

__all__ = ["merge", "total_savings"]

_PRIORITY = {HUB: 0, COMPUTE_OPTIMIZER: 1, ACTIVITY: 2}


def _key(rec: Recommendation) -> tuple[str, str]:
    return rec.account, rec.resource_id.lower()


def merge(*feeds: Iterable[Recommendation]) -> list[Recommendation]:
    """Per resource keep the action that saves most (the hub, then Compute Optimizer, wins a
    tie); its sources and evidence name every provider that flagged the resource. Savings of
    alternative actions on one resource are never added up."""
    groups: dict[tuple[str, str], list[Recommendation]] = {}
    for feed in feeds:
        for rec in feed:
            groups.setdefault(_key(rec), []).append(rec)
    merged = []
    for recs in groups.values():
        ranked = sorted(recs, key=lambda r: (-r.monthly_savings, _PRIORITY.get(r.source, 9)))
        best = ranked[0]
        sources = sorted({r.source for r in recs}, key=lambda s: _PRIORITY.get(s, 9))
        evidence = " | ".join(dict.fromkeys(f"{r.source}: {r.evidence}" if len(recs) > 1
                                            else r.evidence for r in ranked if r.evidence))
        merged.append(replace(best, source=" + ".join(sources), evidence=evidence))
    return sorted(merged, key=lambda r: (-r.monthly_savings, r.account, r.resource_id))


def total_savings(recs: Iterable[Recommendation]) -> float:
    """Monthly savings of a merged list, rounded to cents."""
    return round(sum(r.monthly_savings for r in recs), 2) + 0.0
