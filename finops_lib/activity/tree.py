"""Assessments -> the per-resource table, the Activity Health Tree, persona summary lines and the
JSON-ready data, all as report-model values every renderer already knows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..formatting import format_money
from ..report import Column, Table, Tree, TreeNode, money
from .model import RESOURCE_TYPES, Assessment
from .pricing import PRICE_NOTE
from .scoring import TIER_ACTIONS, TIERS

__all__ = [
    "TABLE_COLUMNS",
    "build_data",
    "build_summary",
    "build_table",
    "build_tree",
    "by_service",
    "ranked",
    "retire_order",
]

# What a reader acts on first: the tier, its score and the money at stake, then the details.
TABLE_COLUMNS: tuple[Column, ...] = (
    Column("resource_id", "Resource"),
    Column("tier", "Tier", "status"),
    Column("score", "Score", "number"),
    Column("monthly_cost", "Monthly cost (est.)", "money"),
    Column("name", "Name"),
    Column("account", "Account"),
    Column("region", "Region"),
    Column("type", "Type"),
    Column("service", "Service"),
    Column("state", "State"),
    Column("codes", "Fired signals", "codes"),
    Column("confidence", "Confidence"),
    Column("evidence", "Evidence"),
    Column("unknown", "Unknown signals"),
)
_FLAGGED = ("MUST", "SHOULD")


def _cost(a: Assessment) -> float:
    return a.resource.monthly_cost or 0.0


def _usd(value: float) -> str:
    return format_money(value)


def ranked(assessments: Iterable[Assessment]) -> list[Assessment]:
    """Money at stake first (unknown cost last), then score, then id."""
    return sorted(assessments, key=lambda a: (a.resource.monthly_cost is None, -_cost(a),
                                              -(a.score or 0.0), a.resource.id))


def retire_order(assessments: Iterable[Assessment]) -> list[Assessment]:
    """The retire list: most urgent tier first (MUST … KEEP), then highest score, then money."""
    rank = {tier: n for n, tier in enumerate(TIERS)}
    return sorted(assessments, key=lambda a: (rank.get(a.tier, len(TIERS)), -(a.score or 0.0),
                                              -_cost(a), a.resource.id))


def _row(a: Assessment) -> dict[str, Any]:
    r = a.resource
    return {
        "resource_id": r.id, "name": r.name, "account": r.account, "region": r.region,
        "type": r.kind.label, "service": r.kind.service, "state": r.state,
        "codes": " ".join(a.fired_codes),
        "score": None if a.score is None else round(a.score, 1), "tier": a.tier,
        "confidence": f"{a.confidence} ({a.confidence_pct:.0f} %)",
        "monthly_cost": None if r.monthly_cost is None else money(r.monthly_cost),
        "evidence": "; ".join(f"{c}: {a.outcomes[c].evidence}" for c in a.fired_codes),
        "unknown": "; ".join(f"{c}: {why}" for c, why in a.unknown.items()),
    }


def build_table(assessments: Sequence[Assessment]) -> Table:
    """One row per resource in retire order: tier, then score, then money at stake."""
    rows = tuple(_row(a) for a in retire_order(assessments))
    total = {"resource_id": "Total", "monthly_cost": money(sum(map(_cost, assessments)))}
    return Table("activity_resources", "Resource activity", TABLE_COLUMNS, rows, total,
                 note=f"Monthly cost is an {PRICE_NOTE}. Unknown signals are listed, never "
                      "counted as fired.")


def _leaf(a: Assessment) -> TreeNode:
    r = a.resource
    label = f"{r.id} ({r.name})" if r.name and r.name != r.id else r.id
    if a.score is None:
        detail = "unknown: " + "; ".join(f"{c} {why}" for c, why in a.unknown.items())
    else:
        codes = " ".join(a.fired_codes) or "no signal fired"
        detail = f"score {a.score:.0f} · {a.confidence} confidence · {codes}"
    if r.monthly_cost is None:
        detail += " · cost unknown"
    return TreeNode(label, money(_cost(a)), count=1, detail=f"{r.account} {r.region} · {detail}")


def _node(label: str, members: Sequence[Assessment], children: tuple[TreeNode, ...],
          detail: str = "") -> TreeNode:
    return TreeNode(label, money(sum(map(_cost, members))), count=len(members), detail=detail,
                    children=children)


def build_tree(assessments: Sequence[Assessment], unreached: Mapping[str, str]) -> Tree:
    """Category -> resource type -> tier -> resources; unknowns and unreached places visible."""
    by_cat: dict[str, dict[str, list[Assessment]]] = defaultdict(lambda: defaultdict(list))
    for a in assessments:
        by_cat[a.resource.kind.category][a.resource.type].append(a)
    categories = []
    for cat, types in by_cat.items():
        type_nodes = []
        for rtype, members in types.items():
            tiers = tuple(_node(tier, m, tuple(_leaf(a) for a in ranked(m)), TIER_ACTIONS[tier])
                          for tier in TIERS if (m := [a for a in members if a.tier == tier]))
            type_nodes.append(_node(RESOURCE_TYPES[rtype].label, members, tiers,
                                    RESOURCE_TYPES[rtype].service))
        everyone = [a for members in types.values() for a in members]
        categories.append(_node(cat, everyone, tuple(sorted(type_nodes, key=lambda n: -n.value))))
    children = sorted(categories, key=lambda n: -n.value)
    if unreached:
        children.append(TreeNode("Not analysed", 0.0,
                                 detail=f"{len(unreached)} accounts or regions could not be "
                                        "read; their resources are unknown",
                                 children=tuple(TreeNode(where, 0.0, detail=why)
                                                for where, why in sorted(unreached.items()))))
    root = _node("Activity Health", list(assessments), tuple(children), PRICE_NOTE)
    return Tree("activity", "Activity Health Tree", root)


def by_service(assessments: Sequence[Assessment]) -> dict[str, dict[str, Any]]:
    """Per Cost Explorer service: resources, cost, and the MUST/SHOULD ones (for the SRE view)."""
    out: dict[str, dict[str, Any]] = {}
    for a in ranked(assessments):
        entry = out.setdefault(a.resource.kind.service, {
            "resources": 0, "monthly_cost": 0.0, "flagged": 0, "flagged_monthly_cost": 0.0,
            "flagged_ids": []})
        entry["resources"] += 1
        entry["monthly_cost"] = money(entry["monthly_cost"] + _cost(a))
        if a.tier in _FLAGGED:
            entry["flagged"] += 1
            entry["flagged_monthly_cost"] = money(entry["flagged_monthly_cost"] + _cost(a))
            entry["flagged_ids"].append(a.resource.id)
    return out


_TIER_PHRASE = {
    "MUST": "could be retired", "SHOULD": "to review", "COULD": "could be optimised",
    "KEEP": "healthy", "UNKNOWN": "not scored (data missing)",
}


def _tier_counts(members: Sequence[Assessment]) -> str:
    parts = []
    for tier in TIERS:
        found = [a for a in members if a.tier == tier]
        if found:
            parts.append(f"{tier} {len(found)} ({_usd(sum(map(_cost, found)))})")
    return ", ".join(parts)


def build_summary(assessments: Sequence[Assessment]) -> dict[str, tuple[str, ...]]:
    """Summary lines per persona mode: executive by tier, architect by category, sre by
    Cost Explorer service."""
    flagged = [a for a in assessments if a.tier in _FLAGGED]
    executive = [f"{len(flagged)} resources, {_usd(sum(map(_cost, flagged)))}/month, could be "
                 f"retired or reviewed (MUST + SHOULD; estimate)"]
    for tier in TIERS:
        found = [a for a in assessments if a.tier == tier]
        if found:
            executive.append(f"{tier} ({TIER_ACTIONS[tier].lower()}): {len(found)} resources, "
                             f"{_usd(sum(map(_cost, found)))}/month {_TIER_PHRASE[tier]}")
    by_cat: dict[str, list[Assessment]] = defaultdict(list)
    for a in assessments:
        by_cat[a.resource.kind.category].append(a)
    architect = [f"{cat}: {len(m)} resources, {_usd(sum(map(_cost, m)))}/month — "
                 f"{_tier_counts(m)}"
                 for cat, m in sorted(by_cat.items(), key=lambda kv: -sum(map(_cost, kv[1])))]
    sre = []
    for service, entry in by_service(assessments).items():
        ids = ", ".join(entry["flagged_ids"][:3]) + ("…" if entry["flagged"] > 3 else "")
        sre.append(f"{service}: {entry['flagged']} of {entry['resources']} resources idle "
                   f"(MUST/SHOULD), {_usd(entry['flagged_monthly_cost'])}/month"
                   + (f": {ids}" if ids else ""))
    return {"executive": tuple(executive), "architect": tuple(architect), "sre": tuple(sre)}


def _resource_data(a: Assessment) -> dict[str, Any]:
    r = a.resource
    return {
        "id": r.id, "name": r.name, "account": r.account, "region": r.region, "type": r.type,
        "type_label": r.kind.label, "category": r.kind.category, "service": r.kind.service,
        "state": r.state, "score": None if a.score is None else round(a.score, 1),
        "tier": a.tier, "confidence": a.confidence, "confidence_pct": round(a.confidence_pct, 1),
        "monthly_cost": None if r.monthly_cost is None else money(r.monthly_cost),
        "codes": list(a.fired_codes),
        "evidence": {c: a.outcomes[c].evidence for c in a.fired_codes},
        "unknown": dict(a.unknown),
        "signals": {c: {"status": o.status, "evidence": o.evidence}
                    for c, o in a.outcomes.items()},
    }


def build_data(assessments: Sequence[Assessment], tree: Tree, summary: Mapping[str, Any],
               extra: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON-ready section: resources with codes, evidence and unknowns; the tree."""
    return {
        "cost_note": PRICE_NOTE,
        "resources": [_resource_data(a) for a in ranked(assessments)],
        "tree": tree.root.to_dict(),
        "summary": {k: list(v) for k, v in summary.items()},
        "by_service": by_service(assessments),
        **extra,
    }
