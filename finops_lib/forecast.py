"""Month-end cost forecast with an 80 % interval from the anomaly baseline model (no I/O).

Used for sources other than Cost Explorer (demo, files, athena); on `ce` the dashboard asks
Cost Explorer's GetCostForecast (`cost_forecast`), which returns the same `Forecast`;
`forecast_with_fallback` picks between them.

Point forecast: each remaining day of the month is the median of the same weekday over the
last `baseline_weeks` observed weeks (all days: the median shrugs off one-offs and follows a
lasting level shift after about half the baseline), plus last month's recurring charge on the
month's last day (the same month-position rule as detection). A median of past weeks lags a
growing bill, so a steady growth rate is applied from the samples' mean age to each day: the
median of x[d] / x[d-14] over the last fortnight and over the one before; used only when both
agree on the sign (the smaller of the two), so a one-off step is not extrapolated.

Interval (80 %): from the residual spread. σ is the robust (MAD) spread of the detection
model's one-day-ahead residuals over the last `noise_window_days`, relative to expected. The
sum over the remaining days has three parts: independent daily noise; the error of each weekday
median, which every remaining day of that weekday shares (a median of n samples has about
π/2n of the noise variance); and the drift a fortnight's median ratio cannot rule out (its
standard error, ≈ 0.47 σ per 14 days, counted at half weight), shared by all days and growing
with their distance from the baseline samples. bench/anomaly_detection.py prints the measured
coverage. The bounds are the sum ± 1.2816 σ_sum (the 10th/90th percentiles
of a normal). A bootstrap of independent daily residuals was tried and measured too narrow (the
shared median error does not average out); rolling-origin quantiles were too noisy on ~60 days.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from .anomalies.baseline import dated, exceeds, expected_series
from .anomalies.client import CALL_FAILURES, CostExplorerClient, RequestLog, Unavailable, unavailable
from .anomalies.model import MAD_TO_SIGMA, DetectionParams
from .cost_metrics import FORECAST_NAMES, ce_name
from .report import Kpi, money

__all__ = [
    "Forecast",
    "cost_forecast",
    "forecast_kpi",
    "forecast_with_fallback",
    "month_end_forecast",
]

_MIN_RATIOS = 7
_DRIFT_SHARE = 0.5  # tuned with bench/anomaly_detection.py (trend ±10 %/month, noise 2–10 %)
_RATIO_SE = 1.2533 * np.sqrt(2 / 14)  # σ of a median of 14 ratios of noisy days, per σ
_Z80 = 1.2816  # two-sided 80 %: the 10th and 90th percentiles of a normal


@dataclass(frozen=True)
class Forecast:
    """Month-end total: actual so far plus the forecast of the remaining days, with 80 % bounds."""

    month_start: date
    month_end: date  # last day of the month (inclusive)
    actual_to_date: float
    forecast_total: float
    lower_80: float
    upper_80: float
    method: str
    remaining_days: int = 0

    @property
    def forecast_remaining(self) -> float:
        """Forecast for the days not yet complete."""
        return money(self.forecast_total - self.actual_to_date)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _daily_totals(frame: pd.DataFrame, end: date) -> pd.Series:
    frame = frame[frame["date"] <= pd.Timestamp(end)]
    if frame.empty:
        return pd.Series(dtype=float, index=pd.DatetimeIndex([]))  # still comparable with dates
    index = pd.date_range(frame["date"].min(), pd.Timestamp(end), freq="D")
    return frame.groupby("date")["amount"].sum().reindex(index).fillna(0.0).astype(float)


def _point(values: np.ndarray, origin: int, day: int, weeks: int, growth: float) -> float:
    """Median of the last `weeks` same-weekday values observed up to position `origin`, grown
    from the samples' mean age to `day` at the steady daily `growth` rate."""
    first_lag = -(-(day - origin) // 7)  # ceil: the nearest same weekday at or before origin
    idx = [day - 7 * k for k in range(first_lag, first_lag + weeks) if day - 7 * k >= 0]
    if not idx:
        return float(values[: origin + 1].mean()) if origin >= 0 else 0.0
    age = day - float(np.mean(idx))
    return float(np.median(values[idx])) * (1 + growth) ** age


def _path(values: np.ndarray, origin: int, horizon: int, weeks: int,
          growth: float = 0.0) -> list[float]:
    return [_point(values, origin, origin + h, weeks, growth) for h in range(1, horizon + 1)]


def _fortnight_ratio(values: np.ndarray, plain: np.ndarray, end: int) -> float | None:
    """Median of x[j] / x[j-14] over the 14 days before `end`, skipping month-position days."""
    ratios = [values[j] / values[j - 14] for j in range(end - 14, end)
              if j >= 14 and plain[j] and plain[j - 14] and values[j - 14] > 0 and values[j] > 0]
    return float(np.median(ratios)) if len(ratios) >= _MIN_RATIOS else None


def _steady_growth(history: pd.Series) -> float:
    """Daily growth rate, only when the last two fortnights agree on its sign (a one-off step
    moves one of them and is not extrapolated); the smaller of the two, conservatively."""
    values = history.to_numpy(dtype=float)
    dates = pd.DatetimeIndex(history.index)
    plain = np.asarray(~((dates.day == 1) | dates.is_month_end))
    recent = _fortnight_ratio(values, plain, len(values))
    older = _fortnight_ratio(values, plain, len(values) - 14)
    if recent is None or older is None or (recent - 1) * (older - 1) <= 0:
        return 0.0
    ratio = min(recent, older, key=lambda r: abs(r - 1))
    return float(min(max(ratio, 0.5), 2.0) ** (1 / 14) - 1)


def _recurring(history: pd.Series, day: pd.Timestamp, params: DetectionParams) -> float:
    """Last month's month-end charge above its weekday level, when it clearly stood out."""
    prev = day.replace(day=1) - pd.Timedelta(days=1)
    if prev not in history.index:
        return 0.0
    around = [prev + pd.Timedelta(days=k) for k in (-14, -7, 7, 14)]
    local = history.reindex(around).dropna()
    if local.empty:
        return 0.0
    excess = float(history[prev]) - float(local.median())
    return excess if exceeds(excess, float(local.median()), params) else 0.0


def _relative_sigma(history: pd.Series, end: date, params: DetectionParams) -> tuple[float, int]:
    """Robust σ of one-day-ahead residuals relative to expected, and how many were used."""
    fit = expected_series(history, last_day=end, params=params)
    recent = fit[fit["evaluated"] & (fit["expected"].abs() > 0) & (fit["date"] > pd.Timestamp(
        end - timedelta(days=params.noise_window_days)))]
    if recent.empty:
        return 0.0, 0
    relative = ((recent["actual"] - recent["expected"]) / recent["expected"].abs()).to_numpy()
    return MAD_TO_SIGMA * float(np.median(np.abs(relative))), len(relative)


def _half_width(points: list[float], weekdays: list[int], sigma: float, weeks: int) -> float:
    """80 % half-width of the sum of `points` (days 1, 2, … ahead): independent daily noise;
    each weekday median's error, shared by every remaining day of that weekday; and the drift
    a fortnight's median ratio cannot rule out, shared by all days and growing with their age."""
    shared = np.pi / (2 * weeks)  # variance of a median of `weeks` samples, relative to noise
    noise = [(sigma * abs(p)) ** 2 / (1 + shared) for p in points]
    per_weekday = {w: 0.0 for w in set(weekdays)}
    for p, w in zip(points, weekdays, strict=True):
        per_weekday[w] += sigma * abs(p) * (shared / (1 + shared)) ** 0.5
    drift_se = _DRIFT_SHARE * _RATIO_SE * sigma / 14  # per day of age
    drift = sum(abs(p) * drift_se * 7 * (-(-h // 7) + (weeks - 1) / 2)
                for h, p in enumerate(points, start=1))
    return _Z80 * float(np.sqrt(sum(noise) + sum(v ** 2 for v in per_weekday.values())
                                + drift ** 2))


def month_end_forecast(frame: pd.DataFrame, *, last_day: date,
                       params: DetectionParams | None = None) -> Forecast:
    """Forecast the total of the month containing `last_day` (the last complete day)."""
    params = params or DetectionParams()
    frame = dated(frame)
    start, month_end = last_day.replace(day=1), _month_end(last_day)
    end = min(last_day, pd.Timestamp(frame["date"].max()).date()) if not frame.empty else last_day
    history = _daily_totals(frame, end)
    actual = float(history[history.index >= pd.Timestamp(start)].sum())
    horizon = (month_end - end).days
    values = history.to_numpy(dtype=float)
    sigma, used = _relative_sigma(history, end, params) if horizon and len(values) else (0.0, 0)
    growth = _steady_growth(history) if len(values) else 0.0
    points = _path(values, len(values) - 1, horizon, params.baseline_weeks, growth) \
        if len(values) else []
    point = sum(points) + (_recurring(history, pd.Timestamp(month_end), params) if horizon else 0)
    weekdays = [(end + timedelta(days=h)).weekday() for h in range(1, len(points) + 1)]
    half = _half_width(points, weekdays, sigma, params.baseline_weeks)
    trend = f", steady growth {growth * 100:+.2f}%/day" if growth else ""
    method = (f"weekday median of the last {params.baseline_weeks} weeks{trend}; 80% interval "
              f"from the robust spread of {used} one-day-ahead residuals")
    total = actual + point
    return Forecast(start, month_end, money(actual), money(total), money(total - half),
                    money(total + half), method, horizon)


def forecast_kpi(forecast: Forecast, currency: str = "USD", run_rate: float | None = None) -> Kpi:
    """The headline KPI: month-end forecast, with the 80 % interval and method in its help."""
    left = forecast.remaining_days
    rate = "" if run_rate is None else f" (a flat run rate would give {run_rate:,.2f})"
    help_text = (f"80% interval {forecast.lower_80:,.2f} – {forecast.upper_80:,.2f} {currency}; "
                 f"{forecast.actual_to_date:,.2f} so far, {left} day{'s' if left != 1 else ''} "
                 f"left. {forecast.method}{rate}.")
    # no delta: a budget comparison is the budget KPI's (budget_report.budget_kpi)
    return Kpi("month_end_forecast", f"Month-end forecast ({forecast.month_start:%B %Y})",
               forecast.forecast_total, currency, help=help_text)


# ---------------------------------------------------------------------------------------------
# Cost Explorer's forecast, and the choice between it and the model's


def cost_forecast(ce_client: CostExplorerClient, start: date, end: date, metric: str = "unblended", *,
                  actual_to_date: float = 0.0, month_start: date | None = None,
                  filter_expression: Mapping[str, Any] | None = None,
                  log: RequestLog | None = None) -> Forecast | Unavailable:
    """Cost Explorer's forecast for [start, end) with an 80 % interval, added to the actual so
    far. `start` must be today or later (a Cost Explorer rule); `end` is exclusive."""
    log = log if log is not None else RequestLog()
    month_start = month_start or start
    month_end = end - timedelta(days=1)
    if end <= start:
        return Forecast(month_start, month_end, money(actual_to_date), money(actual_to_date),
                        money(actual_to_date), money(actual_to_date), "nothing left to forecast")
    params: dict[str, Any] = {
        "TimePeriod": {"Start": start.isoformat(), "End": end.isoformat()},
        "Metric": ce_name(metric, FORECAST_NAMES), "Granularity": "MONTHLY",
        "PredictionIntervalLevel": 80}
    if filter_expression:
        params["Filter"] = dict(filter_expression)
    try:
        response = ce_client.get_cost_forecast(**params)
        log.add("ce:GetCostForecast", f"{start}..{end}")
    except CALL_FAILURES as exc:
        return unavailable("ce:GetCostForecast", exc)
    periods = response.get("ForecastResultsByTime", [])
    mean = float(response.get("Total", {}).get("Amount", 0.0))
    lower = sum(float(p.get("PredictionIntervalLowerBound", p["MeanValue"])) for p in periods)
    upper = sum(float(p.get("PredictionIntervalUpperBound", p["MeanValue"])) for p in periods)
    if not periods:
        lower = upper = mean
    return Forecast(month_start, month_end, money(actual_to_date), money(actual_to_date + mean),
                    money(actual_to_date + lower), money(actual_to_date + upper),
                    "AWS Cost Explorer GetCostForecast, 80% prediction interval",
                    (end - start).days)


def _forecast(frame: pd.DataFrame, last_day: date, params: DetectionParams,
              ce_client: CostExplorerClient | None,
              metric: str, forecast_filter: Mapping[str, Any] | None, log: RequestLog,
              notices: list[str]) -> Forecast:
    model = month_end_forecast(frame, last_day=last_day, params=params)
    if ce_client is None or model.remaining_days == 0:
        return model
    aws_fc = cost_forecast(ce_client, last_day + timedelta(days=1),
                           model.month_end + timedelta(days=1), metric,
                           actual_to_date=model.actual_to_date, month_start=model.month_start,
                           filter_expression=forecast_filter, log=log)
    if isinstance(aws_fc, Unavailable):
        notices.append(f"Cost Explorer forecast {aws_fc}; showing the dashboard's own "
                       "forecast instead.")
        return model
    return aws_fc


def forecast_with_fallback(frame: pd.DataFrame, *, last_day: date,
                           params: DetectionParams | None = None,
                           ce_client: CostExplorerClient | None = None, metric: str = "unblended",
                           forecast_filter: Mapping[str, Any] | None = None,
                           log: RequestLog | None = None
                           ) -> tuple[Forecast, tuple[str, ...], RequestLog]:
    """Cost Explorer's month-end forecast on ce, else (or when unavailable) the model's; its
    request is added to `log` (a new one by default)."""
    log = log if log is not None else RequestLog()
    notices: list[str] = []
    forecast = _forecast(frame, last_day, params or DetectionParams(), ce_client, metric,
                         forecast_filter, log, notices)
    return forecast, tuple(notices), log
