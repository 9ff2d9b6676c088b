"""Currency is part of every amount: sources return it, reports and exports carry it, and
amounts in different currencies are never summed (FOCUS files and Cost Explorer)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from finops_lib.dashboard import build_report
from finops_lib.errors import OptionError
from finops_lib.exporters import render
from finops_lib.formatting import format_money
from finops_lib.options import resolve
from finops_lib.periods import Period, plan_periods
from finops_lib.sources.files import open_path
from tests.independent import assert_cents, by_currency, focus_file_sums, sums
from tests.sources.test_files import SAMPLE

FOCUS_AS_OF = "2024-10-01"


def _focus_with(tmp_path: Path, currency_of: Callable[[dict[str, str]], str]) -> Path:
    """The FOCUS sample with BillingCurrency rewritten row by row."""
    with SAMPLE.open(newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [dict(r, BillingCurrency=currency_of(r)) for r in reader]
        fields = reader.fieldnames or []
    path = tmp_path / "focus.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


SEPTEMBER = Period(date(2024, 9, 1), date(2024, 10, 1), "September 2024")


def _independent(path: Path, currency: str) -> float:
    """September BilledCost of AWS rows in `currency` (tests/independent.py, csv + Decimal)."""
    return float(focus_file_sums(path, SEPTEMBER).get(currency, Decimal(0)))


def _half_eur(row: dict[str, str]) -> str:
    return "EUR" if row["RegionId"] in ("us-west-2", "") else "USD"


def _report(path: Path, *filters: str, mode: str = "executive") -> Any:
    opts = resolve(mode, {"source": "files", "path": str(path), "as_of": FOCUS_AS_OF,
                          "timeframe": "last-month", "validation_level": "mcp",
                          "filter": list(filters)})
    return build_report(opts, open_path(str(path)))


def test_mixed_currencies_are_refused_with_the_filter_to_pick_one(tmp_path: Path) -> None:
    path = _focus_with(tmp_path, _half_eur)
    with pytest.raises(OptionError) as caught:
        _report(path)
    text = caught.value.one_line()
    assert "mixes currencies EUR, USD" in text
    assert "--filter currency:EUR or --filter currency:USD" in text


@pytest.mark.parametrize("currency", ["EUR", "USD"])
def test_one_currency_of_a_mixed_file_is_exact_and_labelled(tmp_path: Path,
                                                             currency: str) -> None:
    path = _focus_with(tmp_path, _half_eur)
    report = _report(path, f"currency:{currency}")
    assert report.currency == currency and report.kpi("total").unit == currency
    assert_cents(report.kpi("total").value, _independent(path, currency), currency)
    agreement = next(c for c in report.validation.checks if c.name.startswith("independent"))
    assert agreement.passed and report.validation.agreement_pct == 100.0  # filtered alike
    doc = json.loads(render(report, "json")[0][1])
    assert doc["currency"] == currency
    assert {k["unit"] for k in doc["kpis"] if k["key"].startswith("total")} == {currency}


def test_a_eur_bill_is_shown_in_euros_on_every_surface(tmp_path: Path) -> None:
    path = _focus_with(tmp_path, lambda _row: "EUR")
    report = _report(path)
    total = report.kpi("total").value
    assert report.currency == "EUR" and report.headline.startswith(format_money(total, "EUR"))
    markdown = render(report, "markdown")[0][1].decode()
    assert f"€{total:,.2f}" in markdown and f"${total:,.2f}" not in markdown
    files = dict(render(report, "csv"))
    services = next(v for k, v in files.items() if k.endswith("-services.csv")).decode()
    assert {r["currency"] for r in csv.DictReader(io.StringIO(services))} == {"EUR"}
    assert "EUR" in json.loads(render(report, "json")[0][1])["currency"]


# ------------------------------------------------------------------------ Cost Explorer Unit

def _ce_days(opts: Any) -> list[date]:
    fetch = plan_periods(opts.timeframe, opts.as_of, opts.month).fetch
    return [fetch.start + timedelta(days=i) for i in range((fetch.end - fetch.start).days)]


def test_cost_explorer_unit_is_the_report_currency(make_ce_source: Any, inject_ce: Any,
                                                  ce_response: Any) -> None:
    source = make_ce_source("architect", validation_level="basic")
    days = _ce_days(source_opts := resolve("architect", {"as_of": "2026-11-20"}))
    inject_ce([ce_response({d: [("111111111111", "Amazon Simple Storage Service", "10.5")]
                            for d in days}, unit="EUR")])
    report = build_report(source_opts.replace(source="ce", validation_level="basic"), source)
    assert report.currency == "EUR" and report.kpi("total").unit == "EUR"
    total = report.kpi("total").value
    assert f"€{total:,.2f}" in report.headline and f"${total:,.2f}" not in report.headline
    assert json.loads(render(report, "json")[0][1])["currency"] == "EUR"


def test_cost_explorer_mixed_units_are_never_summed(make_ce_source: Any, inject_ce: Any,
                                                   ce_response: Any) -> None:
    source = make_ce_source("architect", validation_level="basic")
    opts = resolve("architect", {"as_of": "2026-11-20"})
    days = _ce_days(opts)
    half = len(days) // 2
    inject_ce([ce_response(
        {d: [("111111111111", "Amazon Simple Storage Service", "10.5")] for d in days[:half]},
        unit="EUR", next_token="p2"),
        ce_response({d: [("111111111111", "Amazon Simple Storage Service", "7")]
                     for d in days[half:]}, unit="USD")])
    with pytest.raises(OptionError, match="mixes currencies EUR, USD"):
        build_report(opts.replace(source="ce", validation_level="basic"), source)


def test_files_report_matches_the_independent_sums_per_currency_and_service(
        tmp_path: Path) -> None:
    """The files source, checked per currency and per service against csv + Decimal."""
    path = _focus_with(tmp_path, _half_eur)
    for currency in ("EUR", "USD"):
        report = _report(path, f"currency:{currency}", mode="architect")
        expected = focus_file_sums(path, SEPTEMBER)[currency]
        assert by_currency(report.frame, SEPTEMBER) == pytest.approx({currency: float(expected)})
        services = report.table("services")
        shown = sum(r["current"] for r in services.rows)
        assert_cents(services.total["current"], float(expected), f"{currency} total")
        assert abs(shown - float(expected)) <= 0.005 * len(services.rows) + 1e-9
        per_service = sums(report.frame, SEPTEMBER, "service")
        for row in services.rows:
            if not str(row["service"]).startswith("Others ("):
                assert_cents(row["current"], per_service[row["service"]], row["service"])
