"""Which tables and trees a persona's printed pack shows, and in which part.

A pack opens with what its reader acts on; the executive pack is the summary a CFO forwards
(categories, top movers, accounts) and keeps the engineering detail for an appendix. Every other
persona prints its tables in report order, as the terminal does.
"""

from __future__ import annotations

from dataclasses import dataclass

from .drawn import table_drawn, tree_drawn
from .report import Report, Table, Tree

__all__ = ["PACK_PARTS", "PackPart", "PackSections", "pack_sections"]


@dataclass(frozen=True)
class PackPart:
    """The table keys a persona's pack prints up front, in this order, when the display options
    draw them; everything else goes to an appendix when `appendix` is set."""

    summary: tuple[str, ...]
    appendix: bool


PACK_PARTS = {
    "executive": PackPart(summary=("summary", "movers", "accounts"), appendix=True),
}


@dataclass(frozen=True)
class PackSections:
    """The tables and trees of the main part, and of the appendix (maybe empty)."""

    main: tuple[Table | Tree, ...]
    appendix: tuple[Table | Tree, ...]


def _in_report_order(report: Report, skip: frozenset[str]) -> list[Table | Tree]:
    # The same display rule as the terminal and the app (finops_lib/drawn.py).
    out: list[Table | Tree] = []
    summary = report.table("summary")
    if summary and "summary" not in skip and table_drawn(report, "summary"):
        out.append(summary)
    categories = report.tree("categories")
    if categories and tree_drawn(report, "categories"):
        out.append(categories)
    out += [t for t in report.tables if t.key != "summary" and t.key not in skip
            and table_drawn(report, t.key)]
    out += [t for t in report.trees if t.key != "categories" and tree_drawn(report, t.key)]
    return out


def pack_sections(report: Report) -> PackSections:
    """The pack's sections: the persona's summary tables first, the rest after them or in an
    appendix."""
    part = PACK_PARTS.get(report.mode)
    if part is None:
        return PackSections(tuple(_in_report_order(report, frozenset())), ())
    first = [t for key in part.summary
             if (t := report.table(key)) is not None and t.rows and table_drawn(report, key)]
    rest = _in_report_order(report, frozenset(part.summary))
    return PackSections(tuple(first), tuple(rest)) if part.appendix else \
        PackSections(tuple(first + rest), ())
