"""Daily cost anomaly detection on the canonical cost frame: pure computation, no I/O.

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

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from .anomaly_batch import BatchFit, fit_many
from .anomaly_batch import month_positions as _month_positions
from .errors import OptionError
from .formatting import fmt_money
from .report import Chart, Column, Table, money

__all__ = [
    "DIMENSIONS",
    "Anomaly",
    "DetectionParams",
    "RootCause",
    "anomalies_table",
    "anomaly_chart",
    "dated",
    "detect",
    "expected_series",
    "history_start",
    "root_causes_from_frame",
    "series_values",
    "with_root_causes",
]

DIMENSIONS: tuple[str, ...] = ("service", "account", "account_service")
_MAD_TO_SIGMA = 1.4826
_RECURRING_SIGMAS = 2.0
_MIN_RESIDUALS = 7


@dataclass(frozen=True)
class DetectionParams:
    """Thresholds and model settings; a day is anomalous only when all thresholds are passed."""

    min_percent: float = 20.0
    min_dollars: float = 25.0
    baseline_weeks: int = 4
    band_sigmas: float = 4.5
    min_history_days: int = 21
    noise_window_days: int = 56
    monthly_charge_tolerance_percent: float = 30.0
    explained_share_percent: float = 60.0
    severity_high_multiple: float = 20.0
    severity_medium_multiple: float = 5.0
    max_root_causes: int = 5

    def __post_init__(self) -> None:
        if self.baseline_weeks < 2:
            raise OptionError(f"--baseline-weeks must be ≥ 2, got {self.baseline_weeks}")
        if self.min_percent < 0 or self.min_dollars < 0:
            raise OptionError("anomaly thresholds must not be negative")

    @classmethod
    def from_options(cls, opts: Any) -> DetectionParams:
        """Parameters from resolved dashboard options (anomaly_min_percent, …)."""
        return cls(
            min_percent=float(getattr(opts, "anomaly_min_percent", cls.min_percent)),
            min_dollars=float(getattr(opts, "anomaly_min_dollars", cls.min_dollars)),
            baseline_weeks=int(getattr(opts, "baseline_weeks", cls.baseline_weeks)),
        )


@dataclass(frozen=True)
class RootCause:
    """One contributor to an anomaly's impact, ranked by dollars."""

    dimension: str  # account | region | usage_type | service (for account series)
    key: str
    impact_dollars: float
    share_percent: float
    label: str = ""


@dataclass(frozen=True)
class Anomaly:
    """One anomaly event: consecutive anomalous days of one series in one direction."""

    dimension: str  # service | account | account_service
    series_key: str  # service name | account id | "account_id/service"
    label: str
    account_id: str
    service: str
    start: date
    last_day: date
    ongoing: bool
    direction: str  # spike | drop
    actual: float
    expected: float
    impact_dollars: float
    impact_percent: float | None  # None when nothing was expected (a new series)
    severity: str  # high | medium | low
    recommended_action: str
    root_causes: tuple[RootCause, ...] = ()
    related: tuple[str, ...] = ()  # labels of the same event at other levels, folded in

    @property
    def days(self) -> int:
        """Number of days the anomaly covers."""
        return (self.last_day - self.start).days + 1

    @property
    def is_new(self) -> bool:
        """True when the series had no expected cost (a new service or account)."""
        return self.impact_percent is None


@dataclass(frozen=True)
class _Fit:
    dates: pd.DatetimeIndex
    actual: np.ndarray
    expected: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    flags: np.ndarray  # +1 spike, -1 drop, 0 normal
    evaluated: np.ndarray  # bool


# ---------------------------------------------------------------------------------------------
# series extraction


def dated(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with `date` as midnight Timestamps (dates or strings are accepted too)."""
    if pd.api.types.is_datetime64_any_dtype(frame["date"]):
        return frame
    return frame.assign(date=pd.to_datetime(frame["date"]).dt.normalize())


def _eval_end(frame: pd.DataFrame, last_day: date) -> date:
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


def _pivot(frame: pd.DataFrame, dimension: str, index: pd.DatetimeIndex) -> pd.DataFrame:
    """Days × series-key table of summed amounts; missing days are 0."""
    data = pd.DataFrame({"date": frame["date"], "key": _keys(frame, dimension),
                         "amount": frame["amount"].astype(float)})
    table = data.pivot_table(index="date", columns="key", values="amount", aggfunc="sum")
    return table.reindex(index).fillna(0.0)


def _day_index(frame: pd.DataFrame, last_day: date) -> pd.DatetimeIndex:
    end = _eval_end(frame, last_day)
    start = pd.Timestamp(frame["date"].min()) if not frame.empty else pd.Timestamp(end)
    return pd.date_range(start, pd.Timestamp(end), freq="D")


def _select(frame: pd.DataFrame, dimension: str, key: str) -> pd.DataFrame:
    return frame[_keys(frame, dimension) == key]


def series_values(frame: pd.DataFrame, dimension: str, key: str, last_day: date) -> pd.Series:
    """Daily amounts of one series over the frame's days (missing days are 0)."""
    index = _day_index(frame, last_day)
    sub = _select(frame, dimension, key)
    daily = sub.groupby("date")["amount"].sum()
    return daily.reindex(index).fillna(0.0).astype(float)


# ---------------------------------------------------------------------------------------------
# the baseline model


def _median(values: Sequence[float]) -> float:
    """Median of a short list (numpy's overhead dominates at these sizes)."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2)


def _exceeds(delta: float, reference: float, params: DetectionParams) -> bool:
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
        return excess if abs(excess) > _RECURRING_SIGMAS * noise else 0.0
    return excess if _exceeds(excess, local, params) else 0.0


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
    if int(keep.sum()) >= _MIN_RESIDUALS:
        predicted = fit["expected"][lo:i][keep]
        resid, base = fit["actual"][lo:i][keep] - predicted, np.abs(predicted)
    else:
        resid, base = _warmup_residuals(fit, i)
    if expected != 0 and np.any(base > 0):
        relative = np.abs(resid[base > 0] / base[base > 0])
        return _MAD_TO_SIGMA * _median(relative.tolist()) * abs(expected)
    return _MAD_TO_SIGMA * _median(np.abs(resid).tolist()) if resid.size else 0.0


def _fit(values: np.ndarray, dates: pd.DatetimeIndex, params: DetectionParams) -> _Fit:
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
        if abs(delta) > half and _exceeds(delta, expected, params):
            arrays["flags"][i] = 1 if delta > 0 else -1
    return _Fit(dates, arrays["actual"], arrays["expected"], arrays["lower"], arrays["upper"],
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
        index = _day_index(frame, last_day)
        values = frame.groupby("date")["amount"].sum().reindex(index).fillna(0.0)
    fit = _fit(values.to_numpy(dtype=float), pd.DatetimeIndex(values.index), params)
    return pd.DataFrame({"date": fit.dates, "actual": fit.actual, "expected": fit.expected,
                         "lower": fit.lower, "upper": fit.upper, "anomalous": fit.flags != 0,
                         "evaluated": fit.evaluated})


# ---------------------------------------------------------------------------------------------
# events


def _severity(impact: float, percent: float | None, params: DetectionParams) -> str:
    big_pct = percent is None or abs(percent) >= 50
    if abs(impact) >= params.severity_high_multiple * params.min_dollars and big_pct:
        return "high"
    if abs(impact) >= params.severity_medium_multiple * params.min_dollars or (
            percent is None or abs(percent) >= 100):
        return "medium"
    return "low"


def _action(a: Anomaly) -> str:
    top = a.root_causes[0] if a.root_causes else None
    where = f" (top cause: {top.dimension} {top.label or top.key})" if top else ""
    since = f"since {a.start.isoformat()}"
    if a.direction == "spike" and a.is_new:
        return (f"New cost {since}{where}: confirm it was planned, find its owner and add a "
                "budget or tag.")
    if a.direction == "spike" and a.ongoing and a.days >= 7:
        return (f"Lasting step up {since}{where}: confirm the change was intended (new capacity, "
                "pricing, traffic); it becomes the new baseline after the baseline weeks.")
    if a.direction == "spike" and a.ongoing:
        return (f"Ongoing spike {since}{where}: check deployments, scaling events and data "
                "transfer now; stop runaway resources.")
    if a.direction == "spike":
        return (f"Ended {a.last_day.isoformat()}{where}: confirm the one-off (batch job, backfill, "
                "test) and whether it will recur.")
    if a.actual <= 0.1 * a.expected:
        return (f"Cost nearly stopped {since}{where}: verify the workload is healthy (outage, "
                "failed deploy, deleted resources, expired credits).")
    return (f"Cost fell {since}{where}: verify the reduction was intended (rightsizing, "
            "shutdown) and not a failure or missing data.")


def with_root_causes(anomaly: Anomaly, causes: Iterable[RootCause]) -> Anomaly:
    """The anomaly with root causes attached and its recommended action refreshed."""
    updated = replace(anomaly, root_causes=tuple(causes))
    return replace(updated, recommended_action=_action(updated))


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(flags):
        if flags[i] == 0:
            i += 1
            continue
        j = i
        while j + 1 < len(flags) and flags[j + 1] == flags[i]:
            j += 1
        runs.append((i, j))
        i = j + 1
    return runs


@dataclass(frozen=True)
class _SeriesInfo:
    dimension: str
    key: str
    label: str
    account_id: str
    service: str


def _make_anomaly(info: _SeriesInfo, fit: _Fit, run: tuple[int, int], end: date,
                  params: DetectionParams) -> Anomaly:
    i, j = run
    actual = float(fit.actual[i:j + 1].sum())
    expected = float(fit.expected[i:j + 1].sum())
    impact = actual - expected
    percent = impact / abs(expected) * 100 if abs(expected) >= 0.005 else None
    last = fit.dates[j].date()
    anomaly = Anomaly(
        dimension=info.dimension, series_key=info.key, label=info.label,
        account_id=info.account_id, service=info.service, start=fit.dates[i].date(),
        last_day=last, ongoing=last == end, direction="spike" if fit.flags[i] > 0 else "drop",
        actual=money(actual), expected=money(expected), impact_dollars=money(impact),
        impact_percent=None if percent is None else round(percent, 1),
        severity=_severity(impact, percent, params), recommended_action="")
    return replace(anomaly, recommended_action=_action(anomaly))


def _account_label(account_id: str, names: dict[str, str]) -> str:
    name = names.get(account_id, "")
    return f"{name} ({account_id})" if name and name != account_id else account_id


def _info(dimension: str, key: str, names: dict[str, str]) -> _SeriesInfo:
    if dimension == "service":
        return _SeriesInfo(dimension, key, key, "", key)
    if dimension == "account":
        return _SeriesInfo(dimension, key, _account_label(key, names), key, "")
    account, service = key.split("/", 1)
    return _SeriesInfo(dimension, key, f"{_account_label(account, names)} / {service}",
                       account, service)


def _account_names(frame: pd.DataFrame) -> dict[str, str]:
    named = frame.loc[frame["account_name"].astype(str) != "", ["account_id", "account_name"]]
    named = named.drop_duplicates("account_id", keep="last")  # as dict(zip(...)): last wins
    return dict(zip(named["account_id"].astype(str), named["account_name"].astype(str),
                    strict=True))


def _levels(frame: pd.DataFrame) -> tuple[str, ...]:
    if frame["account_id"].nunique() > 1:
        return DIMENSIONS
    return ("service", "account")


def _row_fit(batch: BatchFit, row: int) -> _Fit:
    """One series' view of a batch fit."""
    return _Fit(batch.dates, batch.actual[row], batch.expected[row], batch.lower[row],
                batch.upper[row], batch.flags[row], batch.evaluated)


def _detect_all(frame: pd.DataFrame, end: date, params: DetectionParams) -> list[Anomaly]:
    index = _day_index(frame, end)
    names = _account_names(frame)
    found: list[Anomaly] = []
    for dimension in _levels(frame):
        table = _pivot(frame, dimension, index)
        values = table.to_numpy(dtype=float).T
        # cheap skip: a series whose every day is below half the dollar threshold cannot qualify
        peaks = np.abs(values).max(axis=1, initial=0.0)
        rows = np.flatnonzero((peaks * 2 >= params.min_dollars) & (values.shape[1] > 0))
        batch = fit_many(values[rows], index, params)
        flagged = set(np.flatnonzero((batch.flags != 0).any(axis=1)).tolist())
        for n, row in enumerate(rows):
            if n not in flagged:
                continue
            fit = _row_fit(batch, n)
            info = _info(dimension, str(table.columns[row]), names)
            found.extend(_make_anomaly(info, fit, run, end, params) for run in _runs(fit.flags))
    return found


# ---------------------------------------------------------------------------------------------
# de-duplication across levels


def _is_child(child: Anomaly, parent: Anomaly, single_account: bool) -> bool:
    if child.dimension == "account_service":
        return (parent.dimension == "service" and parent.series_key == child.service) or (
            parent.dimension == "account" and parent.series_key == child.account_id)
    return single_account and child.dimension == "service" and parent.dimension == "account"


def _overlap(a: Anomaly, b: Anomaly) -> bool:
    return a.direction == b.direction and a.start <= b.last_day and b.start <= a.last_day


def _candidates(found: Sequence[Anomaly], single_account: bool) -> list[list[int]]:
    """For each anomaly, the indexes (ascending) of the anomalies that may be its children:
    the same result as testing `_is_child` on every pair, without the n² scan."""
    by_service: dict[str, list[int]] = {}
    by_account: dict[str, list[int]] = {}
    services: list[int] = []
    for c, child in enumerate(found):
        if child.dimension == "account_service":
            by_service.setdefault(child.service, []).append(c)
            by_account.setdefault(child.account_id, []).append(c)
        elif child.dimension == "service":
            services.append(c)
    out: list[list[int]] = []
    for parent in found:
        if parent.dimension == "service":
            out.append(by_service.get(parent.series_key, []))
        elif parent.dimension == "account":
            extra = services if single_account else []
            out.append(sorted(by_account.get(parent.series_key, []) + extra))
        else:
            out.append([])
    return out


def _fold(found: Sequence[Anomaly], share_percent: float, single_account: bool) -> list[Anomaly]:
    target: dict[int, int] = {}
    candidates = _candidates(found, single_account)
    for p, parent in enumerate(found):
        children = [c for c in candidates[p]
                    if c != p and _is_child(found[c], parent, single_account)
                    and _overlap(found[c], parent)]
        if not children:
            continue
        best = max(children, key=lambda c: abs(found[c].impact_dollars))
        if abs(found[best].impact_dollars) >= share_percent / 100 * abs(parent.impact_dollars):
            target[p] = best
            continue
        for c in children:  # a spread-out event: the aggregate parent is kept
            if c not in target or abs(parent.impact_dollars) > abs(
                    found[target[c]].impact_dollars):
                target[c] = p
    return _resolve(found, target)


def _resolve(found: Sequence[Anomaly], target: dict[int, int]) -> list[Anomaly]:
    def root(i: int) -> int:
        seen = {i}
        while i in target and target[i] not in seen:
            i = target[i]
            seen.add(i)
        return i

    related: dict[int, list[str]] = {}
    for i in target:
        r = root(i)
        if r != i:
            related.setdefault(r, []).append(found[i].label)
    kept = [i for i in range(len(found)) if root(i) == i]
    return [replace(found[i], related=tuple(dict.fromkeys(related.get(i, [])))) for i in kept]


def detect(frame: pd.DataFrame, *, last_day: date, params: DetectionParams | None = None,
           lookback_days: int = 30) -> list[Anomaly]:
    """Anomalies touching the last `lookback_days` days up to `last_day`, ranked by |impact $|."""
    params = params or DetectionParams()
    frame = dated(frame)
    frame = frame[frame["date"] <= pd.Timestamp(last_day)]
    if frame.empty:
        return []
    end = _eval_end(frame, last_day)
    window_start = end - timedelta(days=lookback_days - 1)
    found = [a for a in _detect_all(frame, end, params) if a.last_day >= window_start]
    single = frame["account_id"].nunique() <= 1
    kept = _fold(found, params.explained_share_percent, single)
    return sorted(kept, key=lambda a: (-abs(a.impact_dollars), a.start, a.label))


# ---------------------------------------------------------------------------------------------
# root causes from the frame (demo, files: the frame already has account and region)


def root_causes_from_frame(frame: pd.DataFrame, anomaly: Anomaly,
                           params: DetectionParams | None = None) -> tuple[RootCause, ...]:
    """Accounts (or services), regions behind an anomaly, ranked by dollars of actual − expected
    (several anomalies: `root_causes.root_causes_many`, one pass for all)."""
    from .root_causes import root_causes_many  # it builds on this module

    return root_causes_many(frame, [anomaly], params)[0]


# ---------------------------------------------------------------------------------------------
# report elements


_TABLE_COLUMNS = (
    Column("series", "Series"),
    Column("direction", "Direction", "status"),
    Column("start", "Start", "date"),
    Column("last_day", "Last day", "date"),
    Column("ongoing", "Ongoing"),
    Column("actual", "Actual", "money"),
    Column("expected", "Expected", "money"),
    Column("impact", "Impact $", "money"),
    Column("impact_pct", "Impact %", "percent"),
    Column("severity", "Severity", "status"),
    Column("root_causes", "Root causes"),
    Column("action", "Recommended action"),
)


def _causes_text(causes: Sequence[RootCause]) -> str:
    return "; ".join(f"{c.dimension} {c.label or c.key} {fmt_money(c.impact_dollars, signed=True)}"
                     f" ({c.share_percent:.0f}%)" for c in causes)


def _row(a: Anomaly) -> dict[str, Any]:
    return {"series": a.label, "dimension": a.dimension, "direction": a.direction.upper(),
            "start": a.start.isoformat(), "last_day": a.last_day.isoformat(),
            "ongoing": "yes" if a.ongoing else "no", "actual": a.actual, "expected": a.expected,
            "impact": a.impact_dollars, "impact_pct": a.impact_percent,
            "severity": a.severity.upper(), "root_causes": _causes_text(a.root_causes),
            "action": a.recommended_action}


def anomalies_table(anomalies: Sequence[Anomaly]) -> Table:
    """The ranked anomaly events as a report table (key "anomaly_events")."""
    rows = tuple(_row(a) for a in anomalies)
    note = ("Expected = per-weekday median of the trailing non-anomalous weeks; an anomaly passes "
            "both the % and the $ threshold. Impact % is empty for a new series.")
    return Table("anomaly_events", "Cost anomalies (expected vs actual)", _TABLE_COLUMNS, rows,
                 note=note if rows else "No anomalies: every series stayed within its expected "
                 "band or below the thresholds.")


def _number(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) \
        else money(value)


def anomaly_chart(frame: pd.DataFrame, anomaly: Anomaly, *, params: DetectionParams | None = None,
                  context_days: int = 28) -> Chart:
    """The series with its expected band and the anomaly's days marked (kind "anomaly_series")."""
    params = params or DetectionParams()
    frame = dated(frame)
    end = pd.Timestamp(frame["date"].max()).date()
    fit = expected_series(frame, last_day=end, params=params, dimension=anomaly.dimension,
                          key=anomaly.series_key)
    first = pd.Timestamp(anomaly.start - timedelta(days=context_days))
    shown = fit[fit["evaluated"] & (fit["date"] >= first)]
    rows = tuple({"date": d.date().isoformat(), "actual": money(act), "expected": _number(exp),
                  "lower": _number(lo), "upper": _number(up),
                  "anomalous": bool(anomaly.start <= d.date() <= anomaly.last_day)}
                 for d, act, exp, lo, up in zip(shown["date"], shown["actual"], shown["expected"],
                                                shown["lower"], shown["upper"], strict=True))
    title = f"{anomaly.label}: {anomaly.direction} {fmt_money(anomaly.impact_dollars, signed=True)}"
    slug = re.sub(r"[^a-z0-9]+", "-", f"{anomaly.series_key}-{anomaly.start}".lower()).strip("-")
    return Chart(f"anomaly-{anomaly.dimension}-{slug}", title, "anomaly_series", rows,
                 {"series": anomaly.label, "start": anomaly.start.isoformat(),
                  "last_day": anomaly.last_day.isoformat(), "direction": anomaly.direction})
