"""The coarse plan's arithmetic on small frames: which flagged series fit the budget, and a frame
whose sums match every read (with and without negative amounts)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from finops_lib.sources.ce_coarse import Flagged, coarse_frame, drill_pairs, month_of


def _cube(seed: int, credit: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = pd.date_range("2026-09-20", "2026-10-10", freq="D")
    rows = [(d, a, s, float(rng.uniform(1, 50))) for d in days for a in ("A", "B", "C")
            for s in ("EC2", "S3", "RDS") if not (a == "C" and s == "RDS")]
    if credit:
        rows += [(d, "B", "Credits", -5.0) for d in days]
    return pd.DataFrame(rows, columns=["date", "account_id", "service", "amount"])


def _reads(cube: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    service = cube.groupby(["date", "service"], as_index=False)["amount"].sum()
    account = cube.groupby(["date", "account_id"], as_index=False)["amount"].sum()
    pairs = cube.assign(month=month_of(cube["date"])).groupby(
        ["month", "account_id", "service"], as_index=False)["amount"].sum()
    return service, account, pairs


def _sums(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    return frame.assign(month=month_of(frame["date"])).groupby(keys)["amount"].sum().round(2)


def test_drill_down_takes_flagged_series_by_impact_while_the_pages_fit() -> None:
    _, _, pairs = _reads(_cube(1))
    flagged = [Flagged("service", "EC2", 90.0), Flagged("account", "C", 50.0),
               Flagged("service", "RDS", 10.0)]
    # 21 days: EC2 has 3 accounts (63 groups), C adds S3 (21 more), RDS 2 more accounts (42)
    chosen, skipped, pages = drill_pairs(flagged, pairs, 21, max_pages=1, page_groups=100)
    assert chosen == flagged[:2] and skipped == flagged[2:] and pages == 1


def test_the_frame_matches_every_read_and_the_drilled_series_exactly() -> None:
    cube = _cube(2)
    service, account, pairs = _reads(cube)
    drilled = [Flagged("account", "B", 1.0)]
    detail = cube[cube["account_id"] == "B"]
    frame = coarse_frame(service, pairs, detail, drilled, account)
    for keys in (["date", "service"], ["date", "account_id"], ["month", "account_id", "service"]):
        pd.testing.assert_series_equal(_sums(frame, keys), _sums(cube, keys))
    b = frame[frame["account_id"] == "B"].set_index(["date", "service"])["amount"]
    pd.testing.assert_series_equal(b.sort_index(), detail.set_index(["date", "service"])[
        "amount"].sort_index())
    assert not frame.duplicated(["date", "account_id", "service"]).any()


def test_with_credits_the_fit_is_skipped_and_service_days_stay_exact() -> None:
    cube = _cube(3, credit=True)
    service, account, pairs = _reads(cube)
    frame = coarse_frame(service, pairs, cube.iloc[:0], [], account)
    for keys in (["date", "service"], ["month", "account_id", "service"]):
        pd.testing.assert_series_equal(_sums(frame, keys), _sums(cube, keys))
    assert round(frame["amount"].sum(), 2) == round(cube["amount"].sum(), 2)
