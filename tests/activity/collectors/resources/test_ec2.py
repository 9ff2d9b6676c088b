"""EC2 instances lister on moto: state, cost, metrics only when running, enrichment notices
naming the signals whose declared calls failed."""

from __future__ import annotations

from typing import Any

import boto3

from .conftest import listed, scan_of


def test_instances_with_their_facts_and_enrichment_reasons(moto_aws: Any) -> None:
    ec2 = boto3.client("ec2", region_name="us-east-1")
    ids = [i["InstanceId"] for i in ec2.run_instances(
        ImageId="ami-12c6146b", MinCount=2, MaxCount=2, InstanceType="t3.micro")["Instances"]]
    ec2.create_tags(Resources=[ids[0]], Tags=[{"Key": "Name", "Value": "web"}])
    ec2.stop_instances(InstanceIds=[ids[1]])
    scan = scan_of()
    found = listed("ec2_instance", scan)
    web, stopped = found[ids[0]], found[ids[1]]
    assert web.name == "web" and web.watch and not stopped.watch
    assert web.facts["instance_type"] == "t3.micro" and len(web.facts["volume_ids"]) == 1
    assert web.facts["membership"]["target_group"] is False
    assert web.missing["ssm"].startswith("SSM:")  # moto has no SSM instance information
    assert any(n.endswith("(E4 unknown)") for n in scan.notices)
