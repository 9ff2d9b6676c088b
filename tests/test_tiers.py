"""Cost per application tier (`--tier-tag`): tiers with the untagged row sum to the total, on
the demo and on a CUR file; network cost from the file's usage types; paid sources ask first."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.sources.demo_tags import tags_of
from tests.independent import assert_cents

AS_OF = "2026-11-20"


def test_demo_tiers_sum_to_the_total_with_untagged_shown() -> None:
    report = build_report(resolve("architect", {"as_of": AS_OF}))
    table = report.table("tiers")
    assert table is not None and table.total is not None
    frame = report.frame
    assert frame is not None
    start, end = report.periods.current.start, report.periods.current.end
    expected: dict[str, float] = defaultdict(float)
    for row in frame.to_dict("records"):
        if start <= row["date"].date() < end:
            tier = tags_of(row["account_name"], row["service"]).get("tier", "untagged")
            expected[tier] += row["amount"]
    shown = {r["owner"]: r["current"] for r in table.rows}
    assert set(shown) == set(expected) == {"web", "app", "data", "untagged"}
    for tier, amount in expected.items():
        assert_cents(shown[tier], amount, tier)
    total = report.kpi("total")
    assert total is not None and table.total["current"] == total.value
    check = next(c for c in report.checks if c.name == "tiers sum to the total")
    assert check.passed
    assert any(c.key == "tiers" for c in report.charts)


def test_tier_tag_none_turns_the_view_off() -> None:
    report = build_report(resolve("architect", {"as_of": AS_OF, "tier_tag": "none"}))
    assert report.table("tiers") is None
    assert all(c.name != "tiers sum to the total" for c in report.checks)


HEADER = ("bill/BillingPeriodStartDate,bill/PayerAccountId,lineItem/UsageAccountId,"
          "lineItem/LineItemType,lineItem/UsageStartDate,lineItem/ProductCode,lineItem/UsageType,"
          "lineItem/CurrencyCode,lineItem/UnblendedCost,lineItem/BlendedCost,product/servicecode,"
          "product/productFamily,product/region,lineItem/ResourceId,resourceTags/user:tier")
LINES = [  # (day, product, usage type, cost, tier)
    (3, "AmazonEC2", "USE1-BoxUsage:m5.large", "10.00", "app"),
    (3, "AmazonEC2", "USE1-NatGateway-Hours", "1.08", ""),
    (4, "AmazonEC2", "USE1-NatGateway-Bytes", "4.50", ""),
    (4, "AmazonEC2", "USE1-DataTransfer-Regional-Bytes", "0.37", "app"),
    (5, "AmazonRDS", "USE1-InstanceUsage:db.r6g.large", "12.25", "data"),
    (5, "AmazonS3", "USE1-DataTransfer-Out-Bytes", "2.70", "web"),
    (6, "AmazonS3", "USE1-TimedStorage-ByteHrs", "0.33", "data"),
]


@pytest.fixture
def cur_file(tmp_path: Path) -> Path:
    path = tmp_path / "cur.csv"
    rows = [HEADER] + [
        f"2026-09-01T00:00:00Z,111122223333,111122223333,Usage,2026-09-{d:02d}T00:00:00Z,{p},"
        f"{u},USD,{c},{c},{p},x,us-east-1,r-{i},{t}" for i, (d, p, u, c, t) in enumerate(LINES)]
    path.write_text("\n".join(rows) + "\n")
    return path


def test_files_source_tiers_and_network_cost(cur_file: Path) -> None:
    report = build_report(resolve("architect", {"source": "files", "path": str(cur_file),
                                                "month": "2026-09"}))
    tiers = {r["owner"]: r["current"] for r in report.table("tiers").rows}  # type: ignore[union-attr]
    assert tiers == {"data": 12.58, "app": 10.37, "untagged": 5.58, "web": 2.70}
    assert_cents(sum(tiers.values()), 31.23, "tiers total")
    network = report.table("network_cost")
    assert network is not None and network.total is not None
    assert_cents(network.total["amount"], 1.08 + 4.50 + 0.37 + 2.70, "network total")
    kinds = {r["kind"]: r["amount"] for r in network.rows}
    assert kinds == {"NAT Gateway hours": 1.08, "NAT Gateway data processed": 4.50,
                     "Inter-AZ transfer": 0.37, "Internet egress": 2.70}
