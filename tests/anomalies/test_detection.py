"""Anomaly detection on constructed series: each event kind, seasonality, dedupe, ranking."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from finops_lib.anomalies import DetectionParams, detect

from .conftest import DAYS, LAST, PARAMS, A, B, at, frame_of, only, seasonal


def test_seasonality_with_noise_raises_nothing() -> None:
    cells = {(A, f"svc{i}"): seasonal(1000 * (i + 1), 450 * (i + 1), noise=0.05, seed=i)
             for i in range(4)}
    assert detect(frame_of(cells), last_day=LAST, params=PARAMS) == []


@pytest.mark.parametrize("seed", range(8))
def test_noisy_weekday_weekend_swings_stay_quiet(seed: int) -> None:
    cells = {(A, "EC2"): seasonal(2000, 600, noise=0.08, seed=seed),
             (B, "EC2"): seasonal(800, 700, noise=0.04, seed=seed + 50)}
    assert detect(frame_of(cells), last_day=LAST, params=PARAMS) == []


def test_single_day_spike() -> None:
    values = seasonal()
    spike_day = date(2026, 10, 14)  # Wednesday: expected is the weekday level, 1000
    values[at(spike_day)] = 3000.0
    a = only(detect(frame_of({(A, "EC2"): values}), last_day=LAST, params=PARAMS))
    assert (a.start, a.last_day, a.days, a.ongoing) == (spike_day, spike_day, 1, False)
    assert (a.direction, a.dimension, a.series_key) == ("spike", "service", "EC2")
    assert (a.actual, a.expected, a.impact_dollars, a.impact_percent) == (3000.0, 1000.0,
                                                                          2000.0, 200.0)
    assert a.severity == "high"  # 2000 ≥ 20 × 25 and 200 % ≥ 50 %
    assert a.related == ("name-111 (111111111111)",)  # the single account's total, folded in
    assert "Ended 2026-10-14" in a.recommended_action


def test_multi_day_plateau_merges_into_one_event() -> None:
    values = seasonal()
    first, last = date(2026, 10, 9), date(2026, 10, 13)  # Fri..Tue, spans a weekend
    values[at(first):at(last) + 1] *= 2
    a = only(detect(frame_of({(A, "EC2"): values}), last_day=LAST, params=PARAMS))
    assert (a.start, a.last_day, a.days) == (first, last, 5)
    expected = 3 * 1000 + 2 * 400
    assert (a.actual, a.expected, a.impact_dollars) == (2 * expected, expected, expected)
    assert a.impact_percent == 100.0


def test_drop_to_near_zero_is_ongoing() -> None:
    values = seasonal()
    first = date(2026, 10, 24)
    values[at(first):] = 5.0
    a = only(detect(frame_of({(A, "RDS"): values}), last_day=LAST, params=PARAMS))
    assert (a.direction, a.start, a.last_day, a.ongoing) == ("drop", first, LAST, True)
    assert a.expected == 2 * 400 + 3 * 1000
    assert a.impact_dollars == pytest.approx(5 * 5 - a.expected)
    assert "nearly stopped" in a.recommended_action


def test_new_service_is_one_ongoing_spike_without_percent() -> None:
    values = np.zeros(len(DAYS))
    first = date(2026, 10, 20)
    values[at(first):] = 300.0
    cells = {(A, "EC2"): seasonal(), (A, "Amazon Bedrock"): values}
    a = only(detect(frame_of(cells), last_day=LAST, params=PARAMS))
    assert (a.series_key, a.start, a.last_day, a.ongoing) == ("Amazon Bedrock", first, LAST, True)
    assert a.impact_percent is None and a.is_new
    assert a.impact_dollars == 9 * 300.0
    assert a.recommended_action.startswith("New cost since 2026-10-20")


def test_level_shift_is_reported_once_and_ongoing() -> None:
    values = seasonal(noise=0.03, seed=4)
    first = date(2026, 10, 12)
    values[at(first):] *= 1.8
    a = only(detect(frame_of({(A, "S3"): values}), last_day=LAST, params=PARAMS))
    assert (a.start, a.last_day, a.ongoing, a.days) == (first, LAST, True, 17)
    assert "Lasting step up" in a.recommended_action


def test_level_shift_becomes_the_new_normal_after_the_baseline() -> None:
    values = seasonal()
    first = LAST - timedelta(days=7 * PARAMS.baseline_weeks + 3)
    values[at(first):] *= 2
    a = only(detect(frame_of({(A, "S3"): values}), last_day=LAST, params=PARAMS))
    assert a.start == first and not a.ongoing  # absorbed: no longer anomalous today


def test_recurring_month_start_tax_is_expected() -> None:
    tax = np.where(DAYS.day == 1, 800.0, 0.0)
    tax[DAYS.day == 1] *= np.linspace(0.95, 1.1, int((DAYS.day == 1).sum()))
    cells = {(A, "EC2"): seasonal(), (A, "Tax"): tax}
    assert detect(frame_of(cells), last_day=LAST, params=PARAMS) == []


def test_changed_month_start_tax_is_an_anomaly() -> None:
    tax = np.where(DAYS.day == 1, 800.0, 0.0)
    tax[at(date(2026, 10, 1))] = 2400.0
    cells = {(A, "EC2"): seasonal(), (A, "Tax"): tax}
    a = only(detect(frame_of(cells), last_day=LAST, params=PARAMS))
    assert (a.series_key, a.start, a.actual, a.expected) == ("Tax", date(2026, 10, 1),
                                                              2400.0, 800.0)


def test_missing_trailing_day_is_not_a_drop() -> None:
    frame = frame_of({(A, "EC2"): seasonal()})
    frame = frame[frame["date"] < pd.Timestamp(LAST)]  # Cost Explorer has not filled LAST yet
    assert detect(frame, last_day=LAST, params=PARAMS) == []


def test_lookback_excludes_older_events() -> None:
    values = seasonal()
    values[at(LAST - timedelta(days=40))] = 5000.0
    frame = frame_of({(A, "EC2"): values})
    assert detect(frame, last_day=LAST, params=PARAMS, lookback_days=30) == []
    assert len(detect(frame, last_day=LAST, params=PARAMS, lookback_days=45)) == 1


def test_thresholds_both_required() -> None:
    values = seasonal(100, 100)
    values[at(date(2026, 10, 14))] = 150.0  # +50 % but only +$50
    frame = frame_of({(A, "EC2"): values})
    assert detect(frame, last_day=LAST, params=DetectionParams(min_dollars=60)) == []
    assert detect(frame, last_day=LAST, params=DetectionParams(min_percent=60)) == []
    assert len(detect(frame, last_day=LAST, params=DetectionParams(min_dollars=40))) == 1


def test_event_in_one_account_service_is_reported_once_at_the_specific_level() -> None:
    spiky = seasonal()
    spiky[at(date(2026, 10, 21))] = 4000.0
    cells = {(A, "EC2"): spiky, (B, "EC2"): seasonal(), (A, "S3"): seasonal(200, 200)}
    a = only(detect(frame_of(cells), last_day=LAST, params=PARAMS))
    assert (a.dimension, a.series_key) == ("account_service", f"{A}/EC2")
    assert set(a.related) == {"EC2", "name-111 (111111111111)"}


def test_event_spread_over_accounts_is_reported_once_at_the_service_level() -> None:
    day = date(2026, 10, 21)
    cells = {(acct, "EC2"): seasonal() for acct in (A, B)}
    for values in cells.values():
        values[at(day)] = 3000.0
    a = only(detect(frame_of(cells), last_day=LAST, params=PARAMS))
    assert (a.dimension, a.series_key, a.impact_dollars) == ("service", "EC2", 4000.0)
    assert {f"name-111 ({A}) / EC2", f"name-222 ({B}) / EC2"} <= set(a.related)


def test_ranked_by_absolute_impact() -> None:
    small, big = seasonal(), seasonal(2000, 2000)
    small[at(date(2026, 10, 21))] = 2000.0
    big[at(date(2026, 10, 15))] = 100.0
    found = detect(frame_of({(A, "EC2"): small, (A, "RDS"): big}), last_day=LAST, params=PARAMS)
    assert [(a.series_key, a.impact_dollars) for a in found] == [("RDS", -1900.0),
                                                                  ("EC2", 1000.0)]


def test_dominant_account_keeps_the_specific_series() -> None:
    day = date(2026, 10, 21)
    a_ec2, b_ec2 = seasonal(), seasonal()
    a_ec2[at(day)] = 4000.0  # +3000 of the service's +4000: 75 % ≥ 60 %
    b_ec2[at(day)] = 2000.0
    found = detect(frame_of({(A, "EC2"): a_ec2, (B, "EC2"): b_ec2}), last_day=LAST,
                   params=PARAMS)
    assert [(a.series_key, a.impact_dollars) for a in found] == [(f"{A}/EC2", 3000.0),
                                                                  (f"{B}/EC2", 1000.0)]
    assert "EC2" in found[0].related
    assert sum(a.impact_dollars for a in found) == 4000.0  # the event is counted once


def test_plain_dates_are_accepted() -> None:
    values = seasonal()
    values[at(date(2026, 10, 21))] = 2500.0
    frame = frame_of({(A, "EC2"): values})
    as_text = frame.assign(date=frame["date"].dt.date.astype(str))
    assert detect(as_text, last_day=LAST) == detect(frame, last_day=LAST)


def test_empty_frame() -> None:
    empty = pd.DataFrame(columns=["date", "account_id", "account_name", "service", "region",
                                  "amount", "currency", "estimated"])
    assert detect(empty, last_day=LAST, params=PARAMS) == []
