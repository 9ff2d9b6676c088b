"""The files source (DuckDB over local exports): the generated CUR 2.0 and legacy CUR fixtures
(tests/fixtures/cur) against hand computation, allocation by tag, cost category and usage type,
and the FinOps Foundation FOCUS 1.0 sample against plain Python."""

from __future__ import annotations

import csv
import gzip
import json
import shutil
import time
from collections import defaultdict
from dataclasses import replace
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
from finops_lib.sources.formats import legacy_to_snake

CUR_FIXTURES = Path(__file__).parents[1] / "fixtures" / "cur"
CUR2 = CUR_FIXTURES / "cur2_sample.csv"
LEGACY = CUR_FIXTURES / "legacy_cur_sample.csv"
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


# --- allocation: tag, cost category and usage-type groups and filters ----------------------

FIXTURES = Path(__file__).parents[1] / "fixtures"
FOCUS = FIXTURES / "focus-sample-1.0" / "focus_sample.csv"
WINDOW = CostQuery(date(2026, 9, 1), date(2026, 9, 4))
# Hand-computed from tests/fixtures/cur/generate.py (TEAMS): web = EC2 usage 10.00 + SP covered
# 5.00 − SP negation 5.00 (amortized 10 + 3 + 0); db = RI usage 0.00 (amortized 2.50) + S3 1.234.
UNBLENDED_BY_TEAM = {"web": 10.0, "db": 1.234, "": 666.484 - 10.0 - 1.234}
AMORTIZED_BY_TEAM = {"web": 13.0, "db": 3.734, "": 40.984 - 13.0 - 3.734}


@pytest.fixture(scope="module", params=[CUR2, LEGACY], ids=["cur2", "legacy"])
def cur(request: pytest.FixtureRequest) -> FilesSource:
    return open_path(str(request.param))


def _by_group(source: FilesSource, query: CostQuery) -> dict[str, float]:
    frame = source.costs(query)
    return {k: round(v, 3) for k, v in frame.groupby("group")["amount"].sum().items()}


@pytest.mark.parametrize("metric, expected", [("unblended", UNBLENDED_BY_TEAM),
                                              ("amortized", AMORTIZED_BY_TEAM)])
def test_tag_groups_match_the_hand_computation(cur: FilesSource, metric: str,
                                               expected: dict[str, float]) -> None:
    query = replace(WINDOW, metric=metric, group_by="tag:team")
    assert _by_group(cur, query) == pytest.approx(expected, abs=0.0005)
    assert round(cur.total(replace(WINDOW, metric=metric)), 3) == round(sum(expected.values()), 3)


def test_cost_category_groups(cur: FilesSource) -> None:
    query = replace(WINDOW, group_by="cost-category:Team")
    assert _by_group(cur, query) == pytest.approx(
        {"Web": UNBLENDED_BY_TEAM["web"], "Data": UNBLENDED_BY_TEAM["db"],
         "": UNBLENDED_BY_TEAM[""]}, abs=0.0005)


@pytest.mark.parametrize("values, expected", [
    (("web",), UNBLENDED_BY_TEAM["web"]), (("",), UNBLENDED_BY_TEAM[""]),
    (("web", "db"), UNBLENDED_BY_TEAM["web"] + UNBLENDED_BY_TEAM["db"]),
])
def test_tag_filter_pushes_down_to_costs_and_total(cur: FilesSource, values: tuple[str, ...],
                                                   expected: float) -> None:
    query = replace(WINDOW, tags=(("team", values),))
    assert round(cur.costs(query)["amount"].sum(), 3) == round(expected, 3)
    assert round(cur.total(query), 3) == round(expected, 3)


def test_usage_type_groups_on_cur2() -> None:
    source = open_path(str(CUR2))
    groups = _by_group(source, replace(WINDOW, group_by="usage-type"))
    assert groups["USE1-BoxUsage:m5.large"] == pytest.approx(10.0 - 2.0)  # usage − credit
    assert groups[""] == pytest.approx(7.0)  # the tax line has no usage type
    assert sum(groups.values()) == pytest.approx(UNBLENDED_BY_TEAM["web"] + UNBLENDED_BY_TEAM["db"]
                                                 + UNBLENDED_BY_TEAM[""])


def _focus_by_tag(key: str) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    with FOCUS.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["ProviderName"] != "AWS" or not row["ChargePeriodStart"].startswith("2024-09"):
                continue
            tags = json.loads(row["Tags"]) if row["Tags"] not in ("", "NULL") else {}
            cost = Decimal(row["BilledCost"]) if row["BilledCost"] not in ("", "NULL") else 0
            sums[str(tags.get(key) or "")] += cost
    return sums


@pytest.mark.parametrize("key", ["environment", "business_unit"])
def test_focus_tags_group_like_plain_python(key: str) -> None:
    source = open_path(str(FOCUS))
    query = CostQuery(date(2024, 9, 1), date(2024, 10, 1), group_by=f"tag:{key}")
    got = source.costs(query).groupby("group")["amount"].sum()
    expected = _focus_by_tag(key)
    assert set(got.index) == set(expected)
    for value, amount in expected.items():
        assert abs(Decimal(repr(float(got[value]))) - amount) < Decimal("0.005"), value
    assert "" in expected and expected[""] != 0  # untagged rows (mostly credits) exist


def test_athena_reads_tag_maps_with_element_at_and_bound_keys() -> None:
    from finops_lib.sources.formats import layout_for
    from finops_lib.sources.sql.dialect import ATHENA, Fragment
    from finops_lib.sources.sql.statements import costs_statement

    columns = ["line_item_unblended_cost", "line_item_usage_start_date",
               "line_item_usage_account_id", "line_item_product_code",
               "line_item_usage_account_name", "resource_tags", "cost_category"]
    layout = layout_for(columns, ATHENA)
    query = replace(WINDOW, group_by="tag:team", tags=(("team", ("web", "")),))
    statement = costs_statement(layout, Fragment("cur"), query, Fragment(""))
    assert "element_at(resource_tags, ?)" in statement.sql
    assert "json_extract" not in statement.sql
    assert statement.params.count("user_team") == 2  # the group and the filter, both bound
    assert statement.sql.count("?") == len(statement.params)
    assert "'team'" not in statement.sql and "'web'" not in statement.sql


@pytest.mark.parametrize("group_by", ["service", "account", "ou", "region", "usage-type",
                                      "tag:team", "cost-category:Team"])
def test_files_report_showback_adds_up_for_every_group_by(group_by: str) -> None:
    from finops_lib.dashboard import build_report
    from finops_lib.options import resolve

    opts = resolve("architect", {"source": "files", "path": str(CUR2), "month": "2026-09",
                                 "as_of": "2026-10-01", "group_by": group_by, "top_n": 0})
    report = build_report(opts)
    total = sum(UNBLENDED_BY_TEAM.values())  # September's lines, by hand
    assert report.kpi("total").value == round(total, 2)
    table = report.table("showback")
    if group_by == "service":
        assert table is None  # the services table already is that view
        return
    assert table.total["current"] == round(total, 2)
    assert abs(sum(r["current"] for r in table.rows) - total) <= 0.005 * len(table.rows)
    owners = {r["owner"]: r for r in table.rows}
    if group_by == "tag:team":
        assert owners["untagged"]["current"] == round(UNBLENDED_BY_TEAM[""], 2)
        # shares keep full precision in the report (display rounds)
        assert round(owners["untagged"]["share"], 2) == round(UNBLENDED_BY_TEAM[""] / total * 100, 2)
        assert owners["web"]["current"] == 10.0 and owners["db"]["current"] == 1.23
    if group_by == "ou":
        assert list(owners) == ["(no OU)"]  # exports carry no organizational units
    if group_by == "account":
        assert set(owners) == {"prod", "dev"}


def test_files_list_tag_values_for_the_pick_list() -> None:
    from finops_lib.allocation_values import filter_choices

    source = open_path(str(CUR2))
    assert source.allocation_values(WINDOW) == {"tag": {"team": ("db", "web")}}
    choices = filter_choices(source, source.scope(), WINDOW)
    assert choices == ("tag:team=db", "tag:team=web", "tag:team=")
    focus = open_path(str(FOCUS))
    september = CostQuery(date(2024, 9, 1), date(2024, 10, 1))
    listed = focus.allocation_values(september)["tag"]["environment"]
    assert set(listed) == {k for k in _focus_by_tag("environment") if k}


# --- the FOCUS 1.0 sample ---------------------------------------------------------------

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
