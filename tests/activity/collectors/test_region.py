"""One account × region against moto: every registered lister's inventory, its facts, costs,
and the metrics its signals declare, fetched from moto CloudWatch."""

from __future__ import annotations

from typing import Any

import boto3

from finops_lib.activity.model import CLEAR, FIRED, UNKNOWN, Snapshot
from finops_lib.activity.registry import resolved_params
from finops_lib.activity.scoring import assess

from .conftest import by_id, status


def test_inventory_lists_every_type(world: dict[str, Any], snapshot: Snapshot) -> None:
    found = by_id(snapshot)
    assert {r.type for r in snapshot.resources} == {
        "ec2_instance", "ebs_volume", "elastic_ip", "nat_gateway", "load_balancer",
        "rds_instance", "s3_bucket"}
    for key in ("idle", "busy", "silent", "stopped", "volume", "free_ip", "used_ip", "nat",
                "lb"):
        assert world[key] in found, key
    assert {"orders-old", "logs-archive", "tidy-bucket"} <= set(found)
    # attached root volumes are part of their instance, not listed as unattached volumes
    assert [r.id for r in snapshot.resources if r.type == "ebs_volume"] == [world["volume"]]


def test_ec2_signals_from_moto_metrics(world: dict[str, Any], snapshot: Snapshot) -> None:
    found = by_id(snapshot)
    idle, busy, silent = (found[world[k]] for k in ("idle", "busy", "silent"))
    assert status(idle, "E0") == FIRED and status(busy, "E0") == CLEAR
    assert status(idle, "E2") == FIRED and status(busy, "E2") == CLEAR
    assert status(silent, "E2") == UNKNOWN  # no datapoints: missing, not zero
    assert status(idle, "E6") == FIRED and status(busy, "E6") == CLEAR
    assert status(idle, "E5") == FIRED and status(busy, "E5") == CLEAR  # busy is a target
    for code in ("E1", "E3", "E4", "E7"):  # moto implements none of these services
        assert status(idle, code) == UNKNOWN
    assert "not available" in assess(idle, resolved_params()).unknown["E4"]


def test_stopped_instance_costs_only_its_storage(world: dict[str, Any],
                                                 snapshot: Snapshot) -> None:
    stopped = by_id(snapshot)[world["stopped"]]
    volumes = boto3.client("ec2", region_name="us-east-1").describe_volumes(
        Filters=[{"Name": "attachment.instance-id", "Values": [world["stopped"]]}])["Volumes"]
    expected = round(sum(v["Size"] * {"gp2": 0.10, "gp3": 0.08}[v["VolumeType"]]
                         for v in volumes), 2)
    assert stopped.state == "stopped"
    assert stopped.monthly_cost == expected
    assert status(stopped, "E2") == UNKNOWN


def test_costs_to_the_cent(world: dict[str, Any], snapshot: Snapshot) -> None:
    found = by_id(snapshot)
    root_gb = boto3.client("ec2", region_name="us-east-1").describe_volumes(
        Filters=[{"Name": "attachment.instance-id", "Values": [world["busy"]]}]
    )["Volumes"][0]["Size"]
    assert found[world["busy"]].monthly_cost == round(0.0104 * 730 + root_gb * 0.10, 2)
    assert found[world["volume"]].monthly_cost == 4.00  # 50 GB gp3 × $0.08
    assert found[world["free_ip"]].monthly_cost == 3.65  # $0.005 × 730
    assert found[world["nat"]].monthly_cost == 32.85  # $0.045 × 730
    assert found[world["lb"]].monthly_cost == 16.43  # $0.0225 × 730 = 16.425
    assert found["orders-old"].monthly_cost == round(0.017 * 730 + 100 * 0.115, 2)


def test_network_and_rds_signals(world: dict[str, Any], snapshot: Snapshot) -> None:
    found = by_id(snapshot)
    assert status(found[world["volume"]], "B1") == FIRED
    assert status(found[world["free_ip"]], "A1") == FIRED
    assert status(found[world["used_ip"]], "A1") == CLEAR
    assert status(found[world["nat"]], "N1") == FIRED
    assert status(found[world["nat"]], "N2") == FIRED
    assert status(found[world["lb"]], "L1") == CLEAR
    assert status(found[world["lb"]], "L2") == CLEAR
    db = found["orders-old"]
    assert status(db, "R1") == FIRED and status(db, "R3") == FIRED and status(db, "R7") == FIRED
    assert status(db, "R4") == UNKNOWN  # no IOPS datapoints


def test_requests_follow_the_signals_windows(world: dict[str, Any], snapshot: Snapshot) -> None:
    found = by_id(snapshot)
    db = found["orders-old"]
    assert len(db.metrics["DatabaseConnections:max"]) == 90  # R1's 90-day window, fetched whole
    assert len(db.metrics["FreeStorageSpace"]) == 7
    assert "CPUUtilization" not in found[world["stopped"]].metrics  # a stopped instance: none
    assert set(found[world["nat"]].metrics) == {
        "BytesOutToDestination", "BytesInFromDestination", "ActiveConnectionCount"}
