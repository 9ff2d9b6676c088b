"""Assessments -> table, Activity Health Tree, persona summaries and data."""

from __future__ import annotations

from dataclasses import replace

from finops_lib.activity.model import Assessment
from finops_lib.activity.registry import resolved_params
from finops_lib.activity.scoring import assess
from finops_lib.activity.tree import build_data, build_summary, build_table, build_tree, ranked

from .conftest import daily, resource


def _assessed() -> list[Assessment]:
    idle_ip = replace(resource("elastic_ip", {"association": ""}), id="eip-idle",
                      monthly_cost=3.65)
    used_ip = replace(resource("elastic_ip", {"association": "i-1"}), id="eip-used",
                      monthly_cost=3.65)
    nat = replace(resource("nat_gateway", metrics={
        "BytesOutToDestination": daily([0] * 14), "BytesInFromDestination": daily([0] * 14),
        "ActiveConnectionCount": daily([0] * 14)}), id="nat-1", monthly_cost=32.85)
    params = resolved_params()
    return [assess(r, params) for r in (idle_ip, used_ip, nat)]


def test_ranked_puts_money_at_stake_first() -> None:
    assert [a.resource.id for a in ranked(_assessed())] == ["nat-1", "eip-idle", "eip-used"]


def test_tree_groups_by_category_type_and_tier_with_unreached_places() -> None:
    tree = build_tree(_assessed(), {"222222222222": "STS: access denied"})
    root = tree.root
    assert root.count == 3 and root.value == 40.15
    networking, unreached = root.children
    assert networking.label == "Networking" and networking.count == 3
    labels = {n.label: n for n in networking.children}
    assert labels["Elastic IPs"].count == 2
    assert [t.label for t in labels["Elastic IPs"].children] == ["MUST", "KEEP"]
    assert unreached.label == "Not analysed" and unreached.children[0].detail == (
        "STS: access denied")


def test_table_summary_and_data_agree() -> None:
    assessed = _assessed()
    table = build_table(assessed)
    assert [r["tier"] for r in table.rows] == ["MUST", "MUST", "KEEP"]
    summary = build_summary(assessed)
    assert summary["executive"][0].startswith("2 resources, $36.50/month")
    data = build_data(assessed, build_tree(assessed, {}), summary, {"as_of": None})
    assert [r["id"] for r in data["resources"]] == ["nat-1", "eip-idle", "eip-used"]
    assert data["by_service"]["EC2 - Other"]["flagged_ids"] == ["nat-1"]
