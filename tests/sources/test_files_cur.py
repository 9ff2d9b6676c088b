"""The files source on the generated CUR 2.0 and legacy CUR fixtures (tests/fixtures/cur)."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from finops_lib.errors import OptionError
from finops_lib.sources.base import CostQuery
from finops_lib.sources.files import FilesSource, open_path
from finops_lib.sources.formats import legacy_to_snake

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cur"
CUR2 = FIXTURES / "cur2_sample.csv"
LEGACY = FIXTURES / "legacy_cur_sample.csv"
START, END = date(2026, 9, 1), date(2026, 9, 4)  # the 2026-08-31 line ($99) is outside

# Hand-computed from tests/fixtures/cur/generate.py, line by line (CUDOS amortization):
#   Usage EC2 10.00 · SP covered 5.00 → effective 3.00 · SP negation → 0 ·
#   SP recurring fee 4.00 → commitment 4.00 − used 3.00 = 1.00 · SP upfront 100.00 → 0 ·
#   RI discounted usage 0.00 → effective 2.50 · RIFee 30.00 → 1.25 + 0.75 = 2.00 ·
#   RI upfront Fee (with ARN) 500.00 → 0 · Support Fee 15.00 · S3 1.234 · Tax 7.00 ·
#   Credit −2.00 · NAT 0.45 · EBS 0.80
AMORTIZED = 10 + 3 + 0 + 1 + 0 + 2.5 + 2 + 0 + 15 + 1.234 + 7 - 2 + 0.45 + 0.80  # 40.984
UNBLENDED = 10 + 5 - 5 + 4 + 100 + 0 + 30 + 500 + 15 + 1.234 + 7 - 2 + 0.45 + 0.80  # 666.484
BLENDED = UNBLENDED - 0.50  # the first EC2 line blends to 9.50
# Net: EC2 9.00 · SP net effective 2.70 · fee 1.00 · RI net effective 2.25 · RIFee 1.00 + 0.70
NET_AMORTIZED = 9 + 2.7 + 0 + 1 + 0 + 2.25 + 1.7 + 0 + 15 + 1.234 + 7 - 2 + 0.45 + 0.80
NET_UNBLENDED = UNBLENDED - 1.00 - 0.40  # EC2 10→9, SP recurring fee 4.00→3.60
AMORTIZED_BY_SERVICE = {
    "Amazon Elastic Compute Cloud - Compute": 10 + 3 + 0 - 2,
    "Savings Plans for AWS Compute usage": 1 + 0,
    "Amazon Relational Database Service": 2.5 + 2 + 0,
    "AWS Support (Business)": 15,
    "Amazon Simple Storage Service": 1.234,
    "Tax": 7,
    "EC2 - Other": 0.45 + 0.80,
}
AMORTIZED_BY_ACCOUNT = {"111122223333": 34.45, "011122223333": 6.534}


def _query(metric: str = "unblended", **filters: tuple[str, ...]) -> CostQuery:
    return CostQuery(START, END, metric=metric, **filters)


@pytest.fixture(scope="module")
def cur2() -> FilesSource:
    return open_path(str(CUR2))


@pytest.mark.parametrize("metric, expected", [
    ("unblended", UNBLENDED), ("amortized", AMORTIZED), ("blended", BLENDED),
    ("net-unblended", NET_UNBLENDED), ("net-amortized", NET_AMORTIZED),
])
def test_metric_totals_equal_the_hand_computation(cur2: FilesSource, metric: str,
                                                 expected: float) -> None:
    frame = cur2.costs(_query(metric))
    assert round(frame["amount"].sum(), 2) == round(expected, 2)
    assert round(cur2.total(_query(metric)), 2) == round(expected, 2)


def test_amortized_by_service_and_account(cur2: FilesSource) -> None:
    frame = cur2.costs(_query("amortized"))
    by_service = frame.groupby("service")["amount"].sum().round(3).to_dict()
    assert by_service == pytest.approx(AMORTIZED_BY_SERVICE, abs=0.0005)
    by_account = frame.groupby("account_id")["amount"].sum().round(3).to_dict()
    assert by_account == pytest.approx(AMORTIZED_BY_ACCOUNT, abs=0.0005)


def test_scope_names_and_leading_zero_ids(cur2: FilesSource) -> None:
    scope = cur2.scope()
    assert scope.kind == "organization"
    assert {(a.id, a.name) for a in scope.accounts} == {
        ("111122223333", "prod"), ("011122223333", "dev")}


def test_filters_and_regions(cur2: FilesSource) -> None:
    query = _query("amortized", regions=("eu-west-1",), accounts=("011122223333",))
    frame = cur2.costs(query)
    assert set(frame["region"]) == {"eu-west-1"}
    assert round(frame["amount"].sum(), 3) == 6.534
    assert round(cur2.total(query), 3) == 6.534
    rds = _query(services=("Amazon Relational Database Service",))
    assert round(cur2.total(rds), 2) == 530.00


def test_daily_rows(cur2: FilesSource) -> None:
    frame = cur2.costs(_query())
    assert sorted(frame["date"].unique()) == [pd.Timestamp(f"2026-09-0{d}") for d in (1, 2, 3)]


def test_parquet_and_gzip_give_the_same_figures(tmp_path: Path) -> None:
    frame = pd.read_csv(CUR2, dtype=str, keep_default_na=False)
    frame.to_parquet(tmp_path / "cur2.parquet")
    with gzip.open(tmp_path / "cur2.csv.gz", "wb") as handle:
        handle.write(CUR2.read_bytes())
    for name in ("cur2.parquet", "cur2.csv.gz"):
        source = open_path(str(tmp_path / name), "amortized")
        assert source.layout is not None and source.layout.format == "cur2"
        assert round(source.total(_query("amortized")), 3) == round(AMORTIZED, 3)


def test_legacy_cur_column_names_are_detected() -> None:
    assert legacy_to_snake("reservation/ReservationARN") == "reservation_reservation_a_r_n"
    assert legacy_to_snake("lineItem/UnblendedCost") == "line_item_unblended_cost"
    assert legacy_to_snake("product/region") == "product_region"
    source = open_path(str(LEGACY), "net-amortized")
    assert source.layout is not None and source.layout.format == "cur-legacy"
    assert round(source.total(_query("amortized")), 3) == round(AMORTIZED, 3)
    assert round(source.total(_query("unblended")), 3) == round(UNBLENDED, 3)
    # No account names in legacy CUR: the id stands in.
    assert {a.name for a in source.scope().accounts} == {"111122223333", "011122223333"}
    regions = set(source.costs(_query())["region"])
    assert {"us-east-1", "eu-west-1"} <= regions


def test_net_metrics_fall_back_with_a_notice() -> None:
    source = open_path(str(LEGACY))
    frame = source.costs(_query("net-amortized"))
    assert round(frame["amount"].sum(), 3) == round(AMORTIZED, 3)
    assert any("net-amortized" in n and "non-net" in n for n in source.notices)


def test_blended_missing_is_a_one_line_error(tmp_path: Path) -> None:
    frame = pd.read_csv(CUR2, dtype=str, keep_default_na=False)
    frame.drop(columns=["line_item_blended_cost"]).to_csv(tmp_path / "cur.csv", index=False)
    with pytest.raises(OptionError, match="no line_item_blended_cost column") as info:
        open_path(str(tmp_path / "cur.csv"), "blended")
    assert "\n" not in str(info.value)


def test_resource_costs_from_the_export(cur2: FilesSource) -> None:
    frame = cur2.resource_costs(_query())
    assert frame.to_dict("records") == [{
        "resource_id": "i-0abc", "account_id": "111122223333",
        "service": "Amazon Elastic Compute Cloud - Compute", "region": "us-east-1",
        "amount": 10.0}]
