"""Month-end forecast from the per-weekday baseline, with its 80 % bootstrap interval; Cost
Explorer's GetCostForecast (which moto lacks) through botocore's Stubber."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pytest
from botocore.stub import Stubber

from finops_lib.anomalies import DetectionParams, RequestLog, Unavailable, history_start
from finops_lib.forecast import Forecast, cost_forecast, forecast_kpi, month_end_forecast

LAST = date(2026, 11, 18)  # a Wednesday; 12 days of November remain
PARAMS = DetectionParams()
DAYS = pd.date_range(history_start(LAST, PARAMS), LAST, freq="D")


def frame_of(values: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"date": DAYS, "account_id": "111111111111", "account_name": "prod",
                         "service": "EC2", "region": "us-east-1", "amount": values,
                         "currency": "USD", "estimated": False})


def seasonal(noise: float = 0.0, seed: int = 0) -> np.ndarray:
    base = np.where(DAYS.dayofweek >= 5, 400.0, 1000.0)
    if noise:
        base = base * np.random.default_rng(seed).normal(1.0, noise, len(DAYS))
    return np.asarray(base)


def test_flat_weekly_pattern_is_forecast_exactly() -> None:
    values = seasonal()
    fc = month_end_forecast(frame_of(values), last_day=LAST, params=PARAMS)
    month = DAYS.date >= date(2026, 11, 1)
    remaining = pd.date_range("2026-11-19", "2026-11-30")
    expected_rest = sum(400.0 if d.dayofweek >= 5 else 1000.0 for d in remaining)
    assert (fc.month_start, fc.month_end, fc.remaining_days) == (date(2026, 11, 1),
                                                                 date(2026, 11, 30), 12)
    assert fc.actual_to_date == pytest.approx(values[month].sum(), abs=0.005)
    assert fc.forecast_total == pytest.approx(values[month].sum() + expected_rest, abs=0.005)
    assert fc.lower_80 == fc.upper_80 == fc.forecast_total  # no residual spread, no interval
    assert fc.forecast_remaining == expected_rest


def test_steady_growth_is_followed() -> None:
    growth = 1.004 ** np.arange(len(DAYS))  # +0.4 %/day: a weekday median alone lags ~7 %
    values = seasonal() * growth
    fc = month_end_forecast(frame_of(values), last_day=LAST, params=PARAMS)
    rest = pd.date_range("2026-11-19", "2026-11-30")
    truth = sum((400.0 if d.dayofweek >= 5 else 1000.0) * 1.004 ** (d - DAYS[0]).days
                for d in rest)
    assert fc.forecast_remaining == pytest.approx(truth, rel=0.002)
    assert "steady growth +0.40%/day" in fc.method


def test_one_off_step_is_not_extrapolated() -> None:
    values = seasonal()
    values[DAYS.date >= date(2026, 11, 10)] *= 1.5  # a step 9 days ago, not a trend
    fc = month_end_forecast(frame_of(values), last_day=LAST, params=PARAMS)
    assert "growth" not in fc.method


def test_noisy_series_interval_brackets_the_point_and_covers_truth() -> None:
    covered = 0
    for seed in range(20):
        values = seasonal(noise=0.08, seed=seed)
        fc = month_end_forecast(frame_of(values), last_day=LAST, params=PARAMS)
        assert fc.lower_80 < fc.forecast_total < fc.upper_80
        rest = pd.date_range("2026-11-19", "2026-11-30")
        rng = np.random.default_rng(1000 + seed)
        truth = fc.actual_to_date + sum((400.0 if d.dayofweek >= 5 else 1000.0)
                                        * rng.normal(1.0, 0.08) for d in rest)
        covered += fc.lower_80 <= truth <= fc.upper_80
    # nominal 80 %; it is a little wider on flat series because it allows for undetected drift
    assert 14 <= covered <= 20


def test_interval_is_reproducible() -> None:
    frame = frame_of(seasonal(noise=0.05, seed=7))
    first = month_end_forecast(frame, last_day=LAST, params=PARAMS)
    assert month_end_forecast(frame, last_day=LAST, params=PARAMS) == first


def test_last_day_of_month_has_nothing_left_to_forecast() -> None:
    last = date(2026, 10, 31)
    frame = frame_of(seasonal())
    fc = month_end_forecast(frame, last_day=last, params=PARAMS)
    october = frame[(frame["date"] >= "2026-10-01") & (frame["date"] <= "2026-10-31")]
    assert fc.remaining_days == 0
    assert fc.forecast_total == fc.actual_to_date == pytest.approx(october["amount"].sum())
    assert fc.lower_80 == fc.upper_80 == fc.forecast_total


def test_recurring_month_end_charge_is_forecast() -> None:
    values = seasonal()
    values[DAYS.date == date(2026, 10, 31)] += 900.0  # last month's month-end fee
    with_fee = month_end_forecast(frame_of(values), last_day=LAST, params=PARAMS)
    without = month_end_forecast(frame_of(seasonal()), last_day=LAST, params=PARAMS)
    assert with_fee.forecast_total - without.forecast_total == pytest.approx(900.0)


def test_kpi_carries_the_interval() -> None:
    fc = Forecast(date(2026, 11, 1), date(2026, 11, 30), 100.0, 300.0, 250.0, 360.0, "m", 12)
    kpi = forecast_kpi(fc)
    assert (kpi.key, kpi.value, kpi.delta) == ("month_end_forecast", 300.0, None)
    assert "80% interval 250.00 – 360.00" in kpi.help




def test_cost_forecast_adds_the_interval_to_the_actual(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_response(
        "get_cost_forecast",
        {"Total": {"Amount": "3000.50", "Unit": "USD"},
         "ForecastResultsByTime": [{"TimePeriod": {"Start": "2026-11-19", "End": "2026-12-01"},
                                    "MeanValue": "3000.50",
                                    "PredictionIntervalLowerBound": "2500.25",
                                    "PredictionIntervalUpperBound": "3600.75"}]},
        {"TimePeriod": {"Start": "2026-11-19", "End": "2026-12-01"}, "Metric": "UNBLENDED_COST",
         "Granularity": "MONTHLY", "PredictionIntervalLevel": 80})
    log = RequestLog()
    fc = cost_forecast(client, date(2026, 11, 19), date(2026, 12, 1), "unblended",
                       actual_to_date=9000.0, month_start=date(2026, 11, 1), log=log)
    assert fc == Forecast(date(2026, 11, 1), date(2026, 11, 30), 9000.0, 12000.5, 11500.25,
                          12600.75, "AWS Cost Explorer GetCostForecast, 80% prediction interval",
                          12)
    assert log.count == 1


def test_cost_forecast_with_nothing_left_makes_no_request(stubbed: tuple[Any, Stubber]) -> None:
    client, _ = stubbed
    fc = cost_forecast(client, date(2026, 12, 1), date(2026, 12, 1), actual_to_date=42.0)
    assert isinstance(fc, Forecast) and fc.forecast_total == fc.upper_80 == 42.0


def test_cost_forecast_unavailable(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_client_error("get_cost_forecast", "DataUnavailableException",
                             "Insufficient amount of historical data to generate forecast")
    fc = cost_forecast(client, date(2026, 11, 19), date(2026, 12, 1))
    assert isinstance(fc, Unavailable) and fc.operation == "ce:GetCostForecast"
    assert "no data" in fc.reason
