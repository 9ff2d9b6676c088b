"""Budgets in the reports: the executive report against independent sums on the demo, the
architect's compact table, showback status, the chart and the exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from finops_lib.charts import chart_spec
from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.sources.demo_tags import tags_of
from tests.independent import assert_cents

DOCS = Path(__file__).parents[1] / "docs" / "examples"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("budgets") / "budgets.yaml"
    path.write_text("""budgets:
  - {name: Org, scope: organization, amount: 620000}
  - {name: Data team, scope: "tag:team=data", amount: 50000}
  - {name: Euro, scope: organization, amount: 1000, currency: EUR}
""")
    opts = resolve("executive", {"as_of": "2026-11-26", "budgets": str(path),
                                 "activity_analysis": False})
    return build_report(opts)


def _month_to_date(report, keep=lambda r: True) -> float:
    return sum(r["amount"] for r in report.frame.to_dict("records")
               if date(2026, 11, 1) <= r["date"].date() <= date(2026, 11, 25) and keep(r))


def test_executive_report_shows_budgets_against_independent_sums(report) -> None:
    rows = {r["budget"]: r for r in report.table("budgets").rows}
    assert_cents(rows["Org"]["actual"], _month_to_date(report))
    data = _month_to_date(report, lambda r: tags_of(r["account_name"], r["service"]).get(
        "team") == "data")
    assert_cents(rows["Data team"]["actual"], data)
    assert_cents(rows["Org"]["budget_to_date"], 620000 * 25 / 30)
    assert rows["Data team"]["status"] == "OVER" and data > 50000
    assert rows["Euro"]["status"] == "NOT COMPARED" and rows["Euro"]["actual"] is None
    assert any("'Euro' is in EUR and the costs are in USD" in n for n in report.notices)
    kpi = report.kpi("budget_status")
    assert kpi.label == "Budget Org" and kpi.value.startswith(rows["Org"]["status"])


def test_budget_chart_is_cumulative_and_draws(report) -> None:
    chart = next(c for c in report.charts if c.kind == "budget_burn")
    actual = [r for r in chart.data if r["actual"] is not None]
    assert len(actual) == 25 and len(chart.data) == 30
    assert_cents(actual[-1]["actual"], _month_to_date(report))
    assert chart.data[-1]["budget"] == 620000.0
    org = next(r for r in report.table("budgets").rows if r["budget"] == "Org")
    assert chart.data[-1]["forecast"] == org["forecast"]
    spec = chart_spec(chart).to_dict()
    assert len(spec["layer"]) == 4


def test_architect_shows_a_compact_table_of_touched_budgets(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text("name,scope,period,amount,currency\nProd,account:workloads-prod,monthly,1,USD\n"
                    "Data,account:data-platform,monthly,1,USD\n")
    opts = resolve("architect", {"as_of": "2026-11-26", "budgets": str(path),
                                 "accounts": ("workloads-prod",)})
    table = build_report(opts).table("budgets")
    assert [r["budget"] for r in table.rows] == ["Prod"]
    assert [c.key for c in table.columns] == ["budget", "scope", "amount", "actual", "forecast",
                                              "status", "crossing"]


def test_showback_carries_the_owner_budget_status(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("- {name: Data, scope: 'tag:team=data', amount: 1}\n")
    opts = resolve("architect", {"as_of": "2026-11-26", "budgets": str(path),
                                 "group_by": "tag:team", "top_n": 0})
    rows = {r["owner"]: r for r in build_report(opts).table("showback").rows}
    assert rows["data"]["budget_status"] == "OVER" and rows["checkout"]["budget_status"] == ""


def test_exports_carry_budgets_showback_and_commitments(tmp_path: Path) -> None:
    import json

    import jsonschema

    from finops_lib.exporters import render

    path = tmp_path / "b.yaml"
    path.write_text("- {name: Org, scope: organization, amount: 620000}\n"
                    "- {name: Euro, scope: organization, amount: 10, currency: EUR}\n")
    report = build_report(resolve("executive", {"as_of": "2026-11-26", "budgets": str(path),
                                                "group_by": "tag:team",
                                                "activity_analysis": False}))
    schema = json.loads((DOCS.parent / "report.schema.json").read_text())
    (_, data), = render(report, "json")
    doc = json.loads(data)
    jsonschema.validate(doc, schema)
    assert {"budgets", "showback", "commitments"} <= set(doc["tables"])
    assert doc["charts"]["budget_burn"]["kind"] == "budget_burn"
    files = dict(render(report, "csv"))
    budgets_csv = next(v for k, v in files.items() if k.endswith("-budgets.csv"))
    text = budgets_csv.decode() if isinstance(budgets_csv, bytes) else budgets_csv
    assert "NOT COMPARED" in text and "EUR 10.00, not compared" in text
    (_, markdown), = render(report, "markdown")
    md = markdown.decode() if isinstance(markdown, bytes) else markdown
    assert "### Showback by Tag team" in md and "| untagged |" in md
    assert "### Commitment coverage by service" in md
