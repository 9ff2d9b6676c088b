"""The batch fit (all series at once) agrees with the one-series reference fit on every day."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from finops_lib.anomalies import DetectionParams, fit_many
from finops_lib.anomalies.baseline import _fit


def _series(rng: np.random.Generator, days: int) -> np.ndarray:
    """Noisy weekly-seasonal series with spikes, drops, a month-start fee, a late start, zeros."""
    weekly = np.tile([1.0, 1.1, 1.2, 1.1, 1.0, 0.5, 0.4], days // 7 + 1)[:days]
    level = rng.choice([0.0, 5.0, 40.0, 300.0, 5000.0])
    values = level * weekly * rng.normal(1.0, rng.choice([0.01, 0.1, 0.4]), days).clip(0)
    for _ in range(rng.integers(0, 4)):
        start = int(rng.integers(0, days))
        values[start:start + int(rng.integers(1, 10))] *= rng.choice([0.0, 3.0, 10.0])
    if rng.random() < 0.3:
        values[:int(rng.integers(0, days))] = 0.0  # a new series
    return np.round(values, 2)


@pytest.mark.parametrize("start", ["2026-06-01", "2026-06-17"])
def test_batch_fit_equals_reference_fit_on_every_series(start: str) -> None:
    rng = np.random.default_rng(13)
    dates = pd.date_range(start, periods=120, freq="D")
    values = np.array([_series(rng, len(dates)) for _ in range(60)])
    month_start = np.asarray(dates.day == 1)
    values[::3, month_start] += 400.0  # a recurring monthly charge on every third series
    params = DetectionParams()
    batch = fit_many(values, dates, params)
    flagged = 0
    for row, series in enumerate(values):
        ref = _fit(series, dates, params)
        np.testing.assert_allclose(batch.expected[row], ref.expected, rtol=1e-9, equal_nan=True)
        np.testing.assert_allclose(batch.upper[row], ref.upper, rtol=1e-9, equal_nan=True)
        np.testing.assert_array_equal(batch.flags[row], ref.flags)
        np.testing.assert_array_equal(batch.evaluated, ref.evaluated)
        flagged += int((ref.flags != 0).any())
    assert flagged >= 10  # the comparison covered anomalous series, not only quiet ones


def test_batch_fit_with_no_series_and_short_history() -> None:
    dates = pd.date_range("2026-01-01", periods=10, freq="D")
    assert fit_many(np.zeros((0, 10)), dates, DetectionParams()).flags.shape == (0, 10)
    short = fit_many(np.ones((2, 10)), dates, DetectionParams())
    assert not short.evaluated.any() and not short.flags.any()


def test_row_medians_equal_numpys_nanmedian_bit_for_bit() -> None:
    import warnings

    from finops_lib.anomalies.batch import _nanmedian

    rng = np.random.default_rng(5)
    for shape in [(50, 7), (300, 28), (5, 1), (10, 2), (3, 0)]:
        matrix = np.round(rng.normal(size=shape) * 1000, 2)
        matrix[rng.random(shape) < 0.3] = np.nan
        if shape[1]:
            matrix[0] = np.nan  # a row with no value at all
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            want = np.nanmedian(matrix, axis=1) if shape[1] else np.full(shape[0], np.nan)
        np.testing.assert_array_equal(_nanmedian(matrix), want)
