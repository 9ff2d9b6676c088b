"""Load balancer lister on moto: variant picks the metric namespace, target health counts."""

from __future__ import annotations

from typing import Any

import boto3

from .conftest import listed


def test_balancer_variant_and_registered_targets(moto_aws: Any) -> None:
    ec2 = boto3.client("ec2", region_name="us-east-1")
    elb = boto3.client("elbv2", region_name="us-east-1")
    iid = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)["Instances"][0][
        "InstanceId"]
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"][:2]]
    lb = elb.create_load_balancer(Name="web", Subnets=subnets)["LoadBalancers"][0]
    group = elb.create_target_group(Name="web", Protocol="HTTP", Port=80,
                                    VpcId=ec2.describe_vpcs()["Vpcs"][0]["VpcId"])
    arn = group["TargetGroups"][0]["TargetGroupArn"]
    elb.register_targets(TargetGroupArn=arn, Targets=[{"Id": iid}])
    elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": arn}])
    found = listed("load_balancer")
    draft = found[lb["LoadBalancerArn"].split(":loadbalancer/")[-1]]
    assert draft.variant == "application" and draft.facts["lb_type"] == "application"
    assert draft.facts["registered_targets"] == 1
    assert draft.monthly_cost == 16.43
