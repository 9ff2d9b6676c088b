"""Display-only helpers for the persona notebooks: every figure comes from `build_report`.

The notebooks in notebooks/ call only these functions (and `display`/`print`), so a notebook
shows exactly what `python -m finops_lib dashboard` prints and exports for the same options.
Nothing here computes costs: it resolves options, builds the report and reshapes it for display.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .charts import report_charts
from .dashboard import build_report, export_report
from .exporters import EXPORTERS, check_exports
from .formatting import fmt, fmt_money, in_currency, kpi_text
from .options import resolve, to_command
from .report import Report, Table
from .triage import annotate_report

__all__ = [
    "charts",
    "command",
    "export",
    "kpis_frame",
    "load",
    "overview",
    "styled_table",
    "table_frame",
    "table_keys",
    "tree_keys",
    "tree_text",
]

_TEXT_KINDS = ("spark", "codes")  # shown as text: lists do not display well in a DataFrame


def load(**params: Any) -> Report:
    """Resolve notebook parameters (option names) exactly as the command does; build the report."""
    mode = params.pop("mode", None) or "executive"
    opts = resolve(mode, params)
    if opts.verbose:
        _verbose_logging()
    return annotate_report(build_report(opts))  # SRE: each anomaly's triage, as the command


def _verbose_logging() -> None:
    logger = logging.getLogger("finops_lib")
    logger.setLevel(logging.INFO)
    if not any(getattr(h, "_finops_notebook", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handler._finops_notebook = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


def command(report: Report) -> str:
    """The `python -m finops_lib dashboard …` line that reproduces this report."""
    return to_command(report.options)


def overview(report: Report) -> str:
    """Title, scope, periods, validation badge, notices and checks as plain text."""
    plan = report.periods
    lines = [report.title, report.headline,
             f"Scope: {report.scope.label} · source: {report.source}",
             f"Current period: {plan.current.start} – {plan.current.end} (exclusive); "
             f"comparison: {plan.previous.start} – {plan.previous.end} (exclusive)"]
    if report.validation is not None:
        lines.append(report.validation.badge)
    lines += [f"{'PASS' if c.passed else 'FAIL'} {c.name}: {c.detail}" for c in report.checks]
    lines += list(report.summary_lines)
    lines += [f"Note: {notice}" for notice in report.notices]
    return "\n".join(line for line in lines if line)


@in_currency
def kpis_frame(report: Report) -> pd.DataFrame:
    """One row per KPI: label, the text every surface shows, and the raw figures."""
    rows = [{"KPI": k.label, "Shown as": kpi_text(k), "value": k.value, "unit": k.unit,
             "delta": k.delta, "delta_pct": k.delta_pct, "help": k.help} for k in report.kpis]
    return pd.DataFrame(rows, columns=["KPI", "Shown as", "value", "unit", "delta",
                                       "delta_pct", "help"])


def table_keys(report: Report) -> list[str]:
    """Keys of the report's tables, in the order every surface shows them."""
    return [t.key for t in report.tables]


def _table(report: Report, key: str) -> Table:
    table = report.table(key)
    if table is None:
        raise KeyError(f"this {report.mode} report has no table {key!r}; "
                       f"it has {', '.join(table_keys(report)) or 'none'}")
    return table


def _columns(report: Report, table: Table) -> list[Any]:
    # Recommended actions are always visible (the terminal shortens them unless --verbose).
    return list(table.columns)


@in_currency
def table_frame(report: Report, key: str, with_total: bool = True) -> pd.DataFrame:
    """A report table as a DataFrame headed by column labels (the total row last)."""
    table = _table(report, key)
    columns = _columns(report, table)
    frame = table.to_frame(with_total=with_total)
    for col in columns:
        if col.kind in _TEXT_KINDS:
            frame[col.key] = [fmt(v, col.kind) for v in frame[col.key]]
    frame = frame[[c.key for c in columns]]
    frame.columns = pd.Index([c.label for c in columns])
    return frame


@in_currency
def styled_table(report: Report, key: str) -> Any:
    """`table_frame` with money, percent and status cells formatted as on every surface."""
    table = _table(report, key)
    money = report.currency
    formats = {c.label: (lambda v, kind=c.kind: fmt(v, kind, money))
               for c in _columns(report, table) if c.kind not in ("text", *_TEXT_KINDS)}
    styler = table_frame(report, key).style.format(formats, na_rep="—")
    return styler.set_caption(table.title + (f" — {table.note}" if table.note else ""))


def tree_keys(report: Report) -> list[str]:
    """Keys of the report's trees (categories; activity when activity analysis ran)."""
    return [t.key for t in report.trees]


@in_currency
def tree_text(report: Report, key: str, max_depth: int = 2) -> str:
    """A report tree as indented text: label, current cost and comparison cost."""
    tree = report.tree(key)
    if tree is None:
        return f"(this {report.mode} report has no {key!r} tree)"
    lines = [tree.title]
    for depth, node in tree.root.walk():
        if depth > max_depth:
            continue
        prev = f" (prev {fmt_money(node.previous)})" if node.previous is not None else ""
        count = f" [{node.count}]" if node.count is not None else ""
        detail = f" — {node.detail}" if node.detail else ""
        lines.append(f"{'    ' * depth}{node.label}: {fmt_money(node.value)}{prev}{count}{detail}")
    return "\n".join(lines)


def charts(report: Report) -> list[Any]:
    """The report's altair charts, exactly as the app draws them (finops_lib.charts)."""
    return [spec for _, spec in report_charts(report)]


def export(report: Report, formats: Iterable[str], output_dir: str | Path) -> list[Path]:
    """Write the exports the command would; an unavailable format is skipped with its reason."""
    check_exports([], None)  # loads the exporter registry
    wanted = list(dict.fromkeys(formats))
    available = []
    for fmt_name in wanted:
        reason = EXPORTERS[fmt_name].unavailable() if fmt_name in EXPORTERS else \
            f"export format {fmt_name!r} is not available"
        if reason:
            print(f"Skipping {fmt_name}: {reason}")
        else:
            available.append(fmt_name)
    return export_report(report, available, output_dir)

