"""Network topology cost: usage types classified into NAT, endpoint, Transit Gateway, inter-AZ,
inter-region, internet egress and public IPv4 charges; and the NAT-vs-gateway-endpoint check.

Usage rows come from one Cost Explorer request grouped by LINKED_ACCOUNT and USAGE_TYPE (the
networking ones are kept here), from the files source's usage-type column, or from the demo.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from .report import Chart, Column, Kpi, Table, money

__all__ = [
    "KINDS",
    "NAT_PROCESSING_USD_PER_GB",
    "EndpointSaving",
    "NatTraffic",
    "NetKind",
    "classify",
    "demo_usage",
    "endpoint_savings",
    "network_parts",
    "usage_request",
    "usage_rows",
]

# The NAT Gateway data-processing price (us-east-1 and most regions); gateway endpoints for
# S3 and DynamoDB are free, so traffic moved onto them saves exactly this per GB.
NAT_PROCESSING_USD_PER_GB = 0.045
GATEWAY_SERVICES = ("s3", "dynamodb")


@dataclass(frozen=True)
class NetKind:
    """One kind of network charge, recognised by the tail of its usage type."""

    key: str
    label: str
    pattern: re.Pattern[str]
    unit: str


def _kind(key: str, label: str, pattern: str, unit: str) -> NetKind:
    return NetKind(key, label, re.compile(pattern), unit)


# Order matters: the first match wins (inter-region before egress).
KINDS: tuple[NetKind, ...] = (
    _kind("nat_hours", "NAT Gateway hours", r"NatGateway-Hours$", "hours"),
    _kind("nat_bytes", "NAT Gateway data processed", r"NatGateway-Bytes$", "GB"),
    _kind("endpoint_hours", "VPC endpoint hours", r"VpcEndpoint-Hours$", "hours"),
    _kind("endpoint_bytes", "VPC endpoint data processed", r"VpcEndpoint-Bytes$", "GB"),
    _kind("tgw_attachments", "Transit Gateway attachment hours", r"TransitGateway-Hours$",
          "hours"),
    _kind("tgw_data", "Transit Gateway data processed", r"TransitGateway-Bytes$", "GB"),
    _kind("inter_az", "Inter-AZ transfer", r"DataTransfer-Regional-Bytes$", "GB"),
    _kind("inter_region", "Inter-region transfer", r"-AWS-(Out|In)-Bytes$", "GB"),
    _kind("egress", "Internet egress", r"DataTransfer-Out-(A)?Bytes$", "GB"),
    _kind("public_ipv4", "Public IPv4 addresses", r"PublicIPv4:(InUse|Idle)Address$", "hours"),
)
_BY_KEY = {k.key: k for k in KINDS}


def classify(usage_type: str) -> NetKind | None:
    """The network kind of a usage type, or None when it is not a network charge."""
    return next((k for k in KINDS if k.pattern.search(usage_type)), None)


def usage_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Network rows of a (account_id, usage_type, amount[, quantity]) frame, with `kind`."""
    kinds = [classify(str(u)) for u in frame["usage_type"]]
    out = frame.assign(kind=[k.key if k else "" for k in kinds])
    if "quantity" not in out:
        out["quantity"] = float("nan")
    return out[out["kind"] != ""]


# ------------------------------------------------------------------ sources of usage rows


def usage_request(start: date, end: date, metric: str, flt: dict[str, Any] | None
                  ) -> dict[str, Any]:
    """The one Cost Explorer request: MONTHLY, grouped by account and usage type."""
    params: dict[str, Any] = {
        "TimePeriod": {"Start": start.isoformat(), "End": end.isoformat()},
        "Granularity": "MONTHLY", "Metrics": [metric, "UsageQuantity"],
        "GroupBy": [{"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"},
                    {"Type": "DIMENSION", "Key": "USAGE_TYPE"}]}
    if flt:
        params["Filter"] = flt
    return params


def frame_from_pages(pages: Iterable[dict[str, Any]], metric: str) -> pd.DataFrame:
    """Cost Explorer pages as (account_id, usage_type, amount, quantity) rows."""
    rows = [{"account_id": g["Keys"][0], "usage_type": g["Keys"][1],
             "amount": float(g["Metrics"][metric]["Amount"]),
             "quantity": float(g["Metrics"].get("UsageQuantity", {}).get("Amount", "nan"))}
            for page in pages for result in page.get("ResultsByTime", [])
            for g in result.get("Groups", [])]
    return pd.DataFrame(rows, columns=["account_id", "usage_type", "amount", "quantity"])


# (account index, usage type, quantity, dollars per unit) for a 30-day month
_DEMO: tuple[tuple[int, str, float, float], ...] = (
    (0, "NatGateway-Hours", 1460.0, 0.045), (0, "NatGateway-Bytes", 8200.0, 0.045),
    (1, "EUW1-NatGateway-Hours", 730.0, 0.048), (1, "EUW1-NatGateway-Bytes", 640.0, 0.048),
    (0, "VpcEndpoint-Hours", 2190.0, 0.01), (0, "VpcEndpoint-Bytes", 3100.0, 0.01),
    (0, "TransitGateway-Hours", 2190.0, 0.05), (0, "TransitGateway-Bytes", 5400.0, 0.02),
    (1, "EUW1-TransitGateway-Hours", 730.0, 0.05),
    (0, "DataTransfer-Regional-Bytes", 21000.0, 0.01),
    (1, "EUW1-DataTransfer-Regional-Bytes", 6400.0, 0.01),
    (0, "USE1-EUW1-AWS-Out-Bytes", 3800.0, 0.02), (1, "EUW1-USE1-AWS-Out-Bytes", 900.0, 0.02),
    (0, "DataTransfer-Out-Bytes", 12500.0, 0.09), (2, "EUW1-DataTransfer-Out-Bytes", 2300.0,
                                                   0.09),
    (0, "PublicIPv4:InUseAddress", 5840.0, 0.005), (1, "EUW1-PublicIPv4:IdleAddress", 730.0,
                                                    0.005),
    (0, "BoxUsage:m5.large", 2920.0, 0.096),  # not networking: left out by classify
)


DEMO_SCALE = 10  # the demo organization's size


def demo_usage(accounts: Sequence[str], days: int) -> pd.DataFrame:
    """Demo usage-type rows for `days` days (the month's figures pro rata)."""
    scale = days / 30 * DEMO_SCALE
    rows = [{"account_id": accounts[i % len(accounts)], "usage_type": usage,
             "quantity": round(qty * scale, 3), "amount": round(qty * scale * price, 2)}
            for i, usage, qty, price in _DEMO]
    return pd.DataFrame(rows, columns=["account_id", "usage_type", "amount", "quantity"])


# ------------------------------------------------------------------ NAT vs gateway endpoints


@dataclass(frozen=True)
class NatTraffic:
    """Bytes one NAT gateway processed in a month, and how many went to S3 and DynamoDB
    (None: not measured, e.g. no VPC flow logs)."""

    nat_id: str
    vpc_id: str
    account: str
    region: str
    gb_processed: float
    gb_to: dict[str, float | None]


@dataclass(frozen=True)
class EndpointSaving:
    """NAT traffic to one service that a free gateway endpoint in the VPC would carry."""

    nat_id: str
    vpc_id: str
    account: str
    region: str
    service: str
    gb: float | None
    monthly_savings: float | None


def endpoint_savings(traffic: Iterable[NatTraffic], gateway_endpoints: set[tuple[str, str]]
                     ) -> list[EndpointSaving]:
    """Per NAT gateway and service (S3, DynamoDB) whose VPC has no gateway endpoint for it:
    the GB it processed for that service and what the endpoint would save."""
    out = []
    for nat in traffic:
        for service in GATEWAY_SERVICES:
            if (nat.vpc_id, service) in gateway_endpoints:
                continue
            gb = nat.gb_to.get(service)
            saving = None if gb is None else money(gb * NAT_PROCESSING_USD_PER_GB)
            if gb is None or gb > 0:
                out.append(EndpointSaving(nat.nat_id, nat.vpc_id, nat.account, nat.region,
                                          service, gb, saving))
    return out


# ------------------------------------------------------------------ report values

_COLUMNS = (Column("kind", "Kind"), Column("account", "Account"),
            Column("quantity", "Quantity", "number"), Column("unit", "Unit"),
            Column("amount", "Cost", "money"), Column("usage_types", "Usage types"))
_CHECK_COLUMNS = (Column("vpc_id", "VPC"), Column("nat_id", "NAT gateway"),
                  Column("account", "Account"), Column("region", "Region"),
                  Column("service", "To"), Column("gb", "GB / month", "number"),
                  Column("monthly_savings", "Savings / month", "money"),
                  Column("fix", "Fix"))


def _table(rows: pd.DataFrame, names: dict[str, str]) -> Table:
    order = {k.key: i for i, k in enumerate(KINDS)}
    grouped = rows.groupby(["kind", "account_id"], sort=False).agg(
        amount=("amount", "sum"), quantity=("quantity", "sum"),
        usage_types=("usage_type", lambda s: ", ".join(sorted(set(s))))).reset_index()
    grouped = grouped.sort_values(["kind", "amount"], key=lambda c: c.map(order)
                                  if c.name == "kind" else -c, kind="stable")
    out = tuple({"kind": _BY_KEY[r.kind].label, "account": names.get(r.account_id, r.account_id),
                 "quantity": round(float(r.quantity), 2), "unit": _BY_KEY[r.kind].unit,
                 "amount": money(r.amount), "usage_types": r.usage_types}
                for r in grouped.itertuples())
    return Table("network_cost", "Network cost by kind", _COLUMNS, out,
                 {"kind": "Total", "amount": money(rows["amount"].sum())},
                 "Classified from usage types; Cost Explorer does not split them by VPC.")


def _chart(rows: pd.DataFrame) -> Chart:
    sums = rows.groupby("kind")["amount"].agg(["sum", "count"])
    data = tuple({"label": _BY_KEY[str(k)].label, "amount": money(v["sum"]),
                  "count": int(v["count"])} for k, v in sums.iterrows())
    return Chart("network_by_kind", "Network and data transfer cost by kind", "amount_bar",
                 data, {"axis": "Cost"})


def check_table(savings: Sequence[EndpointSaving]) -> Table:
    """The NAT-vs-gateway-endpoint check as a table (unknown traffic has no savings)."""
    rows = tuple({"vpc_id": s.vpc_id, "nat_id": s.nat_id, "account": s.account,
                  "region": s.region, "service": "S3" if s.service == "s3" else "DynamoDB",
                  "gb": None if s.gb is None else round(s.gb, 2),
                  "monthly_savings": s.monthly_savings,
                  "fix": f"add a {s.service} gateway endpoint to {s.vpc_id} (free)"
                  if s.gb is not None else "traffic to the service unknown: enable VPC flow "
                  "logs, or add the free gateway endpoint anyway"} for s in savings)
    total = money(sum(s.monthly_savings or 0.0 for s in savings))
    return Table("nat_endpoint_check", "NAT traffic a free gateway endpoint would carry",
                 _CHECK_COLUMNS, rows, {"vpc_id": "Total", "monthly_savings": total},
                 f"NAT data processing at ${NAT_PROCESSING_USD_PER_GB}/GB; S3 and DynamoDB "
                 "gateway endpoints are free.")


@dataclass(frozen=True)
class NetworkParts:
    """What network cost adds to the architect report."""

    kpis: tuple[Kpi, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()


def network_parts(frame: pd.DataFrame, names: dict[str, str],
                  savings: Sequence[EndpointSaving] = (), currency: str = "USD") -> NetworkParts:
    """KPI, tables and chart from usage-type rows (and the endpoint check)."""
    rows = usage_rows(frame)
    nat = float(rows.loc[rows["kind"].isin(["nat_hours", "nat_bytes"]), "amount"].sum())
    kpis = (Kpi("network_cost", "Network and data transfer", money(rows["amount"].sum()),
                currency, help=f"NAT Gateway {nat:,.2f} {currency}; see the table for every kind"),)
    tables = [_table(rows, names)]
    if savings:
        tables.append(check_table(savings))
    return NetworkParts(kpis, tuple(tables), (_chart(rows),))
