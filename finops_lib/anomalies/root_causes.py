"""Root causes of many anomalies from the cost frame in one grouped pass.

For each anomaly, the accounts (or services) and regions inside its series are ranked by
actual − expected over the anomaly's days, each contributor fitted with the same baseline model.
Rather than one frame scan and one fit per anomaly, the frame is aggregated once per (level,
cause column), every contributor series of every anomaly is fitted in one batch, and each
anomaly reads its rows. The fit is causal (day d uses days ≤ d only), so fitting once up to the
latest anomaly gives each anomaly the same expected values as fitting up to its own last day.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..report import money
from .baseline import account_label, account_names, dated, day_index
from .batch import fit_many
from .model import Anomaly, DetectionParams, RootCause

__all__ = ["root_causes_from_frame", "root_causes_many"]

_SERIES_COLUMNS = {"service": ["service"], "account": ["account_id"],
                   "account_service": ["account_id", "service"]}
_CAUSE_COLUMNS = {"service": ["account_id", "region"], "account": ["service", "region"],
                  "account_service": ["region"]}


def _series_key(frame: pd.DataFrame, dimension: str) -> pd.Series:
    if dimension == "account_service":
        return frame["account_id"].astype(str) + "/" + frame["service"].astype(str)
    return frame[_SERIES_COLUMNS[dimension][0]].astype(str)


def _daily(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame summed to one row per day × account × service × region (the only grouping)."""
    keys = ["account_id", "service", "region", "date"]
    return frame.groupby(keys, sort=False, observed=True)["amount"].sum().reset_index()


class _Contributions:
    """Per (series key, cause value): daily actual − expected and the first day it has a row."""

    def __init__(self, daily: pd.DataFrame, dimension: str, column: str, keys: set[str],
                 index: pd.DatetimeIndex, params: DetectionParams) -> None:
        rows = daily.assign(key=_series_key(daily, dimension))
        rows = rows[rows["key"].isin(keys)]
        grouped = rows.groupby(["key", column, "date"], observed=True)["amount"].sum()
        wide = grouped.unstack("date").reindex(columns=index).fillna(0.0).sort_index()
        fit = fit_many(wide.to_numpy(dtype=float), index, params)
        self.excess = fit.actual - np.nan_to_num(fit.expected, nan=0.0)
        first = rows.groupby(["key", column], observed=True)["date"].min()
        # each series' first days, sorted: `distinct` is a binary search, not an index lookup
        self.first_days = {str(k): np.sort(v.to_numpy()) for k, v in first.groupby(level=0)}
        self.index = index
        self.rows = {key: (wide.index.get_level_values(1)[pos], pos)
                     for key, pos in _positions(wide.index.get_level_values(0)).items()}

    def impacts(self, anomaly: Anomaly) -> list[tuple[str, float]]:
        """(cause value, dollars of actual − expected over the anomaly's days), in value order."""
        values, positions = self.rows.get(anomaly.series_key, ((), np.array([], dtype=int)))
        first = int(self.index.searchsorted(pd.Timestamp(anomaly.start)))
        last = int(self.index.searchsorted(pd.Timestamp(anomaly.last_day), side="right"))
        sums = self.excess[positions, first:last].sum(axis=1)
        return [(str(v), float(s)) for v, s in zip(values, sums, strict=True) if str(v)]

    def distinct(self, anomaly: Anomaly) -> int:
        """How many cause values the series has on or before the anomaly's last day."""
        first = self.first_days.get(anomaly.series_key)
        if first is None:
            return 0
        return int(np.searchsorted(first, np.datetime64(pd.Timestamp(anomaly.last_day)),
                                   side="right"))


def _positions(labels: pd.Index) -> dict[str, np.ndarray]:
    codes, uniques = pd.factorize(labels)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    return {str(u): order[bounds[n]:bounds[n + 1]] for n, u in enumerate(uniques)}


def _causes(anomaly: Anomaly, tables: dict[str, _Contributions], names: dict[str, str],
            params: DetectionParams) -> tuple[RootCause, ...]:
    # a dimension with one value explains nothing (always 100 %); region if nothing else
    columns = [c for c in _CAUSE_COLUMNS[anomaly.dimension]
               if tables[c].distinct(anomaly) > 1] or ["region"]
    sign = 1 if anomaly.direction == "spike" else -1
    causes = []
    for column in columns:
        dimension = "account" if column == "account_id" else column
        for key, impact in tables[column].impacts(anomaly):
            if impact * sign > 0:
                share = impact / anomaly.impact_dollars * 100 if anomaly.impact_dollars else 0.0
                label = account_label(key, names) if dimension == "account" else key
                causes.append(RootCause(dimension, key, money(impact), round(share, 1), label))
    causes.sort(key=lambda c: -abs(c.impact_dollars))
    return tuple(causes[:params.max_root_causes])


def root_causes_many(frame: pd.DataFrame, anomalies: Sequence[Anomaly],
                     params: DetectionParams | None = None) -> list[tuple[RootCause, ...]]:
    """Each anomaly's accounts (or services) and regions ranked by dollars, in one pass."""
    params = params or DetectionParams()
    if not anomalies:
        return []
    frame = dated(frame)
    last = max(a.last_day for a in anomalies)
    frame = frame[frame["date"] <= pd.Timestamp(last)]
    if frame.empty:
        return [() for _ in anomalies]
    daily, names, index = _daily(frame), account_names(frame), day_index(frame, last)
    out: dict[int, tuple[RootCause, ...]] = {}
    for dimension, columns in _CAUSE_COLUMNS.items():
        mine = [(n, a) for n, a in enumerate(anomalies) if a.dimension == dimension]
        if not mine:
            continue
        keys = {a.series_key for _, a in mine}
        tables = {c: _Contributions(daily, dimension, c, keys, index, params) for c in columns}
        for n, anomaly in mine:
            present = tables["region"].distinct(anomaly) > 0
            out[n] = _causes(anomaly, tables, names, params) if present else ()
    return [out.get(n, ()) for n in range(len(anomalies))]


def root_causes_from_frame(frame: pd.DataFrame, anomaly: Anomaly,
                           params: DetectionParams | None = None) -> tuple[RootCause, ...]:
    """Accounts (or services), regions behind an anomaly, ranked by dollars of actual − expected
    (several anomalies: `root_causes_many`, one pass for all)."""
    return root_causes_many(frame, [anomaly], params)[0]
