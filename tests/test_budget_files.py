"""The budgets file: YAML and CSV examples, one-line errors, the coverage target it sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from finops_lib.budget_files import load_budgets, parse_budgets
from finops_lib.dashboard import build_report
from finops_lib.errors import OptionError
from finops_lib.options import resolve

DOCS = Path(__file__).parents[1] / "docs" / "examples"


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
