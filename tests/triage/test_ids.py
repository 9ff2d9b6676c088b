"""Stable anomaly ids: the same series and start day give the same id; bad ids are refused."""

from __future__ import annotations

from datetime import date

import pytest

from finops_lib.errors import FinopsError
from finops_lib.triage import anomaly_id, check_id


def test_ids_are_stable_and_distinct_per_series_and_start() -> None:
    a = anomaly_id("service", "Amazon EC2", date(2026, 11, 20))
    assert a == anomaly_id("service", "Amazon EC2", "2026-11-20")
    assert len(a) == 10 and int(a, 16) >= 0
    assert a == anomaly_id("service", "Amazon EC2", date(2026, 11, 20))
    assert a != anomaly_id("service", "Amazon EC2", date(2026, 11, 21))
    assert a != anomaly_id("account_service", "Amazon EC2", date(2026, 11, 20))
    assert check_id(a.upper()) == a
    with pytest.raises(FinopsError, match="not an anomaly id"):
        check_id("../../etc")
