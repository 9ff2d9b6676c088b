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
from finops_lib.periods import plan_periods
from finops_lib.sources.files import open_path
from tests.independent import assert_cents
from tests.sources.test_files_focus import SAMPLE

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


def _independent(path: Path, currency: str) -> float:
    """September BilledCost of AWS rows in `currency`, with csv and Decimal."""
    total = Decimal(0)
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["ProviderName"] == "AWS" and row["BillingCurrency"] == currency \
                    and row["ChargePeriodStart"].startswith("2024-09") \
                    and row["BilledCost"] not in ("", "NULL"):
                total += Decimal(row["BilledCost"])
    return float(total)


def _half_eur(row: dict[str, str]) -> str:
    return "EUR" if row["RegionId"] in ("us-west-2", "") else "USD"


def _report(path: Path, *filters: str, mode: str = "executive") -> Any:
    opts = resolve(mode, {"source": "files", "path": str(path), "as_of": FOCUS_AS_OF,
                          "timeframe": "last-month", "validation_level": "mcp",
                          "filter": list(filters)})
    return build_report(opts, open_path(str(path)))


def test_format_money_uses_the_currency_symbol_or_code() -> None:
    assert format_money(1234.5, "EUR") == "€1,234.50"
    assert format_money(-3, "USD") == "-$3.00"
    assert format_money(2, "CHF", signed=True) == "+2.00 CHF"


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
    assert "€" in report.headline and "$" not in report.headline
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
