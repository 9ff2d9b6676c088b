"""The per-weekday baseline model of `baseline` fitted to many series at once.

Same rules as the one-series reference fit (`baseline._fit`), day by day, but every step is a
numpy operation across all series: a 10-million-row organization has thousands of account ×
service series and a Python loop per series per day costs seconds. The one-series fit stays the
readable specification; tests check the two agree on every day of random series.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .model import MAD_TO_SIGMA, MIN_RESIDUALS, RECURRING_SIGMAS

__all__ = ["BatchFit", "fit_many", "month_positions"]



@dataclass(frozen=True)
class BatchFit:
    """Series × days arrays of the fit; `evaluated` is per day (the same for every series)."""

    dates: pd.DatetimeIndex
    actual: np.ndarray
    expected: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    flags: np.ndarray  # +1 spike, -1 drop, 0 normal
    evaluated: np.ndarray


def month_positions(dates: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
    """Which days are a month's 1st or last day, and the index of the same position in the
    previous month (-1 when that is before the frame)."""
    is_pos = np.asarray((dates.day == 1) | dates.is_month_end)
    prev = np.full(len(dates), -1)
    for i in np.flatnonzero(is_pos):
        day = dates[i]
        before = day - pd.DateOffset(months=1) if day.day == 1 else (
            day.replace(day=1) - pd.Timedelta(days=1))
        if before >= dates[0]:
            prev[i] = int((before - dates[0]).days)
    return is_pos, prev


def _nanmedian(matrix: np.ndarray) -> np.ndarray:
    """Row medians ignoring NaN; rows with no value give NaN (callers mask them)."""
    if matrix.shape[1] == 0:
        return np.full(matrix.shape[0], np.nan)
    # np.nanmedian goes through masked arrays on short rows (10× slower on this hot path);
    # NaN sorts last, so each row's middle values sit at its count of values.
    ordered = np.sort(matrix, axis=1)
    count = matrix.shape[1] - np.isnan(matrix).sum(axis=1)
    rows = np.arange(matrix.shape[0])
    low, high = np.maximum((count - 1) // 2, 0), np.maximum(count // 2, 0)
    middle = (ordered[rows, low] + ordered[rows, high]) / 2
    return np.where(count > 0, middle, np.nan)


@dataclass
class _State:
    actual: np.ndarray
    expected: np.ndarray
    flags: np.ndarray
    evaluated: np.ndarray
    month_position: np.ndarray
    prev_position: np.ndarray
    params: Any


def _warmup(state: _State, rows: np.ndarray, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Leave-one-out residuals against each weekday's median over days [0, i), for `rows`."""
    values = state.actual[rows, :i]
    resid = np.full(values.shape, np.nan)
    base = np.full(values.shape, np.nan)
    for j in range(i):
        others = [k for k in range(j % 7, i, 7) if k != j]
        if others:
            median = np.median(values[:, others], axis=1)
            resid[:, j] = values[:, j] - median
            base[:, j] = np.abs(median)
    return resid, base, ~np.isnan(resid)


def _mad_sigma(resid: np.ndarray, base: np.ndarray, keep: np.ndarray,
               expected: np.ndarray) -> np.ndarray:
    """MAD σ of relative residuals (scaled by |expected|), else of absolute ones, else 0."""
    positive = keep & (base > 0)
    safe_base = np.where(positive, base, 1.0)
    relative = _nanmedian(np.where(positive, np.abs(resid / safe_base), np.nan))
    absolute = _nanmedian(np.where(keep, np.abs(resid), np.nan))
    use_relative = (expected != 0) & positive.any(axis=1)
    sigma = np.where(use_relative, MAD_TO_SIGMA * relative * np.abs(expected),
                     MAD_TO_SIGMA * absolute)
    return np.where(use_relative | keep.any(axis=1), sigma, 0.0)


def _scale(state: _State, i: int, expected: np.ndarray) -> np.ndarray:
    """Robust noise (σ) for day i of every series (see baseline._scale)."""
    lo = max(0, i - state.params.noise_window_days)
    keep = state.evaluated[lo:i][None, :] & (state.flags[:, lo:i] == 0)
    predicted = state.expected[:, lo:i]
    resid = state.actual[:, lo:i] - np.where(keep, predicted, 0.0)
    sigma = _mad_sigma(resid, np.abs(np.where(keep, predicted, 0.0)), keep, expected)
    warm = np.flatnonzero(keep.sum(axis=1) < MIN_RESIDUALS)
    if warm.size:
        w_resid, w_base, w_keep = _warmup(state, warm, i)
        sigma[warm] = _mad_sigma(w_resid, w_base, w_keep, expected[warm])
    return sigma


def _monthly_excess(state: _State, i: int) -> np.ndarray:
    """What the same month position last month carried above its own weekday level."""
    count = state.actual.shape[0]
    p = int(state.prev_position[i])
    if p < 0:
        return np.zeros(count)
    same = [j for j in (p - 14, p - 7, p + 7, p + 14) if 0 <= j < i]
    if not same:
        return np.zeros(count)
    local = np.median(state.actual[:, same], axis=1)
    excess = state.actual[:, p] - local
    params = state.params
    if state.evaluated[:p].any():
        keep = np.abs(excess) > RECURRING_SIGMAS * _scale(state, p, local)
    else:
        keep = np.abs(excess) >= params.min_percent / 100 * np.abs(local)
    keep &= np.abs(excess) >= params.min_dollars
    return np.where(keep, excess, 0.0)


def _baseline(state: _State, i: int) -> np.ndarray:
    weeks = state.params.baseline_weeks
    lags = [i - 7 * k for k in range(1, weeks + 1) if i - 7 * k >= 0]
    clean = state.flags[:, lags] == 0
    clean = np.where(clean.sum(axis=1, keepdims=True) >= 2, clean, True)
    plain = clean & ~state.month_position[lags][None, :]
    use = np.where(plain.sum(axis=1, keepdims=True) >= 2, plain, clean)
    return _nanmedian(np.where(use, state.actual[:, lags], np.nan))


def fit_many(values: np.ndarray, dates: pd.DatetimeIndex, params: Any) -> BatchFit:
    """Fit every row of `values` (series × days over `dates`) with DetectionParams `params`."""
    values = np.asarray(values, dtype=float).reshape(-1, len(dates))
    shape = values.shape
    month_position, prev_position = month_positions(dates)
    state = _State(values, np.full(shape, np.nan), np.zeros(shape, dtype=int),
                   np.zeros(shape[1], dtype=bool), month_position, prev_position, params)
    lower, upper = np.full(shape, np.nan), np.full(shape, np.nan)
    for i in range(params.min_history_days, shape[1]):
        excess = _monthly_excess(state, i)
        expected = _baseline(state, i) + excess
        sigma = _scale(state, i, expected)
        # a recurring monthly charge varies with the month's usage: tolerate some of it
        half = params.band_sigmas * sigma + params.monthly_charge_tolerance_percent / 100 * np.abs(
            excess)
        state.expected[:, i], lower[:, i], upper[:, i] = expected, expected - half, expected + half
        state.evaluated[i] = True
        delta = values[:, i] - expected
        size = np.abs(delta)
        flagged = ((size > half) & (size >= params.min_dollars)
                   & (size >= params.min_percent / 100 * np.abs(expected)))
        state.flags[:, i] = np.where(flagged, np.sign(delta), 0).astype(int)
    return BatchFit(dates, values, state.expected, lower, upper, state.flags, state.evaluated)
