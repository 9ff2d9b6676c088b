"""The price table: each estimate to the cent, unknown classes give no estimate (None)."""

from __future__ import annotations

from finops_lib.activity import pricing


def test_ec2_compute_plus_storage_and_stopped_costs_storage_only() -> None:
    assert pricing.ec2_monthly("t3.micro", True, [("gp3", 8)]) == round(0.0104 * 730 + 0.64, 2)
    assert pricing.ec2_monthly("t3.micro", False, [("gp2", 100)]) == 10.0
    assert pricing.ec2_monthly("x9.huge", True, []) is None
    assert pricing.ec2_monthly("t3.micro", True, [("magnetic-ish", 8)]) is None


def test_rds_multi_az_doubles_hours_and_storage() -> None:
    single = pricing.rds_monthly("db.t3.micro", True, False, "gp2", 100)
    assert single == round(0.017 * 730 + 11.5, 2)
    assert pricing.rds_monthly("db.t3.micro", True, True, "gp2", 100) == round(2 * single, 2)
    assert pricing.rds_monthly("db.t3.micro", False, False, "gp2", 100) == 11.5
    assert pricing.rds_monthly("db.unknown", True, False, "gp2", 100) is None


def test_flat_hourly_resources_and_storage() -> None:
    assert pricing.eip_monthly() == 3.65
    assert pricing.nat_monthly() == 32.85
    assert pricing.lb_monthly("network") == 16.43 and pricing.lb_monthly("nope") is None
    assert pricing.ebs_monthly("st1", 1000) == 45.0 and pricing.ebs_monthly("x", 1) is None
    assert pricing.s3_monthly(150 * 1024**3) == 3.45 and pricing.s3_monthly(None) is None
