"""Architect consistency checks can fail: inconsistent figures are fed to each check, and NaN
data turns the headline into a failure instead of 'passed' over '$nan'."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from finops_lib.consistency import Figures, run_checks, worst
from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from tests.test_validation import DriftingSource, run

GOOD = Figures(total=1000.0, services=1000.0, accounts=1000.004, categories=999.998,
               days=1000.0, shown_rows=10, currencies=("USD",), nan_rows=0)


def _failed(fig: Figures) -> list[str]:
    return [c.name for c in run_checks(fig) if not c.passed]


def test_consistent_figures_pass_every_check() -> None:
    assert _failed(GOOD) == [] and len(run_checks(GOOD)) == 7
    assert worst(run_checks(GOOD), True) == "consistency checks passed."


@pytest.mark.parametrize(("change", "name"), [
    ({"services": 1000.5}, "services add up to the ungrouped total"),
    ({"accounts": 990.0}, "accounts add up to the ungrouped total"),
    ({"categories": 1001.0}, "categories add up to the ungrouped total"),
    ({"days": 970.0}, "daily series add up to the ungrouped total"),
    ({"currencies": ("EUR", "USD")}, "one currency"),
    ({"nan_rows": 2}, "every amount is a finite number"),
    ({"total": -5.0, "services": -5.0, "accounts": -5.0, "categories": -5.0, "days": -5.0},
     "the total is not negative"),
])
def test_each_check_fails_on_inconsistent_figures(change: dict[str, object], name: str) -> None:
    failed = _failed(replace(GOOD, **change))  # type: ignore[arg-type]
    assert failed == [name]
    assert worst(run_checks(replace(GOOD, **change)), True).startswith(  # type: ignore[arg-type]
        f"consistency checks FAILED: {name}")


def test_validation_failure_is_never_headlined_as_passed() -> None:
    assert "validation FAILED" in worst(run_checks(GOOD), False)


def test_nan_data_fails_the_headline_and_prints_no_nan_money() -> None:
    report = run("mcp", DriftingSource(nan=True))
    assert "consistency checks FAILED" in report.headline
    assert "every amount is a finite number" in report.headline
    texts = [c.detail for c in (*report.checks, *report.validation.checks)]
    assert not any("$nan" in t or "nan%" in t for t in texts), texts
    assert not report.validation.passed


def test_the_real_report_passes_on_consistent_data() -> None:
    report = build_report(resolve("architect", {"as_of": date(2026, 11, 26).isoformat(),
                                                "validation_level": "basic"}))
    assert all(c.passed for c in report.checks) and len(report.checks) >= 7
