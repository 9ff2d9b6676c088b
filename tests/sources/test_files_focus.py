"""The files source on the FinOps Foundation FOCUS 1.0 sample, checked against plain Python."""

from __future__ import annotations

import csv
import gzip
import shutil
import time
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from finops_lib.errors import OptionError, SourceError
from finops_lib.options import resolve
from finops_lib.sources import open_source
from finops_lib.sources.base import CostQuery
from finops_lib.sources.files import FilesSource, open_path

SAMPLE = Path(__file__).parents[1] / "fixtures" / "focus-sample-1.0" / "focus_sample.csv"
SEPTEMBER = CostQuery(date(2024, 9, 1), date(2024, 10, 1))
# Independent of finops_lib's mapping table on purpose: the two names the sample needs.
EC2 = "Amazon Elastic Compute Cloud"


def _expected_service(row: dict[str, str]) -> str:
    if row["ServiceName"] == EC2:
        return EC2 + " - Compute" if row["ServiceCategory"] == "Compute" else "EC2 - Other"
    if row["ServiceName"] == "Elastic Load Balancing":
        return "Amazon Elastic Load Balancing"
    return row["ServiceName"]


def _decimal(text: str) -> Decimal:
    return Decimal(0) if text in ("", "NULL") else Decimal(text)


def _independent(column: str = "BilledCost") -> dict[tuple[str, str, str], Decimal]:
    """Sum per (sub-account, service, day) with csv and Decimal: AWS rows only."""
    sums: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    with SAMPLE.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["ProviderName"] != "AWS":
                continue
            key = (row["SubAccountId"], _expected_service(row), row["ChargePeriodStart"][:10])
            sums[key] += _decimal(row[column])
    return sums


def _by_key(frame: pd.DataFrame) -> dict[tuple[str, str, str], float]:
    grouped = frame.groupby(["account_id", "service", frame["date"].dt.strftime("%Y-%m-%d")])
    return {key: float(value) for key, value in grouped["amount"].sum().items()}


@pytest.fixture(scope="module")
def source() -> FilesSource:
    return open_path(str(SAMPLE))


def test_totals_by_account_service_and_day_match_plain_python(source: FilesSource) -> None:
    expected = _independent()
    got = _by_key(source.costs(SEPTEMBER))
    assert set(got) == set(expected)
    for key, amount in expected.items():
        assert got[key] == pytest.approx(float(amount), abs=0.005), key
    total = sum(expected.values())
    assert round(source.total(SEPTEMBER), 2) == float(round(total, 2))
    assert round(total, 2) == Decimal("18.01")


def test_hourly_rows_become_daily_rows(source: FilesSource) -> None:
    frame = source.costs(SEPTEMBER)
    assert (frame["date"] == frame["date"].dt.normalize()).all()
    assert not frame.duplicated(["date", "account_id", "service", "region"]).any()
    assert frame["date"].dt.day.nunique() == 30
    assert set(frame.columns) >= {"account_name", "currency", "estimated"}
    assert (frame["currency"] == "USD").all()


def test_only_aws_rows_count_and_a_notice_says_so(source: FilesSource) -> None:
    frame = source.costs(SEPTEMBER)
    assert not frame["service"].str.contains("Azure|COMPUTE|Virtual Machines").any()
    assert any("only AWS rows" in n and "Microsoft (51 rows)" in n for n in source.notices)


def test_scope_is_the_organization_named_from_the_data(source: FilesSource) -> None:
    scope = source.scope()
    assert scope.kind == "organization"
    assert len(scope.accounts) == 66
    names = {a.id: a.name for a in scope.accounts}
    assert names["51738928782"] == "Atlas Nimbus"


def test_negative_credit_row_is_kept(source: FilesSource) -> None:
    frame = source.costs(SEPTEMBER)
    key = ("11353890204", EC2 + " - Compute", "2024-09-24")
    day = frame[(frame["account_id"] == key[0]) & (frame["service"] == key[1])
                & (frame["date"] == pd.Timestamp(key[2]))]
    # That day's usage is 2.7651; the -2.6137 credit row brings it to 0.1514.
    assert day["amount"].sum() == pytest.approx(0.1514, abs=0.00005)
    assert day["amount"].sum() == pytest.approx(float(_independent()[key]), abs=1e-9)


def test_amortized_is_effective_cost_and_explains_the_zeros() -> None:
    source = open_path(str(SAMPLE), "amortized")
    query = CostQuery(SEPTEMBER.start, SEPTEMBER.end, metric="amortized")
    expected = sum(_independent("EffectiveCost").values())
    assert round(source.total(query), 2) == float(round(expected, 2)) == 13.0
    assert source.costs(query)["amount"].sum() == pytest.approx(13.0, abs=0.005)
    assert any("EffectiveCost 0" in n for n in source.notices)


def test_filters_are_pushed_into_sql(source: FilesSource) -> None:
    query = CostQuery(SEPTEMBER.start, SEPTEMBER.end, services=("EC2 - Other",),
                      accounts=("11353890204",), regions=("us-east-1",))
    frame = source.costs(query)
    assert set(frame["service"]) == {"EC2 - Other"}
    assert set(frame["account_id"]) == {"11353890204"}
    assert frame["amount"].sum() == pytest.approx(source.total(query), abs=1e-9)
    assert frame["amount"].sum() > 0


def test_window_is_half_open(source: FilesSource) -> None:
    day = CostQuery(date(2024, 9, 18), date(2024, 9, 19))
    expected = sum(v for k, v in _independent().items() if k[2] == "2024-09-18")
    assert source.total(day) == pytest.approx(float(expected), abs=0.005)
    assert set(source.costs(day)["date"]) == {pd.Timestamp("2024-09-18")}


def test_blended_is_a_one_line_option_error(source: FilesSource) -> None:
    with pytest.raises(OptionError, match=r"FOCUS 1\.x data has no blended cost") as info:
        source.costs(CostQuery(SEPTEMBER.start, SEPTEMBER.end, metric="blended"))
    assert "\n" not in str(info.value)


def test_mixed_case_charge_category_and_gzip(tmp_path: Path) -> None:
    text = SAMPLE.read_text()
    lines = text.splitlines(keepends=True)
    # Turn one AWS usage row into lower-case "tax": it must still be counted, as Tax.
    row = next(i for i, line in enumerate(lines) if '"AWS"' in line and ',"Usage",' in line)
    lines[row] = lines[row].replace(',"Usage",', ',"tax",', 1)
    target = tmp_path / "focus.csv.gz"
    with gzip.open(target, "wt") as handle:
        handle.write("".join(lines))
    source = open_path(str(target))
    frame = source.costs(SEPTEMBER)
    assert "Tax" in set(frame["service"])
    assert frame["amount"].sum() == pytest.approx(18.0066, abs=0.005)


def test_folder_glob_and_parquet(tmp_path: Path) -> None:
    folder = tmp_path / "export" / "data" / "BILLING_PERIOD=2024-09"
    folder.mkdir(parents=True)
    pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).to_parquet(folder / "part-0.parquet")
    for path in (str(tmp_path / "export"), str(tmp_path / "export" / "**" / "*.parquet")):
        source = open_path(path)
        assert source.total(SEPTEMBER) == pytest.approx(18.0066386, abs=1e-6)


def test_open_through_options(tmp_path: Path) -> None:
    opts = resolve("architect", {"source": "files", "path": str(SAMPLE), "as_of": "2024-10-05"})
    source = open_source(opts)
    assert source.name == "files"
    assert "FOCUS 1.x" in source.describe()


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"),
    (b"PAR1 this is not parquet", "not a readable"),
    (b"a,b\n1,2\n", "neither FOCUS 1.x nor CUR"),
    (SAMPLE.read_bytes() + b",".join([b"1"] * 60) + b"\n", "not a readable"),  # bad row
    (SAMPLE.read_bytes() + b'"unterminated,1,2\n', "not a readable"),
])
def test_bad_files_are_one_line_source_errors(tmp_path: Path, content: bytes,
                                              message: str) -> None:
    target = tmp_path / ("bad.parquet" if content.startswith(b"PAR1") else "bad.csv")
    target.write_bytes(content)
    with pytest.raises(SourceError, match=message) as info:
        open_path(str(target))
    assert "\n" not in str(info.value)


def test_missing_path_and_empty_data(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or folder"):
        open_path(str(tmp_path / "nope.csv"))
    with pytest.raises(SourceError, match="no Parquet or CSV files"):
        open_path(str(tmp_path))
    header = SAMPLE.read_text().splitlines()[0]
    (tmp_path / "empty.csv").write_text(header + "\n")
    with pytest.raises(SourceError, match="has no rows") as info:
        open_path(str(tmp_path / "empty.csv"))
    assert "\n" not in str(info.value)


def test_copy_has_attribution() -> None:
    attribution = (SAMPLE.parent / "ATTRIBUTION.md").read_text()
    assert "CC BY 4.0" in attribution and "FOCUS-Sample-Data" in attribution
    assert len(SAMPLE.read_text().splitlines()) == 1001  # the untouched 1,000-row sample


def test_resource_costs_match_plain_python(source: FilesSource) -> None:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    with SAMPLE.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["ProviderName"] == "AWS" and row["ResourceId"] not in ("", "NULL"):
                sums[row["ResourceId"]] += _decimal(row["BilledCost"])
    top = sorted(sums.items(), key=lambda item: (-item[1], item[0]))[:5]  # ties by id, like SQL
    frame = source.resource_costs(SEPTEMBER, limit=5)
    assert list(frame["resource_id"]) == [resource for resource, _ in top]
    assert list(frame["amount"]) == pytest.approx([float(v) for _, v in top], abs=1e-9)


def test_timezone_aware_parquet_days_are_utc_days(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    frame = frame[frame["ProviderName"] == "AWS"].head(3).copy()
    frame["ChargePeriodStart"] = pd.to_datetime(
        ["2024-09-10 23:00", "2024-09-11 00:00", "2024-09-11 04:30"]).tz_localize("UTC")
    frame["BilledCost"] = ["1.00", "2.00", "4.00"]
    frame.to_parquet(tmp_path / "tz.parquet")
    monkeypatch.setenv("TZ", "America/New_York")  # as on a US laptop: DuckDB's default zone
    time.tzset()
    try:
        source = open_path(str(tmp_path / "tz.parquet"))
        days = source.costs(SEPTEMBER).groupby("date")["amount"].sum()
    finally:
        monkeypatch.undo()
        time.tzset()
    assert days.to_dict() == {pd.Timestamp("2024-09-10"): 1.0, pd.Timestamp("2024-09-11"): 6.0}


def test_mixed_parquet_and_csv_folder_is_refused(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.csv")
    pd.read_csv(SAMPLE, dtype=str).to_parquet(tmp_path / "b.parquet")
    with pytest.raises(SourceError, match="both Parquet and CSV"):
        open_path(str(tmp_path))
