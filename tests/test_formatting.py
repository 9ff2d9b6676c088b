"""Display text shared by every surface: money, KPI text and status icons, formatted once."""

from __future__ import annotations

import pytest

from finops_lib.formatting import (
    STATUS_ICONS,
    fmt,
    fmt_money,
    fmt_money_compact,
    format_money,
    kpi_text,
    money_in,
    status_text,
)
from finops_lib.report import Column, Kpi, Table
from finops_lib.terminal import _cell
from finops_lib.ui.render import table_frame


def test_format_money_uses_the_currency_symbol_or_code() -> None:
    assert format_money(1234.5, "EUR") == "€1,234.50"
    assert format_money(-3, "USD") == "-$3.00"
    assert format_money(2, "CHF", signed=True) == "+2.00 CHF"


def test_money_follows_the_report_being_rendered() -> None:
    assert fmt_money(5) == "$5.00"
    with money_in("GBP"):
        assert fmt_money(5) == "£5.00" and fmt(5, "money") == "£5.00"
    assert fmt_money(5) == "$5.00"


@pytest.mark.parametrize(("value", "text"), [
    (99_999.99, "$99,999.99"), (453_872.02, "$453.9k"), (999_960.0, "$1.00M"),
    (1_070_000.0, "$1.07M"), (-2_500_000.0, "-$2.50M"), (None, "—"),
])
def test_compact_money_fits_a_card(value: float | None, text: str) -> None:
    assert fmt_money_compact(value) == text


@pytest.mark.parametrize(("kpi", "text"), [
    (Kpi("total", "Total", 453872.02, "USD", 12616.53, 2.86), "$453,872.02 (+$12,616.53, +2.9%)"),
    (Kpi("drop", "Mover", -8119.81, "USD", -8119.81), "-$8,119.81 (-$8,119.81)"),
    (Kpi("eur", "Total", 1234.5, "EUR"), "€1,234.50"),
    (Kpi("coverage", "Coverage", 31.7, "%"), "31.7%"),
    (Kpi("driver", "Top driver", "EC2: $1.00", "text"), "EC2: $1.00"),
    (Kpi("none", "Forecast", None, "USD"), "—"),
])
def test_kpi_text_is_value_then_change(kpi: Kpi, text: str) -> None:
    assert kpi_text(kpi) == text


@pytest.mark.parametrize(("status", "text"), [
    ("SPIKE", "🔴 SPIKE"), ("DROP", "🟢 DROP"), ("MUST", "🔴 MUST"), ("UNKNOWN", "❔ UNKNOWN"),
    ("HIGH", "HIGH"), ("", ""), (None, ""),
])
def test_status_text_puts_the_icon_before_the_word(status: str | None, text: str) -> None:
    assert status_text(status) == text


def test_terminal_and_app_show_the_same_status_text() -> None:
    statuses = [*STATUS_ICONS, "HIGH"]
    table = Table("t", "Statuses", (Column("status", "Status", "status"),),
                  tuple({"status": s} for s in statuses))
    app = list(table_frame(table)["status"])
    terminal = [_cell(s, "status").plain for s in statuses]
    assert app == terminal == [status_text(s) for s in statuses]


def test_no_module_writes_dollar_amounts_by_hand() -> None:
    """Money text goes through `format_money`, so a negative amount reads -$8.00 everywhere."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "finops_lib"
    hand_made = re.compile(r"\$\{[^}]*:,\.2f\}")
    found = [f"{p.relative_to(root)}:{n}" for p in root.rglob("*.py") if p.name != "formatting.py"
             for n, line in enumerate(p.read_text().splitlines(), 1) if hand_made.search(line)]
    assert found == []
