"""CSV: one tidy file per table plus `kpis.csv`; every row also says which period, cost
metric and currency its figures are for (a file read on its own cannot mislead). Text cells that
a spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..report import Report, Table

__all__ = ["CONTEXT_COLUMNS", "context_values", "kpis_csv", "neutralise", "table_csv"]

# Appended to every file: the current period is half-open [period_start, period_end).
CONTEXT_COLUMNS = ("period_start", "period_end", "metric", "currency")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix text that starts like a formula with a quote (numbers are left alone)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    if value is None:
        return ""
    return neutralise(value)


def context_values(report: Report) -> list[str]:
    """The CONTEXT_COLUMNS values of a report."""
    current = report.periods.current
    return [current.start.isoformat(), current.end.isoformat(),
            str(report.options.cost_metric), report.currency]


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def table_csv(table: Table, context: list[str] | None = None) -> bytes:
    """One table as CSV bytes (header = column keys, then the context columns if given)."""
    extra = list(context or [])
    header = [c.key for c in table.columns] + list(CONTEXT_COLUMNS[:len(extra)])
    return _csv(header, [[_cell(row.get(c.key)) for c in table.columns] + extra
                         for row in table.rows])


def kpis_csv(report: Report) -> bytes:
    """The headline figures, one row each, with their unit (a currency code for money)."""
    header = ["key", "label", "value", "unit", "delta", "delta_pct", "help", *CONTEXT_COLUMNS]
    return _csv(header, [[_cell(v) for v in (k.key, k.label, k.value, k.unit, k.delta,
                                             k.delta_pct, k.help)] + context_values(report)
                         for k in report.kpis])


def render(report: Report) -> list[tuple[str, bytes]]:
    """The KPIs and every table of the report, one file each."""
    context = context_values(report)
    return [("-kpis.csv", kpis_csv(report)),
            *((f"-{table.key}.csv", table_csv(table, context)) for table in report.tables)]
