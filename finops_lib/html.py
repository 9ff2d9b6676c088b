"""A report as one self-contained HTML page: the source of the PDF pack and the PNG screenshot.

Everything the page shows is prepared here as plain strings (formatted exactly as the terminal
and Markdown show them) and passed to ONE Jinja2 template with autoescaping on, so names coming
from an AWS bill can never become markup. Images (charts, sparklines) are inline data URIs:
the page loads nothing, which lets wkhtmltopdf run with JavaScript and local file access off.
"""

from __future__ import annotations

import base64
import importlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import jinja2

from .exporters.markdown import kpi_text
from .formatting import fmt, fmt_money
from .options import to_command
from .report import Chart, Check, Kpi, Report, Table, Tree

__all__ = [
    "ChartImage",
    "chart_images",
    "html_context",
    "render_html",
    "svg_data_uri",
]

log = logging.getLogger(__name__)

NUMERIC_KINDS = ("money", "percent", "share", "number")
PERSONA_LABEL = {"executive": "Executive pack", "architect": "Architecture pack",
                 "sre": "SRE incident pack"}
TREE_DEPTH = 3  # root, categories, services, accounts: the same depth as the Markdown pack
ACCOUNTS_LISTED = 12  # the cover names this many accounts, then "and N more"
SPARK_WIDTH_PX = 84
SPARK_HEIGHT_PX = 16
CHART_WIDTH_PX = 640  # altair width of a full-width chart; the page scales it to fit

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("finops_lib", "templates"),
    autoescape=True,  # every value is text; nothing in the template is marked safe
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class ChartImage:
    """One chart ready for the page: its title and an SVG data URI."""

    key: str
    title: str
    uri: str


@dataclass(frozen=True)
class Cell:
    """A formatted table cell: text, CSS classes and an optional image (sparklines)."""

    text: str
    css: str = ""
    image: str = ""


def svg_data_uri(svg: str) -> str:
    """An SVG document as a base64 data URI (no quoting issues inside an attribute)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# ---------------------------------------------------------------- charts


def _app_charts(report: Report) -> list[tuple[Chart, Any]] | None:
    """(chart, altair spec) pairs from the app's chart module, when it is installed."""
    try:
        charts = importlib.import_module("finops_lib.charts")
    except ModuleNotFoundError:
        return None
    make: Callable[[Chart], Any] = charts.chart_spec
    return [(chart, make(chart)) for chart in report.charts]


def _vega_svg(spec: Mapping[str, Any]) -> str:
    import vl_convert

    # No base URLs: a spec can't make the converter fetch anything.
    svg: str = vl_convert.vegalite_to_svg(dict(spec), allowed_base_urls=[])
    return svg


def chart_images(report: Report) -> list[ChartImage]:
    """Every chart of the report rendered to SVG with the app's altair specs."""
    pairs = _app_charts(report)
    if pairs is None:
        pairs = [(chart, _fallback_spec(chart)) for chart in report.charts]
    images = []
    for chart, spec in pairs:
        if spec is None or not chart.data:
            continue
        as_dict = spec.to_dict() if hasattr(spec, "to_dict") else spec
        images.append(ChartImage(chart.key, chart.title, svg_data_uri(_vega_svg(as_dict))))
    return images


def _fallback_spec(chart: Chart) -> dict[str, Any] | None:
    """A plain Vega-Lite spec for a chart kind, used only when finops_lib.charts is absent."""
    return None


# ---------------------------------------------------------------- cells and tables


def _tone(value: Any) -> str:
    if not isinstance(value, (int, float)) or value == 0:
        return ""
    return "up" if value > 0 else "down"


def _cell(row: Mapping[str, Any], key: str, kind: str) -> Cell:
    value = row.get(key)
    if kind == "spark":
        values = [float(v) for v in value or ()]
        return Cell("", "spark", spark_uri(values) if len(values) > 1 else "")
    text = fmt(value, kind)
    css = ["num"] if kind in NUMERIC_KINDS else [kind]
    if kind == "percent" or (kind == "money" and "change" in key):
        css.append(_tone(value))
    if kind == "status":
        css.append("status-" + text.lower())
    return Cell(text, " ".join(c for c in css if c))


def table_view(table: Table) -> dict[str, Any]:
    """A table's header, rows and total as formatted cells."""
    columns = table.columns
    return {
        "key": table.key,
        "title": table.title,
        "note": table.note,
        "headers": [Cell(c.label, f"num col-{c.key}" if c.kind in NUMERIC_KINDS
                         else f"{c.kind} col-{c.key}") for c in columns],
        "rows": [[_cell(row, c.key, c.kind) for c in columns] for row in table.rows],
        "total": [_cell(table.total, c.key, c.kind) for c in columns] if table.total else None,
        "wide": len(columns) > 7,
    }


def spark_uri(values: Sequence[float]) -> str:
    """A small line chart of daily values as an SVG data URI."""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (SPARK_WIDTH_PX - 2) / (len(values) - 1)
    points = " ".join(f"{1 + i * step:.1f},{SPARK_HEIGHT_PX - 2 - (v - low) / span * (SPARK_HEIGHT_PX - 4):.1f}"
                      for i, v in enumerate(values))
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SPARK_WIDTH_PX}" '
           f'height="{SPARK_HEIGHT_PX}" viewBox="0 0 {SPARK_WIDTH_PX} {SPARK_HEIGHT_PX}">'
           f'<polyline fill="none" stroke="#2f6fb3" stroke-width="1.2" points="{points}"/></svg>')
    return svg_data_uri(svg)


def tree_view(tree: Tree, max_depth: int = TREE_DEPTH) -> dict[str, Any]:
    """A tree flattened to indented rows (a table breaks across pages cleanly)."""
    rows = []
    for depth, node in tree.root.walk():
        if depth > max_depth:
            continue
        change = None if node.previous is None else node.value - node.previous
        rows.append({
            "depth": depth,
            "label": node.label,
            "detail": node.detail,
            "value": fmt_money(node.value),
            "previous": fmt_money(node.previous),
            "change": fmt_money(change, signed=True) if change is not None else "—",
            "tone": _tone(round(change, 2)) if change is not None else "",
            "count": "" if node.count is None else str(node.count),
        })
    return {"key": tree.key, "title": tree.title, "rows": rows}


# ---------------------------------------------------------------- cover and KPIs


def kpi_view(kpi: Kpi) -> dict[str, str]:
    """A KPI card: the value and its change, cut from `kpi_text` so every surface agrees."""
    value = kpi_text(replace(kpi, delta=None, delta_pct=None))
    full = kpi_text(kpi)
    change = full[len(value) + 2:-1] if len(full) > len(value) else ""
    tone = _tone(kpi.delta if kpi.delta is not None else kpi.delta_pct) if kpi.unit == "USD" else ""
    return {"key": kpi.key, "label": kpi.label, "value": value, "change": change, "tone": tone,
            "help": kpi.help, "wide": "wide" if kpi.unit == "text" and len(value) > 28 else ""}


def _accounts(report: Report) -> str:
    accounts = report.scope.accounts
    if not accounts:
        return report.scope.caller_account or "—"
    names = [f"{a.name} ({a.id})" for a in accounts[:ACCOUNTS_LISTED]]
    more = len(accounts) - ACCOUNTS_LISTED
    return f"{len(accounts)}: " + ", ".join(names) + (f", and {more} more" if more > 0 else "")


def cover_facts(report: Report) -> list[tuple[str, str]]:
    """The cover block: scope, accounts, periods, metric, source, as-of."""
    p = report.periods
    opts = report.options
    facts = [
        ("Scope", report.scope.label),
        ("Accounts", _accounts(report)),
        ("Period", f"{p.current.label} ({p.timeframe}, {p.current.days} days)"),
        ("Compared with", f"{p.previous.label} ({p.previous.days} days)"),
        ("Cost metric", str(opts.cost_metric)),
        ("Source", report.source + (" (demo data)" if report.is_demo else "")),
        ("As of", p.as_of.isoformat() + " (today's partial data excluded)"),
        ("Cost Explorer requests", str(report.api_requests)),
    ]
    filters = _filters(report)
    if filters:
        facts.append(("Filters", filters))
    return facts


def _filters(report: Report) -> str:
    opts = report.options
    parts = []
    if opts.services:
        parts.append("services " + ", ".join(opts.services))
    if opts.accounts:
        parts.append("accounts " + ", ".join(opts.accounts))
    parts += list(opts.filter)
    if opts.cost_threshold:
        parts.append(f"rows under {fmt_money(opts.cost_threshold)} hidden")
    return "; ".join(parts)


def _validation(report: Report) -> dict[str, Any] | None:
    v = report.validation
    if v is None:
        return None
    agreement = f"{v.agreement_pct:.2f}%" if v.agreement_pct is not None else ""
    return {"badge": v.badge, "passed": v.passed, "level": v.level, "agreement": agreement,
            "checks": [_check(c) for c in v.checks]}


def _check(check: Check) -> dict[str, Any]:
    return {"name": check.name, "passed": check.passed, "detail": check.detail}


# ---------------------------------------------------------------- sections


def _sections(report: Report) -> list[dict[str, Any]]:
    """Tables and trees in the order the terminal shows them, honouring the display options."""
    out: list[dict[str, Any]] = []
    summary = report.table("summary")
    if summary and report.shows("summary_table"):
        out.append({"type": "table", **table_view(summary)})
    categories = report.tree("categories")
    if categories and report.shows("summary_tree"):
        out.append({"type": "tree", **tree_view(categories)})
    for table in report.tables:
        if table.key != "summary" and (report.shows("detail_table") or _always(table.key)):
            out.append({"type": "table", **table_view(table)})
    for tree in report.trees:
        if tree.key != "categories":
            out.append({"type": "tree", **tree_view(tree)})
    return out


def _always(key: str) -> bool:
    # The SRE change table and the activity tables are the point of their packs, whatever the
    # detail display setting says.
    return key in ("anomalies", "anomaly_events") or key.startswith("activity")


def html_context(report: Report, charts: Iterable[ChartImage] | None = None) -> dict[str, Any]:
    """Everything the template shows, as plain values."""
    return {
        "lang": "en",
        "persona": PERSONA_LABEL.get(report.mode, report.mode.title()),
        "title": report.title,
        "headline": report.headline,
        "facts": cover_facts(report),
        "validation": _validation(report),
        "notices": list(report.notices),
        "kpis": [kpi_view(k) for k in report.kpis],
        "summary_lines": list(report.summary_lines),
        "charts": list(charts if charts is not None else chart_images(report)),
        "sections": _sections(report),
        "checks": [_check(c) for c in report.checks],
        "generated": f"{report.generated_at:%Y-%m-%d %H:%M:%S} UTC",
        "file_stem": report.file_stem,
        "command": to_command(report.options),
    }


def render_html(report: Report, charts: Iterable[ChartImage] | None = None) -> str:
    """The report as one self-contained HTML page (charts rendered unless given)."""
    return _ENV.get_template("report.html.j2").render(html_context(report, charts))
