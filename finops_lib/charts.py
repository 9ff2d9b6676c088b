"""Every chart in one place: a report `Chart` (data and intent) in, an altair chart out.

Pure altair (no streamlit), so the app, the PDF pack and notebooks draw the same specs. Each kind
is one small builder registered by `@chart_kind`. Dates are calendar days in UTC (the data holds
ISO dates, and a browser west of UTC would otherwise show the day before); money is currency.
Every mark carries a tooltip.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt

from .errors import FinopsError
from .formatting import current_currency, in_currency
from .report import Chart, Report

__all__ = [
    "CHART_KINDS",
    "DATE_FORMAT",
    "MONEY_FORMAT",
    "ChartError",
    "chart_kind",
    "chart_spec",
    "report_charts",
]

MONEY_FORMAT = "$,.2f"
AXIS_MONEY_FORMAT = "$~s"  # compact ticks: $120k, $1.2M
LABEL_LIMIT_PX = 220  # longer bar labels end in "…"; the tooltip has the full name
LEGEND_LIMIT_PX = 420
LEGEND_ROW_PX = 22
DATE_FORMAT = "%Y-%m-%d"
AXIS_DATE_FORMAT = "%b %d"
HOUR_FORMAT = "%Y-%m-%d %H:00 UTC"
AXIS_HOUR_FORMAT = "%b %d %H:00"
SHARE_FORMAT = ".1f"
WIDTH_PX = 640
HEIGHT_PX = 280
BAR_PX = 24  # one readable label per bar, at the app's font size too
PERIOD_COLORS = {"current": "#1f77b4", "comparison": "#ff7f0e", "context": "#9e9e9e"}
PERIOD_LABELS = {"context": "between the periods"}
ONE_OFF_COLOR = "#8c564b"
ANOMALY_COLOR = "#d62728"

Builder = Callable[[Chart, alt.Data], alt.Chart | alt.LayerChart]
CHART_KINDS: dict[str, Builder] = {}


class ChartError(FinopsError):
    """A chart of a kind no builder knows."""


def chart_kind(kind: str) -> Callable[[Builder], Builder]:
    """Decorator: register the builder of one Chart kind."""
    def decorate(func: Builder) -> Builder:
        CHART_KINDS[kind] = func
        return func
    return decorate


def chart_spec(chart: Chart) -> alt.Chart | alt.LayerChart:
    """The altair chart for one report chart; unknown kinds raise ChartError."""
    builder = CHART_KINDS.get(chart.kind)
    if builder is None:
        raise ChartError(f"no chart builder for kind {chart.kind!r} (chart {chart.key!r})",
                         fix=f"use one of {', '.join(sorted(CHART_KINDS))}")
    data = alt.Data(values=[dict(row) for row in chart.data])
    height = max(HEIGHT_PX, BAR_PX * len(chart.data)) if chart.kind == "top_bar" else HEIGHT_PX
    height = int(chart.options.get("height_px", height))
    # The app fits the whole view, legend included, into `height`: a legend of one line per
    # series under the chart gets its own room, or it squashes the plot.
    height += LEGEND_ROW_PX * len({r["series"] for r in chart.data if "series" in r})
    return builder(chart, data).properties(title=chart.title, width=WIDTH_PX, height=height)


@in_currency
def report_charts(report: Report) -> list[tuple[Chart, alt.Chart | alt.LayerChart]]:
    """Every chart of a report with its altair spec (money in the report's currency)."""
    return [(chart, chart_spec(chart)) for chart in report.charts]


# Encoding helpers ---------------------------------------------------------------------------


def _x_date(field: str = "date", title: str = "Day") -> alt.X:
    return alt.X(f"{field}:T", timeUnit="utcyearmonthdate", title=title,
                 axis=alt.Axis(format=AXIS_DATE_FORMAT, labelAngle=0))


def _x_hour() -> alt.X:
    return alt.X("hour:T", timeUnit="utcyearmonthdatehours", title="Hour (UTC)",
                 axis=alt.Axis(format=AXIS_HOUR_FORMAT, labelAngle=0, labelOverlap=True))


def _tip_hour() -> alt.Tooltip:
    return alt.Tooltip("hour:T", timeUnit="utcyearmonthdatehours", format=HOUR_FORMAT,
                       title="Hour")


def _tip_date(field: str = "date", title: str = "Day") -> alt.Tooltip:
    return alt.Tooltip(f"{field}:T", timeUnit="utcyearmonthdate", format=DATE_FORMAT,
                       title=title)


def _money_format() -> str:
    """d3's `$` is the dollar; other currencies are plain numbers with the code in the title."""
    return MONEY_FORMAT if current_currency() == "USD" else ",.2f"


def _axis_money_format() -> str:
    """Compact ticks ($120k); other currencies without a symbol (the code is in the title)."""
    return AXIS_MONEY_FORMAT if current_currency() == "USD" else "~s"


def _money_title(title: str) -> str:
    code = current_currency()
    return title if code == "USD" else f"{title} ({code})"


def _y_money(field: str = "amount", title: str = "Cost", **kw: Any) -> alt.Y:
    return alt.Y(f"{field}:Q", title=_money_title(title),
                 axis=alt.Axis(format=_axis_money_format()), **kw)


def _tip_money(field: str = "amount", title: str = "Cost") -> alt.Tooltip:
    return alt.Tooltip(f"{field}:Q", format=_money_format(), title=_money_title(title))


def _period_color(data: Chart | None = None) -> alt.Color:
    present = {r.get("period") for r in data.data} if data is not None else set(PERIOD_COLORS)
    domain = [p for p in PERIOD_COLORS if p in present] or list(PERIOD_COLORS)
    rename = " : ".join(f"datum.label == '{k}' ? '{v}'" for k, v in PERIOD_LABELS.items())
    return alt.Color("period:N", title="Period",
                     scale=alt.Scale(domain=domain, range=[PERIOD_COLORS[p] for p in domain]),
                     legend=alt.Legend(labelExpr=f"{rename} : datum.label"))


def _has_one_off(chart: Chart) -> bool:
    return any(float(r.get("one_off") or 0) for r in chart.data)


def _without_one_off(base: alt.Chart, chart: Chart) -> tuple[alt.Chart, str]:
    """The base with `usual` = cost less one-off charges, and the y-axis title to go with it."""
    if not _has_one_off(chart):
        return base.transform_calculate(usual="datum.amount"), "Cost"
    return (base.transform_calculate(usual="datum.amount - datum.one_off"),
            "Cost (one-off charges marked)")


def _one_off_marks(chart: Chart, data: alt.Data, x: alt.X, tips: list[alt.Tooltip],
                   only: str = "true") -> list[alt.Chart]:
    """A dashed rule and a "+$70.4k" label on each day that posted a one-off charge
    (`only`: a Vega expression narrowing the rows, e.g. one period)."""
    if not _has_one_off(chart):
        return []  # a layer over no rows makes Vega warn about an infinite extent
    base = alt.Chart(data).transform_filter(f"datum.one_off > 0 && ({only})").encode(
        x=x, tooltip=[*tips, _tip_money("one_off", "One-off charges")])
    rule = base.mark_rule(strokeDash=[3, 3], color=ONE_OFF_COLOR)
    # month-end (tax) and month-start (fees) labels sit on two lines so neighbours don't collide
    text = base.transform_calculate(
        label="'+' + format(datum.one_off, '$.3~s')",  # short: the axis title says what it is
        line=f"utcdate(datum.{x.shorthand.split(':')[0]}) == 1 ? 10 : 24"
        if x.shorthand.startswith("date") else "10").mark_text(
        align="left", dx=3, fontSize=10, color=ONE_OFF_COLOR).encode(
        y=alt.Y("line:Q", scale=None), text="label:N")
    return [rule, text]


# Builders -----------------------------------------------------------------------------------


@chart_kind("daily_cost")
def _daily_cost(chart: Chart, data: alt.Data) -> alt.LayerChart:
    """Daily cost coloured by period (current / comparison / between), one-off charges
    (month-start fees, tax) taken out of the line and marked on their day."""
    tips = [_tip_date(), alt.Tooltip("period:N", title="Period"), _tip_money("amount", "Cost")]
    line, title = _without_one_off(alt.Chart(data), chart)
    drawn = line.mark_line(point=True).encode(
        x=_x_date(), y=_y_money("usual", title), color=_period_color(chart),
        tooltip=[*tips, _tip_money("one_off", "One-off charges")] if _has_one_off(chart) else tips)
    return alt.LayerChart(layer=[drawn, *_one_off_marks(chart, data, _x_date(), tips)])


@chart_kind("hourly_cost")
def _hourly_cost(chart: Chart, data: alt.Data) -> alt.Chart:
    """Cost hour by hour (UTC), coloured by period."""
    x = alt.X("hour:T", timeUnit="utcyearmonthdatehours", title="Hour (UTC)",
              axis=alt.Axis(format=AXIS_HOUR_FORMAT, labelAngle=0, labelOverlap=True))
    return alt.Chart(data).mark_line(point=True).encode(
        x=x, y=_y_money(), color=_period_color(chart),
        tooltip=[alt.Tooltip("hour:T", timeUnit="utcyearmonthdatehours", format=HOUR_FORMAT,
                             title="Hour"),
                 alt.Tooltip("period:N", title="Period"), _tip_money()])


@chart_kind("period_compare")
def _period_compare(chart: Chart, data: alt.Data) -> alt.LayerChart:
    """Current vs comparison period aligned by day (or hour) number, one-off charges marked."""
    unit = "Hour" if chart.options.get("unit") == "hour" else "Day"
    x = alt.X("day:Q", title=f"{unit} of period", axis=alt.Axis(tickMinStep=1, format="d"))
    tips = [alt.Tooltip("day:Q", title=f"{unit} of period"), _tip_date(),
            alt.Tooltip("period:N", title="Period"), _tip_money("amount", "Cost")]
    line, title = _without_one_off(alt.Chart(data), chart)
    drawn = line.mark_line(point=True).encode(
        x=x, y=_y_money("usual", title), color=_period_color(chart),
        tooltip=[*tips, _tip_money("one_off", "One-off charges")] if _has_one_off(chart) else tips)
    marks = _one_off_marks(chart, data, x, tips, only="datum.period == 'current'")
    return alt.LayerChart(layer=[drawn, *marks])


@chart_kind("top_bar")
def _top_bar(chart: Chart, data: alt.Data) -> alt.Chart:
    """Horizontal bars of the current cost of ranked rows, largest first."""
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("label:N", title=None, sort="-x",
                axis=alt.Axis(labelLimit=LABEL_LIMIT_PX, labelOverlap=False)),
        x=alt.X("current:Q", title=_money_title("Current period"),
                axis=alt.Axis(format=_axis_money_format(), tickCount=6)),
        tooltip=[alt.Tooltip("label:N", title="Name"), _tip_money("current", "Current"),
                 _tip_money("previous", "Previous"),
                 alt.Tooltip("share:Q", format=SHARE_FORMAT, title="Share %")],
    )


@chart_kind("stacked_category")
def _stacked_category(chart: Chart, data: alt.Data) -> alt.Chart:
    """Daily (or hourly) cost per category, stacked."""
    hourly = chart.options.get("unit") == "hour"
    return alt.Chart(data).mark_area().encode(
        x=_x_hour() if hourly else _x_date(), y=_y_money(stack="zero"),
        # eleven categories: the default ten-colour scheme would repeat one
        color=alt.Color("category:N", title="Category", scale=alt.Scale(scheme="tableau20")),
        tooltip=[_tip_hour() if hourly else _tip_date(),
                 alt.Tooltip("category:N", title="Category"), _tip_money()],
    )


@chart_kind("anomaly_series")
def _anomaly_series(chart: Chart, data: alt.Data) -> alt.LayerChart:
    """Daily series with anomalous days marked; with an expected band when the data has one."""
    rows = chart.data
    if rows and "expected" in rows[0]:
        return _expected_band(chart, data)
    return _flagged_series(chart, data)


def _series_color() -> alt.Color:
    # Series names are long ("workloads-prod (555555555555) / EC2 - Other"): the legend goes
    # under the chart, one per line, in full.
    return alt.Color("series:N", title="Series",
                     legend=alt.Legend(orient="bottom", direction="vertical",
                                       labelLimit=LEGEND_LIMIT_PX))


def _flagged(chart: Chart) -> bool:
    """Whether any row is marked anomalous (a marks layer over no rows makes Vega warn)."""
    return any(r.get("anomalous") is True for r in chart.data)


def _flagged_series(chart: Chart, data: alt.Data) -> alt.LayerChart:
    """SRE shape: one line per flagged series (date, series, amount, status, anomalous)."""
    tips = [_tip_date(), alt.Tooltip("series:N", title="Series"), _tip_money(),
            alt.Tooltip("status:N", title="Status")]
    base = alt.Chart(data).encode(x=_x_date(), y=_y_money(), color=_series_color(),
                                  tooltip=tips)
    lines = base.mark_line()
    marked = base.mark_point(size=90, filled=True, shape="diamond").encode(
        stroke=alt.value(ANOMALY_COLOR)).transform_filter(alt.datum.anomalous == True)  # noqa: E712
    return alt.LayerChart(layer=[lines, marked] if _flagged(chart) else [lines])


@chart_kind("hourly_series")
def _hourly_series(chart: Chart, data: alt.Data) -> alt.LayerChart:
    """SRE hourly shape: one line per flagged series by UTC hour (hour, series, amount, status,
    anomalous), unusual hours marked."""
    x = alt.X("hour:T", timeUnit="utcyearmonthdatehours", title="Hour (UTC)",
              axis=alt.Axis(format=AXIS_HOUR_FORMAT, labelAngle=0))
    tips = [alt.Tooltip("hour:T", timeUnit="utcyearmonthdatehours", format=HOUR_FORMAT,
                        title="Hour"),
            alt.Tooltip("series:N", title="Series"), _tip_money(),
            alt.Tooltip("status:N", title="Status")]
    base = alt.Chart(data).encode(x=x, y=_y_money(), color=_series_color(), tooltip=tips)
    marked = base.mark_point(size=90, filled=True, shape="diamond").encode(
        stroke=alt.value(ANOMALY_COLOR)).transform_filter(alt.datum.anomalous == True)  # noqa: E712
    return alt.LayerChart(layer=[base.mark_line(), marked] if _flagged(chart) else
                          [base.mark_line()])


def _expected_band(chart: Chart, data: alt.Data) -> alt.LayerChart:
    """Anomaly-detector shape: actual vs expected with its band (date, actual, expected, lower,
    upper, anomalous)."""
    series = str(chart.options.get("series", "actual"))
    tips = [_tip_date(), _tip_money("actual", f"Actual ({series})"),
            _tip_money("expected", "Expected"), _tip_money("lower", "Band low"),
            _tip_money("upper", "Band high")]
    base = alt.Chart(data).encode(x=_x_date(), tooltip=tips)
    band = base.mark_area(opacity=0.2, color="#9e9e9e").encode(
        y=_y_money("lower", "Cost"), y2="upper:Q")
    expected = base.mark_line(strokeDash=[4, 3], color="#616161").encode(
        y=_y_money("expected", "Cost"))
    actual = base.mark_line(point=True, color=PERIOD_COLORS["current"]).encode(
        y=_y_money("actual", "Cost"))
    marked = base.mark_point(size=120, filled=True, color=ANOMALY_COLOR).encode(
        y=_y_money("actual", "Cost")).transform_filter(alt.datum.anomalous == True)  # noqa: E712
    return alt.LayerChart(layer=[band, expected, actual, marked] if _flagged(chart) else
                          [band, expected, actual])


BUDGET_COLOR = "#616161"


@chart_kind("budget_burn")
def _budget_burn(chart: Chart, data: alt.Data) -> alt.LayerChart:
    """Budget vs actual over the budget period (date, budget, actual, forecast, lower, upper):
    cumulative actual, the pro-rated budget line, and the forecast with its 80 % band."""
    tips = [_tip_date(), _tip_money("actual", "Actual to date"),
            _tip_money("budget", "Budget to date"), _tip_money("forecast", "Forecast"),
            _tip_money("lower", "Forecast low (80%)"), _tip_money("upper", "Forecast high (80%)")]
    base = alt.Chart(data).encode(x=_x_date(), tooltip=tips)
    band = base.mark_area(opacity=0.2, color=PERIOD_COLORS["comparison"]).encode(
        y=_y_money("lower", "Cumulative cost"), y2="upper:Q")
    budget = base.mark_line(strokeDash=[6, 3], color=BUDGET_COLOR).encode(
        y=_y_money("budget", "Cumulative cost"))
    forecast = base.mark_line(strokeDash=[2, 2], color=PERIOD_COLORS["comparison"]).encode(
        y=_y_money("forecast", "Cumulative cost"))
    actual = base.mark_line(point=True, color=PERIOD_COLORS["current"]).encode(
        y=_y_money("actual", "Cumulative cost"))
    return alt.LayerChart(layer=[band, budget, forecast, actual])


@chart_kind("amount_bar")
def _amount_bar(chart: Chart, data: alt.Data) -> alt.Chart:
    """Horizontal bars of one amount per label (savings by action, transfer by kind)."""
    axis = str(chart.options.get("axis", "Cost"))
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("label:N", title=None, sort="-x",
                axis=alt.Axis(labelLimit=LABEL_LIMIT_PX, labelOverlap=False)),
        x=alt.X("amount:Q", title=axis, axis=alt.Axis(format=_axis_money_format(), tickCount=6)),
        tooltip=[alt.Tooltip("label:N", title="Name"), _tip_money("amount", axis),
                 alt.Tooltip("count:Q", title="Count")],
    )


@chart_kind("dependency_map")
def _dependency_map(chart: Chart, data: alt.Data) -> alt.LayerChart:
    """Nodes (coloured by kind, labelled with cost and tier) joined by dependency edges."""
    hidden = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
    x = alt.X("x:Q", axis=hidden, scale=alt.Scale(domain=[-0.3, 2.9]))
    y = alt.Y("y:Q", axis=hidden, scale=alt.Scale(reverse=True, nice=False, padding=20))
    edges = alt.Chart(data).transform_filter(alt.datum.mark == "edge").mark_rule(
        color="#9e9e9e", strokeWidth=1.5).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q", tooltip=[alt.Tooltip("relation:N", title="Relation")])
    nodes = alt.Chart(data).transform_filter(alt.datum.mark == "node")
    tips = [alt.Tooltip("id:N", title="Id"), alt.Tooltip("kind:N", title="Kind"),
            alt.Tooltip("vpc:N", title="VPC"), alt.Tooltip("account:N", title="Account"),
            _tip_money("cost", "Cost / month"), alt.Tooltip("tier:N", title="Activity tier"),
            alt.Tooltip("detail:N", title="Detail")]
    points = nodes.mark_circle(size=260, opacity=1).encode(
        x=x, y=y, color=alt.Color("kind:N", title="Kind", scale=alt.Scale(scheme="tableau10")),
        tooltip=tips)
    labels = nodes.mark_text(align="left", baseline="top", dx=-7, dy=9, fontSize=10,
                             lineBreak="\n").encode(
        x=x, y=y, text="label:N", tooltip=tips)
    return alt.LayerChart(layer=[edges, points, labels])
