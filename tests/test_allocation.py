"""`--group-by` and the new filters on the demo organization: showback sums equal the ungrouped
total to the cent, the untagged row and coverage KPI are right, filters push down."""

from __future__ import annotations

from collections import defaultdict

import pytest

from finops_lib.dashboard import build_report
from finops_lib.errors import OptionError
from finops_lib.options import parse_filters, resolve
from finops_lib.sources.demo import DEMO_ACCOUNTS
from finops_lib.sources.demo_tags import cost_category_of, tags_of, usage_type_of
from tests.independent import assert_cents, total

AS_OF = "2026-11-26"
OUS = {a.id: a.ou for a in DEMO_ACCOUNTS}


def _report(group_by: str, mode: str = "architect", **more):
    opts = resolve(mode, {"as_of": AS_OF, "top_n": 0, "group_by": group_by,
                          "activity_analysis": False, **more})
    return build_report(opts)


def _owner(row: dict, group_by: str) -> str:
    """The owner of one ungrouped canonical row, worked out from the demo's own rules."""
    kind, _, key = group_by.partition(":")
    value = {
        "account": lambda: row["account_name"],
        "region": lambda: row["region"],
        "ou": lambda: OUS[row["account_id"]],
        "usage-type": lambda: usage_type_of(row["service"], row["region"]),
        "tag": lambda: tags_of(row["account_name"], row["service"]).get(key, ""),
        "cost-category": lambda: cost_category_of(key, row["account_name"]),
    }[kind]()
    unassigned = {"tag": "untagged", "cost-category": "uncategorized"}.get(kind, "?")
    return value or unassigned


def _expected(report, group_by: str) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    period = report.periods.current
    for row in report.frame.to_dict("records"):
        if period.start <= row["date"].date() < period.end:
            out[_owner(row, group_by)] += row["amount"]
    return dict(out)


@pytest.mark.parametrize("group_by", ["account", "ou", "region", "usage-type", "tag:team",
                                      "tag:env", "cost-category:Business Unit"])
def test_showback_rows_match_independent_sums_and_add_up_to_the_total(group_by: str) -> None:
    report = _report(group_by)
    table = report.table("showback")
    expected = _expected(report, group_by)
    assert {r["owner"] for r in table.rows} == set(expected)
    for row in table.rows:
        assert_cents(row["current"], expected[row["owner"]], row["owner"])
    ungrouped = total(report.frame, report.periods.current)
    assert_cents(table.total["current"], ungrouped)
    assert abs(sum(r["current"] for r in table.rows) - ungrouped) <= 0.005 * len(table.rows)


def test_untagged_row_and_coverage_kpi_on_the_executive_report() -> None:
    report = _report("tag:team", mode="executive")
    expected = _expected(report, "tag:team")
    ungrouped = sum(expected.values())
    untagged = expected["untagged"]
    assert 0 < untagged < ungrouped
    kpi = report.kpi("unallocated")
    assert_cents(kpi.value, untagged)
    share = untagged / ungrouped * 100
    assert f"{share:.1f} % of spend" in kpi.help
    assert report.kpi("allocation_coverage").value == round(100 - share, 2)


def test_untagged_row_survives_top_n() -> None:
    report = _report("tag:team", top_n=1)
    owners = [r["owner"] for r in report.table("showback").rows]
    assert "untagged" in owners and owners[-1].startswith("Others (")


def test_default_group_by_adds_no_showback_table() -> None:
    assert _report("service").table("showback") is None


@pytest.fixture(scope="module")
def everything():
    return _report("service")


@pytest.mark.parametrize("flt, keep", [
    ("tag:team=data", lambda r: tags_of(r["account_name"], r["service"]).get("team") == "data"),
    ("tag:team=", lambda r: "team" not in tags_of(r["account_name"], r["service"])),
    ("cost-category:Business Unit=Commerce,Platform",
     lambda r: cost_category_of("Business Unit", r["account_name"]) in ("Commerce", "Platform")),
    ("ou:Workloads", lambda r: OUS[r["account_id"]].startswith("Workloads/")),
])
def test_new_filters_push_down(everything, flt: str, keep) -> None:
    filtered = _report("service", filter=[flt])
    period = everything.periods.current
    expected = sum(r["amount"] for r in everything.frame.to_dict("records")
                   if keep(r) and period.start <= r["date"].date() < period.end)
    assert 0 < expected < total(everything.frame, period)
    assert_cents(filtered.kpi("total").value, expected, flt)


def test_filters_parse_into_keyed_fields() -> None:
    assert parse_filters(("tag:team=web,api", "cost-category:Unit=", "ou:Prod,Dev")) == [
        ("tag:team", "in", ["web", "api"]), ("cost-category:Unit", "in", [""]),
        ("ou", "in", ["Prod", "Dev"])]


@pytest.mark.parametrize("given, message", [
    ({"group_by": "owner"}, "--group-by: cannot read owner\\."),
    ({"group_by": "tag:"}, "--group-by: cannot read tag:\\."),
    ({"filter": ["tag:team"]}, "--filter: cannot read tag:team\\."),
])
def test_bad_allocation_options_are_one_clear_line(given: dict, message: str) -> None:
    with pytest.raises(OptionError, match=message):
        resolve("executive", {"as_of": AS_OF, **given})


def test_unknown_ou_names_the_known_ones() -> None:
    with pytest.raises(OptionError, match=r"no OU named 'Nowhere'.*Sandbox"):
        _report("service", filter=["ou:Nowhere"])
