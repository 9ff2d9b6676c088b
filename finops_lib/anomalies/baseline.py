"""The per-weekday baseline model of one series: daily cost anomaly detection on the canonical
cost frame, pure computation, no I/O (this fit is the readable specification; `batch` fits many
series at once, `detection` turns flagged days into events).

Model (documented choices):

* Series. Every service, account and account × service series in the frame is evaluated. With a
  single account in the frame the account × service level is skipped (it equals the service
  level). A day with no row for a series that has rows elsewhere in the frame counts as 0 cost;
  days after the frame's last date are unknown, not zero, so evaluation stops at
  `min(last_day, last date in the frame)`.
* Expected value. For day d: the median of the same weekday over the trailing `baseline_weeks`
  weeks (d-7, d-14, …), never d itself, using only days that were not themselves anomalous, so
  a spike cannot raise its own baseline and a level shift (or a new service) stays one ongoing
  anomaly. When fewer than two same-weekday samples are normal the baseline falls back to all
  of them: a lasting step becomes the new normal after `baseline_weeks` − 1 weeks (3 by
  default) and its anomaly ends there. A day is evaluated once `min_history_days` of data
  precede it; `history_start()` says how far back to fetch.
* Month-position charges. On the 1st and last day of a month, a charge that recurs is added to
  the expected value: the excess of the same month position last month over its own weekday
  level (d±7, d±14), when that excess was ≥ `min_dollars` and above 2 σ of that day's noise.
  A monthly tax/support/fee row is expected behaviour when it recurs; the band widens by
  `monthly_charge_tolerance_percent` of the charge (it follows the month's usage), so it is an
  anomaly only when it is new or changed by more than that and both thresholds.
* Band. lower/upper = expected ∓ `band_sigmas` × a robust scale: the MAD of one-day-ahead
  relative residuals of the trailing non-anomalous days (absolute residuals when expected is 0).
* Anomalous day. Actual is outside the band AND differs from expected by at least
  `min_percent` % AND by at least `min_dollars` (all three), signed: spike (above) or drop.
* Events. Consecutive anomalous days of the same direction merge into one `Anomaly`.
  Severity: high when |impact $| ≥ `severity_high_multiple` × min_dollars and |impact %| ≥ 50
  (or the series is new), medium when |impact $| ≥ `severity_medium_multiple` × min_dollars or
  |impact %| ≥ 100, else low.
* De-duplication. The same event shows at several levels (account × service, its service, its
  account). Overlapping same-direction anomalies of a parent series and its child series are
  folded into one: when one child explains ≥ `explained_share_percent` of the parent's impact the
  child (most specific) is kept; otherwise the parent (a spread-out event) is kept. The folded
  series' labels are listed in `related`, so every event is reported once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from .batch import month_positions as _month_positions
from .model import MAD_TO_SIGMA, MIN_RESIDUALS, RECURRING_SIGMAS, DetectionParams

__all__ = [
    "Fit",
    "account_label",
    "account_names",
    "dated",
    "day_index",
    "eval_end",
    "exceeds",
    "expected_series",
    "history_start",
    "pivot",
    "series_values",
]


@dataclass(frozen=True)
class Fit:
    """One series' fit over its days."""

    dates: pd.DatetimeIndex
    actual: np.ndarray
    expected: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    flags: np.ndarray  # +1 spike, -1 drop, 0 normal
    evaluated: np.ndarray  # bool



def dated(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with `date` as midnight Timestamps (dates or strings are accepted too)."""
    if pd.api.types.is_datetime64_any_dtype(frame["date"]):
        return frame
    return frame.assign(date=pd.to_datetime(frame["date"]).dt.normalize())


def eval_end(frame: pd.DataFrame, last_day: date) -> date:
    """The last evaluated day: `last_day`, or the frame's last date when that is earlier."""
    if frame.empty:
        return last_day
    return min(last_day, pd.Timestamp(frame["date"].max()).date())


def history_start(last_day: date, params: DetectionParams, lookback_days: int = 30) -> date:
    """First day to fetch so every day of the lookback has a full baseline and month position."""
    return last_day - timedelta(days=lookback_days + 7 * params.baseline_weeks + 35)


def _keys(frame: pd.DataFrame, dimension: str) -> pd.Series:
    if dimension == "service":
        return frame["service"].astype(str)
    if dimension == "account":
        return frame["account_id"].astype(str)
    return frame["account_id"].astype(str) + "/" + frame["service"].astype(str)


def pivot(frame: pd.DataFrame, dimension: str, index: pd.DatetimeIndex) -> pd.DataFrame:
    """Days × series-key table of summed amounts; missing days are 0."""
    data = pd.DataFrame({"date": frame["date"], "key": _keys(frame, dimension),
                         "amount": frame["amount"].astype(float)})
    table = data.pivot_table(index="date", columns="key", values="amount", aggfunc="sum")
    return table.reindex(index).fillna(0.0)


def day_index(frame: pd.DataFrame, last_day: date) -> pd.DatetimeIndex:
    """Every day from the frame's first date to its evaluation end."""
    end = eval_end(frame, last_day)
    start = pd.Timestamp(frame["date"].min()) if not frame.empty else pd.Timestamp(end)
    return pd.date_range(start, pd.Timestamp(end), freq="D")


def _select(frame: pd.DataFrame, dimension: str, key: str) -> pd.DataFrame:
    return frame[_keys(frame, dimension) == key]


def series_values(frame: pd.DataFrame, dimension: str, key: str, last_day: date) -> pd.Series:
    """Daily amounts of one series over the frame's days (missing days are 0)."""
    index = day_index(frame, last_day)
    sub = _select(frame, dimension, key)
    daily = sub.groupby("date")["amount"].sum()
    return daily.reindex(index).fillna(0.0).astype(float)



def _median(values: Sequence[float]) -> float:
    """Median of a short list (numpy's overhead dominates at these sizes)."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2)


def exceeds(delta: float, reference: float, params: DetectionParams) -> bool:
    """True when `delta` passes both the dollar and the percent threshold against `reference`."""
    return abs(delta) >= params.min_dollars and abs(delta) >= params.min_percent / 100 * abs(
        reference)


def _monthly_excess(arrays: dict[str, np.ndarray], i: int, params: DetectionParams) -> float:
    """What the same month position last month carried above its own weekday level."""
    p = int(arrays["prev_position"][i])
    if p < 0:
        return 0.0
    values = arrays["actual"]
    same_weekday = [float(values[j]) for j in (p - 14, p - 7, p + 7, p + 14) if 0 <= j < i]
    if not same_weekday:
        return 0.0
    local = _median(same_weekday)
    excess = float(values[p]) - local
    if abs(excess) < params.min_dollars:
        return 0.0
    if arrays["evaluated"][:p].any():  # recurring when it stood clearly out of that day's noise
        noise = _scale(arrays, p, params, local)
        return excess if abs(excess) > RECURRING_SIGMAS * noise else 0.0
    return excess if exceeds(excess, local, params) else 0.0


def _baseline(arrays: dict[str, np.ndarray], i: int, weeks: int) -> float:
    values, flags, month_pos = arrays["actual"], arrays["flags"], arrays["month_position"]
    lags = [i - 7 * k for k in range(1, weeks + 1) if i - 7 * k >= 0]
    clean = [j for j in lags if flags[j] == 0]
    if len(clean) < 2:  # the anomaly has lasted most of the baseline: it is the new normal
        clean = lags
    plain = [j for j in clean if not month_pos[j]]  # monthly charges are modelled apart
    return _median([float(values[j]) for j in (plain if len(plain) >= 2 else clean)])


def _warmup_residuals(fit: dict[str, np.ndarray], i: int) -> tuple[np.ndarray, np.ndarray]:
    """Leave-one-out residuals against each weekday's median, before one-day-ahead ones exist."""
    values = [float(v) for v in fit["actual"][:i]]
    resid, base = [], []
    for j in range(i):
        others = [values[k] for k in range(j % 7, i, 7) if k != j]
        if others:
            median = _median(others)
            resid.append(values[j] - median)
            base.append(abs(median))
    return np.array(resid), np.array(base)


def _scale(fit: dict[str, np.ndarray], i: int, params: DetectionParams, expected: float) -> float:
    """Robust noise (σ) for day i: MAD of recent one-day-ahead residuals of normal days."""
    lo = max(0, i - params.noise_window_days)
    keep = fit["evaluated"][lo:i] & (fit["flags"][lo:i] == 0)
    if int(keep.sum()) >= MIN_RESIDUALS:
        predicted = fit["expected"][lo:i][keep]
        resid, base = fit["actual"][lo:i][keep] - predicted, np.abs(predicted)
    else:
        resid, base = _warmup_residuals(fit, i)
    if expected != 0 and np.any(base > 0):
        relative = np.abs(resid[base > 0] / base[base > 0])
        return MAD_TO_SIGMA * _median(relative.tolist()) * abs(expected)
    return MAD_TO_SIGMA * _median(np.abs(resid).tolist()) if resid.size else 0.0


def _fit(values: np.ndarray, dates: pd.DatetimeIndex, params: DetectionParams) -> Fit:
    n = len(values)
    month_position, prev_position = _month_positions(dates)
    arrays = {"actual": values.astype(float), "expected": np.full(n, np.nan),
              "lower": np.full(n, np.nan), "upper": np.full(n, np.nan),
              "flags": np.zeros(n, dtype=int), "evaluated": np.zeros(n, dtype=bool),
              "month_position": month_position, "prev_position": prev_position}
    for i in range(params.min_history_days, n):
        excess = _monthly_excess(arrays, i, params)
        expected = _baseline(arrays, i, params.baseline_weeks) + excess
        sigma = _scale(arrays, i, params, expected)
        # a recurring monthly charge varies with the month's usage: tolerate some of it
        half = params.band_sigmas * sigma + params.monthly_charge_tolerance_percent / 100 * abs(
            excess)
        arrays["expected"][i], arrays["lower"][i], arrays["upper"][i] = (
            expected, expected - half, expected + half)
        arrays["evaluated"][i] = True
        delta = values[i] - expected
        if abs(delta) > half and exceeds(delta, expected, params):
            arrays["flags"][i] = 1 if delta > 0 else -1
    return Fit(dates, arrays["actual"], arrays["expected"], arrays["lower"], arrays["upper"],
                arrays["flags"], arrays["evaluated"])


def expected_series(frame_or_series: pd.DataFrame | pd.Series, *, last_day: date,
                    params: DetectionParams | None = None, dimension: str = "",
                    key: str = "") -> pd.DataFrame:
    """Date, actual, expected, lower, upper and anomalous for one series (for the band chart)."""
    params = params or DetectionParams()
    if isinstance(frame_or_series, pd.Series):
        values = frame_or_series.astype(float)
        values = values[values.index <= pd.Timestamp(last_day)]
        index = pd.date_range(values.index.min(), values.index.max(), freq="D")
        values = values.reindex(index).fillna(0.0)
    elif dimension:
        values = series_values(dated(frame_or_series), dimension, key, last_day)
    else:
        frame = dated(frame_or_series)
        index = day_index(frame, last_day)
        values = frame.groupby("date")["amount"].sum().reindex(index).fillna(0.0)
    fit = _fit(values.to_numpy(dtype=float), pd.DatetimeIndex(values.index), params)
    return pd.DataFrame({"date": fit.dates, "actual": fit.actual, "expected": fit.expected,
                         "lower": fit.lower, "upper": fit.upper, "anomalous": fit.flags != 0,
                         "evaluated": fit.evaluated})


def account_label(account_id: str, names: dict[str, str]) -> str:
    """'name (id)' when the account has a name, else the id."""
    name = names.get(account_id, "")
    return f"{name} ({account_id})" if name and name != account_id else account_id


def account_names(frame: pd.DataFrame) -> dict[str, str]:
    """Account id → name from the frame's rows (the last non-empty name wins)."""
    named = frame.loc[frame["account_name"].astype(str) != "", ["account_id", "account_name"]]
    named = named.drop_duplicates("account_id", keep="last")  # as dict(zip(...)): last wins
    return dict(zip(named["account_id"].astype(str), named["account_name"].astype(str),
                    strict=True))

