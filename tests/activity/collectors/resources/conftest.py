"""A RegionScan on moto for the resource lister tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import boto3

from finops_lib.activity.collectors.calls import CallRecorder, Clients
from finops_lib.activity.collectors.draft import Draft
from finops_lib.activity.collectors.scan import LISTERS, RegionScan
from finops_lib.activity.registry import resolved_params

ACCOUNT = "123456789012"
END = datetime.combine(date.today(), time(), UTC)


def scan_of(recorder: CallRecorder | None = None) -> RegionScan:
    """A fresh scan of us-east-1 through real boto3 clients (moto answers)."""
    clients = Clients(lambda: boto3.Session(region_name="us-east-1"), recorder or CallRecorder())
    return RegionScan(clients, ACCOUNT, "us-east-1", resolved_params(), END)


def listed(kind: str, scan: RegionScan | None = None) -> dict[str, Draft]:
    """The registered lister of `kind` run once: drafts by id."""
    return {d.id: d for d in LISTERS[kind].list(scan or scan_of())}
