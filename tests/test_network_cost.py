"""Network cost: usage types classified per kind (to the cent against hand sums), the Cost
Explorer request, and the NAT-vs-gateway-endpoint savings on constructed traffic."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from finops_lib import network_cost as net
from tests.independent import assert_cents

A, B = "111111111111", "222222222222"

# (account, usage type, cost, quantity): a month of a small organization's bill
USAGE = [
    (A, "NatGateway-Hours", 32.85, 730.0), (A, "USW2-NatGateway-Hours", 32.85, 730.0),
    (A, "NatGateway-Bytes", 450.00, 10000.0), (B, "EUW1-NatGateway-Bytes", 4.81, 100.2),
    (A, "VpcEndpoint-Hours", 21.90, 2190.0), (A, "VpcEndpoint-Bytes", 3.33, 333.0),
    (A, "TransitGateway-Hours", 36.50, 730.0), (B, "EUW1-TransitGateway-Bytes", 12.34, 617.0),
    (A, "DataTransfer-Regional-Bytes", 80.01, 8001.0),
    (B, "EUW1-DataTransfer-Regional-Bytes", 0.99, 99.0),
    (A, "USE1-EUW1-AWS-Out-Bytes", 20.00, 1000.0), (B, "EUW1-USE1-AWS-In-Bytes", 0.0, 50.0),
    (A, "DataTransfer-Out-Bytes", 900.09, 10001.0), (B, "APS2-DataTransfer-Out-Bytes", 11.4,
                                                     100.0),
    (A, "PublicIPv4:InUseAddress", 18.25, 3650.0), (B, "USW2-PublicIPv4:IdleAddress", 3.65,
                                                     730.0),
    # not networking
    (A, "BoxUsage:m5.large", 70.08, 730.0), (A, "DataTransfer-In-Bytes", 0.0, 5000.0),
    (A, "TimedStorage-ByteHrs", 23.0, 1000.0), (B, "EUW1-EBS:VolumeUsage.gp3", 8.0, 100.0),
]
HAND = {  # the same figures summed by hand, per kind
    "nat_hours": 65.70, "nat_bytes": 454.81, "endpoint_hours": 21.90, "endpoint_bytes": 3.33,
    "tgw_attachments": 36.50, "tgw_data": 12.34, "inter_az": 81.00, "inter_region": 20.00,
    "egress": 911.49, "public_ipv4": 21.90,
}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return pd.DataFrame(USAGE, columns=["account_id", "usage_type", "amount", "quantity"])


def test_each_kind_sums_to_the_hand_figure(frame: pd.DataFrame) -> None:
    rows = net.usage_rows(frame)
    assert len(rows) == 16  # four non-network rows left out
    for kind, expected in HAND.items():
        assert_cents(float(rows.loc[rows["kind"] == kind, "amount"].sum()), expected, kind)
    assert net.classify("BoxUsage:m5.large") is None
    assert net.classify("DataTransfer-In-Bytes") is None


def test_parts_table_chart_and_kpi(frame: pd.DataFrame) -> None:
    parts = net.network_parts(frame, {A: "prod", B: "shared"})
    (table,) = parts.tables
    assert table.total is not None
    assert_cents(table.total["amount"], sum(HAND.values()), "network total")
    assert parts.kpis[0].value == table.total["amount"]
    assert "NAT Gateway 520.51 USD" in parts.kpis[0].help
    by_label = {(r["kind"], r["account"]): r for r in table.rows}
    nat = by_label[("NAT Gateway hours", "prod")]
    assert (nat["amount"], nat["quantity"], nat["unit"]) == (65.70, 1460.0, "hours")
    assert "USW2-NatGateway-Hours" in nat["usage_types"]
    assert table.rows[0]["kind"] == "NAT Gateway hours"  # registry order
    chart = {r["label"]: r["amount"] for r in parts.charts[0].data}
    assert_cents(chart["Internet egress"], 911.49, "egress bar")
    assert len(chart) == len(HAND)


def test_cost_explorer_request_is_one_grouped_monthly_read() -> None:
    params = net.usage_request(date(2026, 11, 1), date(2026, 11, 20), "UnblendedCost",
                               {"Dimensions": {"Key": "LINKED_ACCOUNT", "Values": [A]}})
    assert params["Granularity"] == "MONTHLY"
    assert params["Metrics"] == ["UnblendedCost", "UsageQuantity"]
    assert [g["Key"] for g in params["GroupBy"]] == ["LINKED_ACCOUNT", "USAGE_TYPE"]
    page = {"ResultsByTime": [{"TimePeriod": {"Start": "2026-11-01", "End": "2026-11-20"},
                               "Groups": [{"Keys": [a, u], "Metrics": {
                                   "UnblendedCost": {"Amount": str(c), "Unit": "USD"},
                                   "UsageQuantity": {"Amount": str(q), "Unit": "N/A"}}}
                                   for a, u, c, q in USAGE]}]}
    frame = net.frame_from_pages([page], "UnblendedCost")
    rows = net.usage_rows(frame)
    assert_cents(float(rows["amount"].sum()), sum(HAND.values()), "from pages")


def test_nat_traffic_a_gateway_endpoint_would_carry() -> None:
    traffic = [
        net.NatTraffic("nat-1", "vpc-a", A, "us-east-1", 10000.0,
                       {"s3": 4000.0, "dynamodb": 250.5}),
        net.NatTraffic("nat-2", "vpc-b", A, "us-east-1", 900.0, {"s3": 800.0, "dynamodb": 0.0}),
        net.NatTraffic("nat-3", "vpc-c", B, "eu-west-1", 50.0, {"s3": None, "dynamodb": None}),
    ]
    found = net.endpoint_savings(traffic, {("vpc-b", "s3")})
    keyed = {(s.nat_id, s.service): s for s in found}
    assert set(keyed) == {("nat-1", "s3"), ("nat-1", "dynamodb"), ("nat-3", "s3"),
                          ("nat-3", "dynamodb")}  # vpc-b has its S3 endpoint; no DDB bytes
    assert keyed[("nat-1", "s3")].monthly_savings == 180.00  # 4000 GB × $0.045
    assert keyed[("nat-1", "dynamodb")].monthly_savings == 11.27  # 250.5 × 0.045 = 11.2725
    assert keyed[("nat-3", "s3")].monthly_savings is None
    table = net.check_table(found)
    assert table.total == {"vpc_id": "Total", "monthly_savings": 191.27}
    assert "flow logs" in table.rows[-1]["fix"]


def test_demo_usage_is_pro_rata() -> None:
    month, half = net.demo_usage([A, B], 30), net.demo_usage([A, B], 15)
    assert_cents(float(half["amount"].sum()) * 2, float(month["amount"].sum()), "pro rata")
