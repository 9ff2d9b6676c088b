"""A Report as native Streamlit elements: metrics, dataframes with column_config, trees as
expanders and nested lists, validation badge, checks, notices and altair charts."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ..chart_domains import pin_domains
from ..charts import chart_spec
from ..drawn import table_drawn, tree_drawn
from ..errors import FinopsError
from ..formatting import (
    current_currency,
    fmt,
    fmt_money,
    fmt_money_compact,
    fmt_pct,
    in_currency,
    is_currency,
    status_text,
)
from ..report import Kpi, Report, Table, TreeNode
from .text import plain, strip_controls

__all__ = ["column_config", "kpi_card_value", "kpi_delta", "kpi_help",
           "kpi_value", "render_details", "render_figures", "render_report",
           "table_frame"]

KPIS_PER_ROW = 4
TEXT_KPIS_PER_ROW = 2
ROW_PX = 35  # st.dataframe row height
MAX_TABLE_PX = 640  # taller tables scroll
# Card labels wrap instead of ending in "…"; the figure stays on one line (it is compact).
CARD_CSS = """<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important; }
[data-testid="stMetricValue"] > div { white-space: nowrap; }
</style>"""
SUMMARY_TREE_DEPTH = 1
FULL_TREE_DEPTH = 4
EXPANDER_LEVELS = 2  # a tree's root and its branches fold; deeper levels are nested lists


def kpi_value(kpi: Kpi) -> str:
    """The metric's main figure, formatted like every other surface."""
    if kpi.value is None:
        return "—"
    if is_currency(kpi.unit):
        return fmt_money(float(kpi.value), currency=kpi.unit)
    if kpi.unit == "%":
        return fmt_pct(float(kpi.value), signed=False)
    if kpi.unit == "days":
        return f"{kpi.value} days"
    return str(kpi.value)


def kpi_card_value(kpi: Kpi) -> str:
    """The figure on a card: compact when long ($1.07M), so it is never cut off."""
    if is_currency(kpi.unit) and kpi.value is not None:
        return fmt_money_compact(float(kpi.value), currency=kpi.unit)
    return kpi_value(kpi)


def kpi_help(kpi: Kpi) -> str:
    """The card's tooltip: the exact figure, then what it means."""
    exact = kpi_value(kpi)
    lead = f"Exact: {exact}" if exact != kpi_card_value(kpi) else ""
    return "\n\n".join(t for t in (lead, kpi.help) if t)


def kpi_delta(kpi: Kpi) -> str | None:
    """The change shown under the metric: dollars (and percent) against the comparison."""
    if kpi.delta is None:
        return None
    money_unit = is_currency(kpi.unit) or kpi.unit == "text"
    text = (fmt_money(kpi.delta, signed=True, currency=kpi.unit if kpi.unit != "text" else None)
            if money_unit else f"{kpi.delta:+g}")
    return text + (f" ({fmt_pct(kpi.delta_pct)})" if kpi.delta_pct is not None else "")


def _text_kpi(kpi: Kpi) -> None:
    """A text figure (e.g. the top cost driver) in full: st.metric would cut it off."""
    with st.container(border=True):
        st.caption(plain(kpi.label), help=plain(kpi.help) if kpi.help else None)
        st.markdown(f"**{plain(kpi.value)}**")
        delta = kpi_delta(kpi)
        if delta:
            st.markdown(f":{'red' if (kpi.delta or 0) > 0 else 'green'}[{delta}]")


def _kpis(report: Report) -> None:
    numbers = [k for k in report.kpis if k.unit != "text"]
    for start in range(0, len(numbers), KPIS_PER_ROW):
        for col, kpi in zip(st.columns(KPIS_PER_ROW), numbers[start:start + KPIS_PER_ROW],
                            strict=False):
            # a cost increase is bad news, so it is drawn red
            col.metric(plain(kpi.label), kpi_card_value(kpi), kpi_delta(kpi),
                       delta_color="inverse", help=plain(kpi_help(kpi)) or None, border=True)
    texts = [k for k in report.kpis if k.unit == "text"]
    for start in range(0, len(texts), TEXT_KPIS_PER_ROW):
        for col, kpi in zip(st.columns(TEXT_KPIS_PER_ROW),
                            texts[start:start + TEXT_KPIS_PER_ROW], strict=False):
            with col:
                _text_kpi(kpi)


_STREAMLIT_MONEY = {"USD": "dollar", "EUR": "euro", "JPY": "yen"}


def _money_format() -> str:
    """Streamlit's named money format for the report's currency, else the code after it."""
    code = current_currency()
    return _STREAMLIT_MONEY.get(code, f"%.2f {code}")


def column_config(table: Table) -> dict[str, Any]:
    """Streamlit column_config for a table, by Column.kind."""
    cc = st.column_config
    config: dict[str, Any] = {}
    for col in table.columns:
        if col.kind == "money":
            config[col.key] = cc.NumberColumn(col.label, format=_money_format())
        elif col.kind == "percent":
            config[col.key] = cc.NumberColumn(col.label, format="%+.1f%%")
        elif col.kind == "share":
            config[col.key] = cc.ProgressColumn(col.label, format="%.1f%%", min_value=0,
                                                max_value=100)
        elif col.kind == "spark":
            config[col.key] = cc.LineChartColumn(col.label, y_min=0)
        elif col.kind == "number":
            config[col.key] = cc.NumberColumn(col.label, format="%.2f")
        else:
            config[col.key] = cc.TextColumn(col.label)
    return config


def table_frame(table: Table) -> Any:
    """The rows as a DataFrame; status cells become badges, code lists text."""
    frame = table.to_frame()
    for key in frame.select_dtypes(include="object").columns:  # names: no bidi, no controls
        frame[key] = frame[key].map(strip_controls)
    for col in table.columns:
        if col.kind == "status":
            frame[col.key] = [status_text(v) if v else ""
                              for v in frame[col.key]]
        elif col.kind == "codes":
            frame[col.key] = [fmt(v, "codes") for v in frame[col.key]]
        elif col.kind == "text":  # an absent label is blank, never the word "None"
            frame[col.key] = ["" if v is None or v != v else v for v in frame[col.key]]
    return frame


def _total_line(table: Table) -> str:
    total = table.total or {}
    parts = [f"{plain(c.label)} {fmt(total.get(c.key), c.kind)}" for c in table.columns
             if c.kind in ("money", "percent") and total.get(c.key) is not None]
    return "**Total** — " + " · ".join(parts) if parts else ""


def _table(table: Table) -> None:
    st.subheader(plain(table.title))
    height = min(MAX_TABLE_PX, ROW_PX * (len(table.rows) + 1) + 3)
    st.dataframe(table_frame(table), hide_index=True, column_config=column_config(table),
                 height=height, key=f"table:{table.key}")
    notes = [text for text in (_total_line(table), plain(table.note)) if text]
    if notes:
        st.caption("  \n".join(notes))


def _node_label(node: TreeNode) -> str:
    prev = f" (prev {fmt_money(node.previous)})" if node.previous is not None else ""
    count = f" · {node.count}" if node.count is not None else ""
    detail = f" — {plain(node.detail)}" if node.detail else ""
    return f"{plain(node.label)}: {fmt_money(node.value)}{prev}{count}{detail}"


def _lines(node: TreeNode, depth: int, max_depth: int, indent: int = 0) -> list[str]:
    """A node and its children down to max_depth as nested Markdown list items."""
    lines = [f"{'  ' * indent}- {_node_label(node)}"]
    if depth < max_depth:
        for child in node.children:
            lines += _lines(child, depth + 1, max_depth, indent + 1)
    return lines


def _flush(lines: list[str]) -> None:
    if lines:
        st.markdown("\n".join(lines))
        lines.clear()


def _tree_node(node: TreeNode, depth: int, max_depth: int) -> None:
    """The root and its branches as expanders; deeper levels and leaves as one nested list per
    run of them (dozens of nested expanders were a second of the page's drawing in Chromium,
    and Streamlit advises against nesting them)."""
    with st.expander(_node_label(node), expanded=depth == 0):
        pending: list[str] = []
        for child in node.children:
            if child.children and depth + 1 < min(max_depth, EXPANDER_LEVELS):
                _flush(pending)
                _tree_node(child, depth + 1, max_depth)
            else:
                pending += _lines(child, depth + 1, max_depth)
        _flush(pending)


def _trees(report: Report) -> None:
    for tree in report.trees:
        if not tree_drawn(report, tree.key):  # the one display rule (finops_lib/drawn.py)
            continue
        depth = (FULL_TREE_DEPTH if tree.key != "categories" or report.shows("detail_tree")
                 else SUMMARY_TREE_DEPTH)
        st.subheader(plain(tree.title))
        if tree.root.children and depth > 0:
            _tree_node(tree.root, 0, depth)
        else:
            st.markdown(f"- {_node_label(tree.root)}")




def _sections(report: Report) -> None:
    summary = report.table("summary")
    if summary and report.shows("summary_table"):
        _table(summary)
    for table in report.tables:
        if table.key != "summary" and table_drawn(report, table.key):
            _table(table)
    _trees(report)


def _header(report: Report) -> None:
    p = report.periods
    st.title(plain(report.title))
    st.markdown(f"**{plain(report.headline)}**")
    st.caption(plain(f"{report.scope.label} · {p.current.label} vs {p.previous.label} · "
                     f"{report.options.cost_metric} · {report.source}"))


def _data_notes(report: Report) -> None:
    """Every notice folded into one expander under the figures: numbers come first."""
    if not report.notices:
        return
    with st.expander(f"Data notes ({len(report.notices)})"):
        for notice in report.notices:
            st.info(plain(notice), icon="🧪" if notice.startswith("Demo") else "ℹ️")


def _validation(report: Report) -> None:
    result = report.validation
    if result is None:
        return
    badge = st.success if result.passed else st.error
    badge(plain(result.badge), icon="✅" if result.passed else "❌")
    with st.expander("Validation detail", expanded=not result.passed):
        for check in result.checks:
            st.markdown(f"{'✅' if check.passed else '❌'} **{plain(check.name)}** — "
                        f"{plain(check.detail)}")


def _checks(report: Report) -> None:
    if not report.checks:
        return
    st.subheader("Consistency checks")
    for check in report.checks:
        show = st.success if check.passed else st.error
        show(plain(f"{check.name} — {check.detail}"), icon="✅" if check.passed else "❌")


def _charts(report: Report) -> None:
    for chart in report.charts:
        if not chart.data:  # an empty chart is a message, not an empty frame with warnings
            st.caption(f"{chart.title}: no data for this selection.")
            continue
        try:
            spec = chart_spec(chart)
        except FinopsError as exc:  # a chart kind this version cannot draw: say so, keep going
            st.warning(plain(f"{chart.title}: {exc.one_line()}"))
            continue
        st.vega_lite_chart(pin_domains(spec.to_dict(), chart.data), width="stretch",
                           key=f"chart:{chart.key}")


@in_currency
def render_figures(report: Report) -> None:
    """The light top of the page: headline, KPI cards, data notes, validation, summary lines."""
    st.html(CARD_CSS)
    _header(report)
    _kpis(report)
    _data_notes(report)
    _validation(report)
    for line in report.summary_lines:
        st.markdown(f"- {plain(line)}")


@in_currency
def render_details(report: Report) -> None:
    """The heavy rest: charts, tables, trees, checks."""
    _charts(report)
    _sections(report)
    _checks(report)
    st.caption(f"Cost Explorer requests for this report: {report.api_requests}")


def render_report(report: Report) -> None:
    """The whole report, in the order every surface uses."""
    render_figures(report)
    render_details(report)
