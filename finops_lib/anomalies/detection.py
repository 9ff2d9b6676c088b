"""Anomaly events from the baseline fit: runs of anomalous days, severity, the recommended
action, and de-duplication across the service, account and account × service levels (the model
is described in `baseline`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from ..report import money
from .baseline import Fit, account_label, account_names, dated, day_index, eval_end, pivot
from .batch import BatchFit, fit_many
from .model import DIMENSIONS, Anomaly, DetectionParams, RootCause

__all__ = ["detect", "with_root_causes"]


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


def _make_anomaly(info: _SeriesInfo, fit: Fit, run: tuple[int, int], end: date,
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



def _info(dimension: str, key: str, names: dict[str, str]) -> _SeriesInfo:
    if dimension == "service":
        return _SeriesInfo(dimension, key, key, "", key)
    if dimension == "account":
        return _SeriesInfo(dimension, key, account_label(key, names), key, "")
    account, service = key.split("/", 1)
    return _SeriesInfo(dimension, key, f"{account_label(account, names)} / {service}",
                       account, service)



def _levels(frame: pd.DataFrame) -> tuple[str, ...]:
    if frame["account_id"].nunique() > 1:
        return DIMENSIONS
    return ("service", "account")


def _row_fit(batch: BatchFit, row: int) -> Fit:
    """One series' view of a batch fit."""
    return Fit(batch.dates, batch.actual[row], batch.expected[row], batch.lower[row],
                batch.upper[row], batch.flags[row], batch.evaluated)


def _detect_all(frame: pd.DataFrame, end: date, params: DetectionParams) -> list[Anomaly]:
    index = day_index(frame, end)
    names = account_names(frame)
    found: list[Anomaly] = []
    for dimension in _levels(frame):
        table = pivot(frame, dimension, index)
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
    end = eval_end(frame, last_day)
    window_start = end - timedelta(days=lookback_days - 1)
    found = [a for a in _detect_all(frame, end, params) if a.last_day >= window_start]
    single = frame["account_id"].nunique() <= 1
    kept = _fold(found, params.explained_share_percent, single)
    return sorted(kept, key=lambda a: (-abs(a.impact_dollars), a.start, a.label))

