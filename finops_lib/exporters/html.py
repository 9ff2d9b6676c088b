"""A report as one self-contained HTML page: the source of the PDF pack and the PNG screenshot.

Everything the page shows is prepared here as plain strings (formatted exactly as the terminal
and Markdown show them) and passed to ONE Jinja2 template with autoescaping on, so names coming
from an AWS bill can never become markup. Images (charts, sparklines) are inline data URIs:
the page loads nothing, which lets wkhtmltopdf run with JavaScript and local file access off.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import jinja2

from ..formatting import fmt_money, in_currency, is_currency, kpi_text
from ..options import to_command
from ..pack_sections import pack_sections
from ..report import Check, Kpi, Report, Table, Tree
from .html_layout import Layout, svg_data_uri, table_view, tone, tree_view

__all__ = [
    "ChartImage",
    "Layout",
    "chart_images",
    "html_context",
    "render_html",
    "svg_data_uri",
]

PERSONA_LABEL = {"executive": "Executive pack", "architect": "Architecture pack",
                 "sre": "SRE incident pack"}
ACCOUNTS_LISTED = 12  # the cover names this many accounts, then "and N more"
PDF_FONT = "Liberation Sans"  # Debian fonts-liberation2; the template names it first too

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


# ---------------------------------------------------------------- charts


def _vega_svg(spec: Mapping[str, Any]) -> str:
    import vl_convert

    # The charts use the page's font, so their text is measured and printed the same way.
    config = {**dict(spec.get("config", {})), "font": PDF_FONT}
    # No base URLs: a spec can't make the converter fetch anything.
    svg: str = vl_convert.vegalite_to_svg({**spec, "config": config}, allowed_base_urls=[])
    return svg


# The PDF and the PNG of one report share its charts: drawing them is most of the cost.
_DRAWN: dict[int, tuple[weakref.ref[Report], list[ChartImage]]] = {}


def chart_images(report: Report) -> list[ChartImage]:
    """Every chart of the report, drawn from the app's altair specs, as SVG data URIs."""
    from ..charts import report_charts  # altair loads only when charts are drawn

    cached = _DRAWN.get(id(report))
    if cached is not None and cached[0]() is report:
        return cached[1]
    images = [ChartImage(chart.key, chart.title, svg_data_uri(_vega_svg(spec.to_dict())))
              for chart, spec in report_charts(report) if chart.data]
    key = id(report)
    _DRAWN[key] = (weakref.ref(report, lambda _ref: _DRAWN.pop(key, None)), images)
    return images


# ---------------------------------------------------------------- cover and KPIs


def kpi_view(kpi: Kpi) -> dict[str, str]:
    """A KPI card: the value and its change, cut from `kpi_text` so every surface agrees."""
    value = kpi_text(replace(kpi, delta=None, delta_pct=None))
    full = kpi_text(kpi)
    change = full[len(value) + 2:-1] if len(full) > len(value) else ""
    shade = tone(kpi.delta if kpi.delta is not None else kpi.delta_pct) if is_currency(kpi.unit) else ""
    return {"key": kpi.key, "label": kpi.label, "value": value, "change": change, "tone": shade,
            "help": kpi.help, "size": _kpi_size(kpi, value)}


def _kpi_size(kpi: Kpi, value: str) -> str:
    if kpi.unit != "text":
        return ""
    return "word" if len(value) <= 24 else "text"


def _accounts(report: Report) -> str:
    accounts = report.scope.accounts
    if not accounts:
        return report.scope.caller_account or "—"
    names = [f"{a.name} ({a.id})" for a in accounts[:ACCOUNTS_LISTED]]
    more = len(accounts) - ACCOUNTS_LISTED
    count = f"{len(accounts)} account{'s' if len(accounts) != 1 else ''}: "
    return count + ", ".join(names) + (f", and {more} more" if more > 0 else "")


def cover_facts(report: Report) -> list[tuple[str, str]]:
    """The cover block's short facts, two to a row: scope, periods, metric, source, as-of."""
    p = report.periods
    days = "day" if p.current.days == 1 else "days"
    return [
        ("Scope", report.scope.label),
        ("Source", report.source),
        ("Period", f"{p.current.label} ({p.timeframe}, {p.current.days} {days})"),
        ("Compared with", f"{p.previous.label} ({p.previous.days} {days})"),
        ("Cost metric", str(report.options.cost_metric)),
        ("As of", p.as_of.isoformat() + " (partial day excluded)"),
    ]


def cover_rows(report: Report) -> list[tuple[str, str]]:
    """The cover block's long facts, one to a row: accounts, filters, API requests."""
    rows = [("Accounts", _accounts(report))]
    filters = _filters(report)
    if filters:
        rows.append(("Filters", filters))
    rows.append(("Cost Explorer requests", f"{report.api_requests} for this report"))
    return rows


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


def _view(part: Table | Tree, layout: Layout) -> dict[str, Any]:
    if isinstance(part, Tree):
        return {"type": "tree", **tree_view(part, layout)}
    return {"type": "table", **table_view(part, layout)}


@in_currency
def html_context(report: Report, charts: Iterable[ChartImage] | None = None,
                 layout: Layout | None = None) -> dict[str, Any]:
    """Everything the template shows, as plain values."""
    layout = layout or Layout(str(report.options.page_size))
    sections = pack_sections(report)
    return {
        "lang": "en",
        "persona": PERSONA_LABEL.get(report.mode, report.mode.title()),
        "title": report.title,
        "headline": report.headline,
        "facts": cover_facts(report),
        "cover_rows": cover_rows(report),
        "validation": _validation(report),
        "notices": list(report.notices),
        "kpis": [kpi_view(k) for k in report.kpis],
        "summary_lines": list(report.summary_lines),
        "charts": list(charts if charts is not None else chart_images(report)),
        "sections": [_view(part, layout) for part in sections.main],
        "appendix": [_view(part, layout) for part in sections.appendix],
        "checks": [_check(c) for c in report.checks],
        "generated": f"{report.generated_at:%Y-%m-%d %H:%M:%S} UTC",
        "file_stem": report.file_stem,
        "command": to_command(report.options),
    }


def render_html(report: Report, charts: Iterable[ChartImage] | None = None,
                paginate: bool = True) -> str:
    """The report as one self-contained HTML page (charts rendered unless given); `paginate`
    cuts long tables into page-sized blocks for print."""
    layout = Layout(str(report.options.page_size), paginate)
    return _ENV.get_template("report.html.j2").render(html_context(report, charts, layout))
