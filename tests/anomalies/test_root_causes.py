"""Root causes of many anomalies in one pass equal the one-anomaly-at-a-time computation."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from finops_lib.anomalies import (
    Anomaly,
    DetectionParams,
    RootCause,
    detect,
    root_causes_from_frame,
    root_causes_many,
    with_root_causes,
)
from finops_lib.anomalies.baseline import _fit

from .conftest import LAST, A, B, at, frame_of, only, seasonal

PARAMS = DetectionParams()
DAYS = pd.date_range("2026-07-01", "2026-10-28", freq="D")
ACCOUNTS = ("111111111111", "222222222222", "333333333333")
SERVICES = ("EC2", "S3", "RDS")
REGIONS = ("us-east-1", "eu-west-1")


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    rows = []
    for acct in ACCOUNTS:
        for svc in SERVICES:
            for region in REGIONS:
                level = rng.choice([50.0, 400.0, 2000.0])
                values = level * rng.normal(1.0, 0.03, len(DAYS))
                start = int(rng.integers(60, len(DAYS) - 5))
                values[start:start + int(rng.integers(1, 4))] *= rng.choice([0.1, 3.0])
                rows += [{"date": d, "account_id": acct, "account_name": f"n-{acct[:3]}",
                          "service": svc, "region": region, "amount": round(float(v), 2)}
                         for d, v in zip(DAYS, values, strict=True)]
    return pd.DataFrame(rows)


def _reference(frame: pd.DataFrame, a: Anomaly) -> tuple[RootCause, ...]:
    """One anomaly at a time: select its rows, fit each contributor up to its last day."""
    frame = frame[frame["date"] <= pd.Timestamp(a.last_day)]
    key = {"service": frame["service"], "account": frame["account_id"],
           "account_service": frame["account_id"] + "/" + frame["service"]}[a.dimension]
    sub = frame[key == a.series_key]
    columns = {"service": ["account_id", "region"], "account": ["service", "region"],
               "account_service": ["region"]}[a.dimension]
    columns = [c for c in columns if sub[c].nunique() > 1] or ["region"]
    index = pd.date_range(frame["date"].min(), pd.Timestamp(a.last_day), freq="D")
    days = (index >= pd.Timestamp(a.start)) & (index <= pd.Timestamp(a.last_day))
    sign = 1 if a.direction == "spike" else -1
    causes = []
    for column in columns:
        for value, part in sub.groupby(column):
            series = part.groupby("date")["amount"].sum().reindex(index).fillna(0.0)
            fit = _fit(series.to_numpy(dtype=float), index, PARAMS)
            impact = float((fit.actual[days] - np.nan_to_num(fit.expected[days])).sum())
            if impact * sign > 0:
                dimension = "account" if column == "account_id" else column
                label = f"n-{value[:3]} ({value})" if dimension == "account" else value
                causes.append(RootCause(dimension, value, round(impact, 2),
                                        round(impact / a.impact_dollars * 100, 1), label))
    causes.sort(key=lambda c: -abs(c.impact_dollars))
    return tuple(causes[:PARAMS.max_root_causes])


def test_one_pass_root_causes_equal_one_anomaly_at_a_time() -> None:
    frame = _frame()
    found = detect(frame, last_day=date(2026, 10, 28), params=PARAMS, lookback_days=60)
    assert {a.dimension for a in found} >= {"account_service"} and len(found) >= 5
    assert len({a.last_day for a in found}) >= 3  # several last days: the causal fit matters
    got = root_causes_many(frame, found, PARAMS)
    for anomaly, causes in zip(found, got, strict=True):
        want = _reference(frame, anomaly)
        assert [(c.dimension, c.key, c.label) for c in causes] == [
            (c.dimension, c.key, c.label) for c in want]
        assert [c.impact_dollars for c in causes] == [c.impact_dollars for c in want]
    assert sum(len(c) for c in got) >= len(found)


def test_no_anomalies_and_a_series_without_rows() -> None:
    frame = _frame()
    assert root_causes_many(frame, [], PARAMS) == []
    ghost = detect(frame, last_day=date(2026, 10, 28), params=PARAMS, lookback_days=60)[0]
    ghost = Anomaly(**{**ghost.__dict__, "series_key": "nobody", "dimension": "account"})
    assert root_causes_many(frame, [ghost], PARAMS) == [()]


def test_root_causes_from_frame_rank_accounts_and_regions_by_dollars() -> None:
    day = date(2026, 10, 21)
    a_east, b_east = seasonal(), seasonal()
    a_east[at(day)] = 3200.0  # +2200: no single account explains ≥ 60 %, so EC2 is kept
    b_east[at(day)] = 2800.0  # +1800
    frame = pd.concat([frame_of({(A, "EC2"): a_east, (B, "EC2"): b_east}),
                       frame_of({(A, "EC2"): seasonal(300, 300)}, region="eu-west-1")])
    a = only(detect(frame, last_day=LAST, params=PARAMS))
    assert (a.dimension, a.impact_dollars) == ("service", 4000.0)
    causes = root_causes_from_frame(frame, a, PARAMS)
    assert causes[:3] == (
        RootCause("region", "us-east-1", 4000.0, 100.0, "us-east-1"),
        RootCause("account", A, 2200.0, 55.0, f"name-111 ({A})"),
        RootCause("account", B, 1800.0, 45.0, f"name-222 ({B})"),
    )
    single = frame_of({(A, "EC2"): a_east})  # one account, one region: the region is all
    lone = only(detect(single, last_day=LAST, params=PARAMS))
    assert root_causes_from_frame(single, lone, PARAMS) == (
        RootCause("region", "us-east-1", 2200.0, 100.0, "us-east-1"),)
    updated = with_root_causes(a, causes)
    assert "top cause: region us-east-1" in updated.recommended_action
