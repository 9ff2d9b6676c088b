"""RDS DB instances."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import pricing
from ...model import ApiCall
from ..calls import pages
from ..draft import Draft
from ..scan import RegionScan, resource

__all__: list[str] = []


@resource("rds_instance", calls=(ApiCall("rds", "DescribeDBInstances"),))
def _databases(scan: RegionScan) -> list[Draft]:
    found = scan.shared("RDS", lambda: list(pages(scan.client("rds"), "describe_db_instances",
                                                  "DBInstances")))
    return [_database(d, scan.account, scan.region) for d in found or []]


def _database(item: Mapping[str, Any], account: str, region: str) -> Draft:
    state = item.get("DBInstanceStatus", "")
    allocated = float(item.get("AllocatedStorage", 0))
    cost = pricing.rds_monthly(item.get("DBInstanceClass", ""), state == "available",
                               bool(item.get("MultiAZ")), item.get("StorageType", "gp2"),
                               allocated)
    return Draft(item["DBInstanceIdentifier"], "rds_instance", account, region,
                 item.get("DBName") or item.get("Engine", ""), state, cost,
                 facts={"allocated_storage_gb": allocated,
                        "backup_window": item.get("PreferredBackupWindow"),
                        "db_class": item.get("DBInstanceClass", "")})
