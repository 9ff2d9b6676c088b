"""The one-series baseline fit: its expected band."""

from __future__ import annotations

from finops_lib.anomalies import expected_series

from .conftest import DAYS, LAST, PARAMS, A, frame_of, seasonal


def test_expected_series_band_contains_quiet_days() -> None:
    frame = frame_of({(A, "EC2"): seasonal(noise=0.05, seed=3)})
    fit = expected_series(frame, last_day=LAST, params=PARAMS, dimension="service", key="EC2")
    assert list(fit.columns[:5]) == ["date", "actual", "expected", "lower", "upper"]
    done = fit[fit["evaluated"]]
    assert len(done) == len(DAYS) - PARAMS.min_history_days
    assert ((done["actual"] >= done["lower"]) & (done["actual"] <= done["upper"])).all()
