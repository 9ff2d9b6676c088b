"""CSV: one tidy file per table; text cells that a spreadsheet would run as a formula are
neutralised."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..report import Report, Table
from . import register

__all__ = ["neutralise", "table_csv"]

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


def table_csv(table: Table) -> bytes:
    """One table as CSV bytes (header = column keys)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.key for c in table.columns])
    for row in table.rows:
        writer.writerow([_cell(row.get(c.key)) for c in table.columns])
    return buffer.getvalue().encode("utf-8")


@register("csv")
def render(report: Report) -> list[tuple[str, bytes]]:
    """Every table of the report, one file each."""
    return [(f"-{table.key}.csv", table_csv(table)) for table in report.tables]
