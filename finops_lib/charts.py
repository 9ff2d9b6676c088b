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
DATE_FORMAT = "%Y-%m-%d"
AXIS_DATE_FORMAT = "%b %d"
HOUR_FORMAT = "%Y-%m-%d %H:00 UTC"
AXIS_HOUR_FORMAT = "%b %d %H:00"
SHARE_FORMAT = ".1f"
WIDTH_PX = 640
HEIGHT_PX = 280
BAR_PX = 18  # one readable label per bar
PERIOD_COLORS = {"current": "#1f77b4", "comparison": "#ff7f0e", "context": "#9e9e9e"}
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
    return builder(chart, data).properties(title=chart.title, width=WIDTH_PX, height=height)


@in_currency
def report_charts(report: Report) -> list[tuple[Chart, alt.Chart | alt.LayerChart]]:
    """Every chart of a report with its altair spec (money in the report's currency)."""
    return [(chart, chart_spec(chart)) for chart in report.charts]


# Encoding helpers ---------------------------------------------------------------------------


def _x_date(field: str = "date", title: str = "Day") -> alt.X:
    return alt.X(f"{field}:T", timeUnit="utcyearmonthdate", title=title,
                 axis=alt.Axis(format=AXIS_DATE_FORMAT, labelAngle=0))


def _tip_date(field: str = "date", title: str = "Day") -> alt.Tooltip:
    return alt.Tooltip(f"{field}:T", timeUnit="utcyearmonthdate", format=DATE_FORMAT,
                       title=title)


def _money_format() -> str:
    """d3's `$` is the dollar; other currencies are plain numbers with the code in the title."""
    return MONEY_FORMAT if current_currency() == "USD" else ",.2f"


def _money_title(title: str) -> str:
    code = current_currency()
    return title if code == "USD" else f"{title} ({code})"


def _y_money(field: str = "amount", title: str = "Cost", **kw: Any) -> alt.Y:
    return alt.Y(f"{field}:Q", title=_money_title(title),
                 axis=alt.Axis(format=_money_format()), **kw)


def _tip_money(field: str = "amount", title: str = "Cost") -> alt.Tooltip:
    return alt.Tooltip(f"{field}:Q", format=_money_format(), title=_money_title(title))


def _period_color() -> alt.Color:
    return alt.Color("period:N", title="Period",
                     scale=alt.Scale(domain=list(PERIOD_COLORS), range=list(PERIOD_COLORS.values())))


# Builders -----------------------------------------------------------------------------------


@chart_kind("daily_cost")
def _daily_cost(chart: Chart, data: alt.Data) -> alt.Chart:
    """Daily total cost, coloured by period (current / comparison / context)."""
    return alt.Chart(data).mark_line(point=True).encode(
        x=_x_date(), y=_y_money(), color=_period_color(),
        tooltip=[_tip_date(), alt.Tooltip("period:N", title="Period"), _tip_money()],
    )


@chart_kind("period_compare")
def _period_compare(chart: Chart, data: alt.Data) -> alt.Chart:
    """Current vs comparison period aligned by day number."""
    return alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("day:Q", title="Day of period", axis=alt.Axis(tickMinStep=1, format="d")),
        y=_y_money(), color=_period_color(),
        tooltip=[alt.Tooltip("day:Q", title="Day of period"), _tip_date(),
                 alt.Tooltip("period:N", title="Period"), _tip_money()],
    )


@chart_kind("top_bar")
def _top_bar(chart: Chart, data: alt.Data) -> alt.Chart:
    """Horizontal bars of the current cost of ranked rows, largest first."""
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=320)),
        x=alt.X("current:Q", title=_money_title("Current period"),
                axis=alt.Axis(format=_money_format())),
        tooltip=[alt.Tooltip("label:N", title="Name"), _tip_money("current", "Current"),
                 _tip_money("previous", "Previous"),
                 alt.Tooltip("share:Q", format=SHARE_FORMAT, title="Share %")],
    )


@chart_kind("stacked_category")
def _stacked_category(chart: Chart, data: alt.Data) -> alt.Chart:
    """Daily cost per category, stacked."""
    return alt.Chart(data).mark_area().encode(
        x=_x_date(), y=_y_money(stack="zero"),
        # eleven categories: the default ten-colour scheme would repeat one
        color=alt.Color("category:N", title="Category", scale=alt.Scale(scheme="tableau20")),
        tooltip=[_tip_date(), alt.Tooltip("category:N", title="Category"), _tip_money()],
    )


@chart_kind("anomaly_series")
def _anomaly_series(chart: Chart, data: alt.Data) -> alt.LayerChart:
    """Daily series with anomalous days marked; with an expected band when the data has one."""
    rows = chart.data
    if rows and "expected" in rows[0]:
        return _expected_band(chart, data)
    return _flagged_series(data)


def _flagged_series(data: alt.Data) -> alt.LayerChart:
    """SRE shape: one line per flagged series (date, series, amount, status, anomalous)."""
    tips = [_tip_date(), alt.Tooltip("series:N", title="Series"), _tip_money(),
            alt.Tooltip("status:N", title="Status")]
    base = alt.Chart(data).encode(x=_x_date(), y=_y_money(),
                                  color=alt.Color("series:N", title="Series"), tooltip=tips)
    lines = base.mark_line()
    marked = base.mark_point(size=90, filled=True, shape="diamond").encode(
        stroke=alt.value(ANOMALY_COLOR)).transform_filter(alt.datum.anomalous == True)  # noqa: E712
    return alt.LayerChart(layer=[lines, marked])


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
    base = alt.Chart(data).encode(x=x, y=_y_money(), color=alt.Color("series:N", title="Series"),
                                  tooltip=tips)
    marked = base.mark_point(size=90, filled=True, shape="diamond").encode(
        stroke=alt.value(ANOMALY_COLOR)).transform_filter(alt.datum.anomalous == True)  # noqa: E712
    return alt.LayerChart(layer=[base.mark_line(), marked])


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
    return alt.LayerChart(layer=[band, expected, actual, marked])
