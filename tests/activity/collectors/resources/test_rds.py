"""RDS DB instance lister on moto."""

from __future__ import annotations

from typing import Any

import boto3

from .conftest import listed


def test_databases_with_storage_backup_window_and_cost(moto_aws: Any) -> None:
    boto3.client("rds", region_name="us-east-1").create_db_instance(
        DBInstanceIdentifier="orders", DBInstanceClass="db.t3.micro", Engine="postgres",
        AllocatedStorage=100, MasterUsername="admin", MasterUserPassword="password123")
    db = listed("rds_instance")["orders"]
    assert db.facts["allocated_storage_gb"] == 100.0 and db.facts["db_class"] == "db.t3.micro"
    assert db.facts["backup_window"]  # moto assigns a preferred backup window
    assert db.monthly_cost == round(0.017 * 730 + 100 * 0.115, 2)
