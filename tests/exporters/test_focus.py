"""`--export focus`: the canonical table as FOCUS 1.0, read back by the files source."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from finops_lib.exporters.focus import FOCUS_COLUMNS, render_focus, write_focus
from finops_lib.sources.base import CostQuery, normalise_frame
from finops_lib.sources.demo import DemoSource
from finops_lib.sources.files import open_path
from tests.independent import cents

FOCUS_SAMPLE = Path(__file__).parents[1] / "fixtures" / "focus-sample-1.0" / "focus_sample.csv"
CUR2 = Path(__file__).parents[1] / "fixtures" / "cur" / "cur2_sample.csv"


def _canonical() -> pd.DataFrame:
    return normalise_frame(pd.DataFrame({
        "date": ["2026-10-01", "2026-10-01", "2026-10-02", "2026-10-31", "2026-11-01"],
        "account_id": ["012345678901", "210987654321", "012345678901", "012345678901",
                       "210987654321"],
        "account_name": ["prod", "dev", "prod", "prod", ""],
        "service": ["Amazon Elastic Compute Cloud - Compute", "EC2 - Other", "Tax",
                    "Amazon Elastic Load Balancing", "AWS Lambda"],
        "region": ["us-east-1", "eu-west-1", "", "us-east-1", "us-west-2"],
        "amount": [123.4567, 0.01, 7.5, -2.25, 1e-7],
        "currency": ["USD"] * 5,
        "estimated": [False, False, False, True, False],
    }))


def test_header_and_types_follow_the_foundation_sample() -> None:
    sample_header = next(csv.reader(FOCUS_SAMPLE.open()))
    assert list(FOCUS_COLUMNS) == [c for c in sample_header if c != "Id"]
    rows = list(csv.DictReader(io.StringIO(render_focus(_canonical()).decode())))
    assert len(rows) == 5
    first = rows[0]
    assert first["ChargePeriodStart"] == "2026-10-01 00:00:00"
    assert first["ChargePeriodEnd"] == "2026-10-02 00:00:00"
    assert first["BillingPeriodStart"] == "2026-10-01 00:00:00"
    assert first["BillingPeriodEnd"] == "2026-11-01 00:00:00"
    assert first["BilledCost"] == first["EffectiveCost"] == "123.4567000000"
    assert first["ProviderName"] == "AWS" and first["ServiceCategory"] == "Compute"
    assert first["SubAccountId"] == "012345678901"
    assert rows[2]["ChargeCategory"] == "Tax"
    assert rows[4]["SubAccountName"] == "210987654321"  # no name: the id stands in


@pytest.mark.parametrize("metric", ["unblended", "amortized"])
def test_round_trip_through_the_files_source(tmp_path: Path, metric: str) -> None:
    frame = _canonical()
    path = write_focus(frame, tmp_path / "export-focus.csv")
    source = open_path(str(path), metric)
    query = CostQuery(date(2026, 10, 1), date(2026, 11, 2), metric=metric)
    back = source.costs(query)
    assert round(source.total(query), 2) == round(frame["amount"].sum(), 2)
    keys = ["date", "account_id", "service", "region"]
    merged = frame.merge(back, on=keys, suffixes=("", "_back"), how="outer", indicator=True)
    assert (merged["_merge"] == "both").all()
    assert (merged["amount"] - merged["amount_back"]).abs().max() < 1e-9
    assert source.scope().kind == "organization"


def test_round_trip_of_a_real_source(tmp_path: Path) -> None:
    query = CostQuery(date(2026, 9, 1), date(2026, 9, 4), metric="amortized")
    original = open_path(str(CUR2), "amortized").costs(query)
    path = write_focus(original, tmp_path / "cur-as-focus.csv")
    again = open_path(str(path), "amortized").costs(query)
    by = ["account_id", "service"]
    left = original.groupby(by)["amount"].sum().round(2)
    right = again.groupby(by)["amount"].sum().round(2)
    pd.testing.assert_series_equal(left, right)
    assert round(again["amount"].sum(), 3) == 40.984


AS_OF = date(2026, 11, 26)


def _hourly_frame() -> tuple[pd.DataFrame, CostQuery, DemoSource]:
    source = DemoSource(AS_OF)
    query = CostQuery(date(2026, 11, 23), AS_OF, granularity="HOURLY")
    return source.costs(query), query, source


def test_focus_export_of_hourly_rows_charges_one_hour_each() -> None:
    frame, _, _ = _hourly_frame()
    focus = pd.read_csv(pd.io.common.BytesIO(render_focus(frame)), dtype=str)
    start = pd.to_datetime(focus["ChargePeriodStart"])
    end = pd.to_datetime(focus["ChargePeriodEnd"])
    assert ((end - start) == pd.Timedelta(hours=1)).all()
    assert start.dt.hour.nunique() == 24
    billed = sum(Decimal(v) for v in focus["BilledCost"])
    assert billed.quantize(Decimal("0.01")) == cents(sum(frame["amount"].tolist()))
