"""The demo source's hourly rows: a diurnal profile, hours that add up to the daily demo to the
cent, the planted storm in a few hours of the last day."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from finops_lib.sources.base import CostQuery
from finops_lib.sources.demo import DIURNAL_PROFILE, STORM_START_HOUR, DemoSource
from tests.independent import cents

AS_OF = date(2026, 11, 26)
CLOUDWATCH = ("shared-services", "AmazonCloudWatch")


def test_diurnal_profile_is_a_distribution() -> None:
    assert len(DIURNAL_PROFILE) == 24 and (DIURNAL_PROFILE > 0).all()
    assert abs(float(DIURNAL_PROFILE.sum()) - 1.0) < 1e-12


@pytest.mark.parametrize("metric", ["unblended", "amortized", "net-unblended"])
def test_demo_hours_add_up_to_the_daily_demo_to_the_cent(metric: str) -> None:
    # as of Dec 3: the window holds a month-end tax line and a 1st-of-month commitment fee
    source = DemoSource(date(2026, 12, 3))
    start, end = date(2026, 11, 28), date(2026, 12, 3)
    daily = source.costs(CostQuery(start, end, metric))
    hourly = source.costs(CostQuery(start, end, metric, granularity="HOURLY"))
    sums: dict[tuple[date, str, str], float] = defaultdict(float)
    hours: dict[tuple[date, str, str], set[int]] = defaultdict(set)
    for row in hourly.to_dict("records"):
        key = (row["date"].date(), row["account_id"], row["service"])
        sums[key] += row["amount"]
        hours[key].add(row["date"].hour)
    expected = {(r["date"].date(), r["account_id"], r["service"]): r["amount"]
                for r in daily.to_dict("records")}
    assert set(sums) == set(expected)
    assert any(k[2] == "Tax" for k in expected) and len(expected) > 200
    for key, amount in expected.items():
        assert cents(sums[key]) == cents(amount), key
        assert hours[key] == set(range(24)), key
    assert cents(float(hourly["amount"].sum())) == cents(source.total(CostQuery(start, end, metric)))


def test_demo_storm_is_concentrated_in_a_few_hours_of_the_last_day() -> None:
    source = DemoSource(AS_OF)
    frame = source.costs(CostQuery(date(2026, 11, 24), AS_OF, granularity="HOURLY"))
    cw = frame[(frame.account_name == CLOUDWATCH[0]) & (frame.service == CLOUDWATCH[1])]
    by_hour = cw.assign(hour=cw.date.dt.hour, day=cw.date.dt.date)
    storm = by_hour[by_hour.day == date(2026, 11, 25)].set_index("hour")["amount"]
    calm = by_hour[by_hour.day == date(2026, 11, 24)].set_index("hour")["amount"]
    ratio = storm / calm
    loud = sorted(int(h) for h in ratio[ratio > 2].index)
    assert loud == list(range(STORM_START_HOUR, STORM_START_HOUR + 4))
    assert (ratio.drop(loud).between(0.8, 1.25)).all()
    # the day as a whole is the planted ×4 storm
    assert 3.5 < storm.sum() / calm.sum() < 4.5
