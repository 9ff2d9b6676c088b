"""Shared by the anomaly tests: constructed daily series (detection, root causes, tables) and
Cost Explorer clients on moto or botocore's Stubber (drill-down, GetAnomalies, the report)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import boto3
import numpy as np
import pandas as pd
import pytest

from finops_lib.anomalies import Anomaly, DetectionParams, history_start

LAST = date(2026, 10, 28)  # a Wednesday
PARAMS = DetectionParams()
DAYS = pd.date_range(history_start(LAST, PARAMS), LAST, freq="D")
A, B = "111111111111", "222222222222"


def seasonal(weekday: float = 1000.0, weekend: float = 400.0, noise: float = 0.0,
             seed: int = 0) -> np.ndarray:
    """Weekday/weekend level with optional multiplicative noise."""
    base = np.where(DAYS.dayofweek >= 5, weekend, weekday).astype(float)
    if noise:
        base *= np.random.default_rng(seed).normal(1.0, noise, len(DAYS))
    return np.asarray(base)


def at(day: date) -> int:
    return int((pd.Timestamp(day) - DAYS[0]).days)


def frame_of(cells: Mapping[tuple[str, str], np.ndarray], region: str = "us-east-1"
             ) -> pd.DataFrame:
    rows = [{"date": d, "account_id": acct, "account_name": f"name-{acct[:3]}", "service": svc,
             "region": region, "amount": float(v), "currency": "USD", "estimated": False}
            for (acct, svc), values in cells.items()
            for d, v in zip(DAYS, values, strict=True) if v != 0]
    return pd.DataFrame(rows)


def only(found: list[Anomaly]) -> Anomaly:
    assert len(found) == 1, [(a.label, a.start, a.last_day) for a in found]
    return found[0]


EC2 = "Amazon Elastic Compute Cloud - Compute"
SPIKE_DAY = date(2026, 10, 21)  # a Wednesday; its baseline is Wednesday 2026-10-14


def anomaly(dimension: str = "service", days: int = 1, direction: str = "spike") -> Anomaly:
    account = A if dimension != "service" else ""
    service = EC2 if dimension != "account" else ""
    key = {"service": EC2, "account": A, "account_service": f"{A}/{EC2}"}[dimension]
    return Anomaly(dimension, key, key, account, service, SPIKE_DAY,
                   SPIKE_DAY + timedelta(days=days - 1), False, direction, 0.0, 0.0, 0.0, 0.0,
                   "high", "")


def day_result(day: date, groups: list[tuple[list[str], str]],
               metric: str = "UnblendedCost") -> dict[str, Any]:
    return {"TimePeriod": {"Start": day.isoformat(),
                           "End": (day + timedelta(days=1)).isoformat()},
            "Total": {}, "Estimated": False,
            "Groups": [{"Keys": keys, "Metrics": {metric: {"Amount": amount, "Unit": "USD"}}}
                       for keys, amount in groups]}


def days_between(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


@pytest.fixture
def ce(moto_aws: Any) -> Any:
    return boto3.client("ce", region_name="us-east-1")


