"""Budgets: status, pro-rating and crossing day to the cent on a hand-made series; the budgets
file (YAML, CSV, errors); the executive report against independent sums on the demo."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from finops_lib.budget_files import load_budgets, parse_budgets
from finops_lib.budgets import Budget, evaluate, period_bounds
from finops_lib.charts import chart_spec
from finops_lib.dashboard import build_report
from finops_lib.errors import OptionError
from finops_lib.options import resolve
from finops_lib.sources.demo_tags import tags_of
from tests.independent import assert_cents

LAST_DAY = date(2026, 11, 10)
DAILY = 123.45  # every day the same: the forecast is exactly DAILY per remaining day
DOCS = Path(__file__).parents[1] / "docs" / "examples"


def _flat(start: date = date(2026, 8, 1), end: date = LAST_DAY) -> pd.DataFrame:
    days = pd.date_range(start, end)
    return pd.DataFrame({"date": days, "account_id": "111111111111", "service": "AWS Lambda",
                         "amount": DAILY, "currency": "USD"})


@pytest.mark.parametrize("amount, status, crossing", [
    (3800.00, "ON TRACK", None),
    # forecast 30 × 123.45 = 3703.50 > 3700: crosses after (3700 − 1234.50) / 123.45 = 19.97 days
    (3700.00, "AT RISK", date(2026, 11, 30)),
    # actual 1234.50 > 1200: the cumulative passed 1200 on day 10 (1111.05 on day 9)
    (1200.00, "OVER", date(2026, 11, 10)),
])
def test_monthly_status_to_the_cent(amount: float, status: str, crossing: date | None) -> None:
    result = evaluate(Budget("b", period="monthly", amount=amount), _flat(), LAST_DAY)
    assert result.status == status
    assert result.crossing == crossing
    assert_cents(result.actual, 10 * DAILY)
    assert_cents(result.budget_to_date, amount * 10 / 30)
    assert_cents(result.forecast, 30 * DAILY)
    assert result.lower_80 <= result.forecast <= result.upper_80


def test_quarterly_budget_pro_rates_a_partial_quarter_and_uses_planned_amounts() -> None:
    budget = Budget("q", period="quarterly", amount=9000.0, planned={"2026-10-01": 12000.0})
    result = evaluate(budget, _flat(), LAST_DAY)
    assert (result.start, result.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert result.amount == 12000.0
    assert_cents(result.actual, 41 * DAILY)  # Oct 1 … Nov 10
    assert_cents(result.budget_to_date, 12000.0 * 41 / 92)
    assert_cents(result.forecast, 92 * DAILY)  # November forecast, December at its daily rate
    assert result.status == "ON TRACK"


def test_period_bounds() -> None:
    assert period_bounds("monthly", date(2024, 2, 10)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_bounds("quarterly", date(2026, 12, 31)) == (date(2026, 10, 1),
                                                               date(2026, 12, 31))
    assert period_bounds("annually", date(2026, 3, 3)) == (date(2026, 1, 1), date(2026, 12, 31))


def test_example_files_parse() -> None:
    yaml_budgets = load_budgets(DOCS / "budgets.yaml")
    csv_budgets = load_budgets(DOCS / "budgets.csv")
    assert [b.name for b in yaml_budgets][:2] == ["Organization", "Checkout team"]
    quarter = next(b for b in yaml_budgets if b.period == "quarterly")
    assert quarter.planned == {"2026-10-01": 390000.0}
    assert next(b for b in yaml_budgets if b.currency == "EUR").filters == ("region:eu-west-1",)
    prod = next(b for b in csv_budgets if b.name == "Prod EC2")
    assert prod.filters == ("service:EC2", "ou:Workloads/Prod")


@pytest.mark.parametrize("text, name, message", [
    ("- {name: a, amount: -5}", "b.yaml", "amount must be above 0"),
    ("- {name: a, amount: 5, period: weekly}", "b.yaml", "period 'weekly' is not one of"),
    ("- {name: a, amount: 5, scope: 'tag:team'}", "b.yaml", "scope 'tag:team' is not readable"),
    ("- {name: a, amount: 5, currency: dollars}", "b.yaml", "currency 'dollars' is not an ISO"),
    ("budgets: [", "b.yaml", "not valid YAML"),
    ("name,scope,period,amount\na,organization,monthly,lots\n", "b.csv", "amount 'lots' is not"),
    ("- {name: a, amount: 5}\n- {name: a, amount: 6}", "b.yaml", "two budgets are called 'a'"),
])
def test_bad_budget_files_are_one_line(text: str, name: str, message: str) -> None:
    with pytest.raises(OptionError, match=message) as caught:
        parse_budgets(text, name)
    assert "\n" not in caught.value.one_line() and name in caught.value.one_line()


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(OptionError, match="cannot read the file"):
        load_budgets(tmp_path / "nope.yaml")


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


def test_flat_frame_helper_is_sane() -> None:
    frame = _flat()
    assert frame["date"].max().date() == LAST_DAY and frame["date"].min().date() == date(2026, 8, 1)
    assert len(frame) == (LAST_DAY - date(2026, 8, 1) + timedelta(days=1)).days


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


def test_the_budgets_file_sets_the_coverage_target_unless_the_option_does() -> None:
    from finops_lib.budget_files import coverage_target

    assert coverage_target(DOCS / "budgets.yaml") == 70.0
    assert coverage_target(DOCS / "budgets.csv") is None
    base = {"as_of": "2026-11-26", "budgets": str(DOCS / "budgets.yaml"),
            "activity_analysis": False}
    from_file = build_report(resolve("executive", base)).kpi("commitment_coverage")
    from_option = build_report(resolve("executive", {**base, "commitment_target": 55}))
    assert from_file.label == "Commitment coverage (target 70 %)"
    assert from_option.kpi("commitment_coverage").label == "Commitment coverage (target 55 %)"


def test_a_budget_whose_scope_has_no_cost_is_on_track_at_zero() -> None:
    empty = _flat().iloc[0:0]
    result = evaluate(Budget("ghost", ("tag:team=ghost",), amount=100.0), empty, LAST_DAY)
    assert (result.actual, result.forecast, result.status, result.crossing) == (
        0.0, 0.0, "ON TRACK", None)


def test_a_complete_period_forecasts_its_actual() -> None:
    result = evaluate(Budget("sept", amount=3000.0), _flat(end=date(2026, 9, 30)),
                      date(2026, 9, 30))
    assert result.forecast == result.actual == result.upper_80 == round(30 * DAILY, 2)
    assert result.status == "OVER" and result.budget_to_date == 3000.0
