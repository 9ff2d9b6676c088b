"""The dependency map on a moto-built topology: NAT in a subnet, an ALB with targets, an
instance reaching RDS through a security-group reference, a gateway endpoint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from finops_lib.charts import chart_spec
from finops_lib.topology import (
    IAM_ACTIONS,
    Edge,
    Node,
    Topology,
    collapse,
    collect_topology,
    labelled,
)
from finops_lib.topology_view import edges_table, map_chart

REGION = "us-east-1"
ACCOUNT = "123456789012"


def build(ec2: Any, elb: Any, rds: Any) -> dict[str, str]:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": "prod"}])
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24",
                                 AvailabilityZone=f"{REGION}{z}")["Subnet"]["SubnetId"]
               for i, z in enumerate("ab")]
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=subnets[0], AllocationId=eip)["NatGateway"]
    endpoint = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{REGION}.s3",
                                       VpcEndpointType="Gateway")["VpcEndpoint"]
    app_sg = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc)["GroupId"]
    db_sg = ec2.create_security_group(GroupName="db", Description="db", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=db_sg, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
        "UserIdGroupPairs": [{"GroupId": app_sg}]}])
    ami = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    web = [i["InstanceId"] for i in ec2.run_instances(
        ImageId=ami, MinCount=2, MaxCount=2, InstanceType="m5.large", SubnetId=subnets[0],
        SecurityGroupIds=[app_sg])["Instances"]]
    lone = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, InstanceType="t3.micro",
                             SubnetId=subnets[1])["Instances"][0]["InstanceId"]
    lb = elb.create_load_balancer(Name="web", Subnets=subnets, Type="application")
    lb_arn = lb["LoadBalancers"][0]["LoadBalancerArn"]
    tg = elb.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=vpc,
                                 TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
    elb.register_targets(TargetGroupArn=tg, Targets=[{"Id": i} for i in web])
    elb.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
    rds.create_db_subnet_group(DBSubnetGroupName="db", DBSubnetGroupDescription="db",
                               SubnetIds=subnets)
    rds.create_db_instance(DBInstanceIdentifier="orders", DBInstanceClass="db.t3.medium",
                           Engine="postgres", MasterUsername="u", MasterUserPassword="p" * 10,
                           AllocatedStorage=20, DBSubnetGroupName="db",
                           VpcSecurityGroupIds=[db_sg])
    return {"vpc": vpc, "subnet": subnets[0], "nat": nat["NatGatewayId"],
            "endpoint": endpoint["VpcEndpointId"], "lb": lb_arn.split(":loadbalancer/")[1],
            "web1": web[0], "web2": web[1], "lone": lone}


@pytest.fixture(scope="module")
def mapped() -> Iterator[tuple[Topology, dict[str, str]]]:
    """Built once for the module (moto set-up is the slow part)."""
    with pytest.MonkeyPatch.context() as mp, mock_aws():
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL"):
            mp.delenv(name, raising=False)
        mp.setenv("AWS_ACCESS_KEY_ID", "testing")
        mp.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        ec2, elb, rds = (boto3.client(s, region_name=REGION) for s in ("ec2", "elbv2", "rds"))
        ids = build(ec2, elb, rds)
        for client in (ec2, elb, rds):
            client.meta.events.register("before-call", _record)
        yield collect_topology(ec2, elb, rds, ACCOUNT, REGION), ids


CALLS: set[str] = set()  # "prefix:Operation" of every call collect_topology made


def _record(model: Any, **_: Any) -> None:
    CALLS.add(f"{model.service_model.endpoint_prefix}:{model.name}")


def test_the_iam_policy_covers_every_call_the_map_makes(
        mapped: tuple[Topology, dict[str, str]]) -> None:
    policy = json.loads((Path(__file__).parents[1] / "docs" / "iam-policy.json").read_text())
    assert CALLS and CALLS <= set(IAM_ACTIONS) <= set(policy["Statement"][0]["Action"])


def test_nodes_and_edges_of_the_moto_topology(mapped: tuple[Topology, dict[str, str]]) -> None:
    topo, ids = mapped
    kinds = {n.id: n.kind for n in topo.nodes}
    for key, kind in (("vpc", "vpc"), ("subnet", "subnet"), ("nat", "nat"),
                      ("endpoint", "endpoint"), ("lb", "lb"), ("web1", "instance"),
                      ("lone", "instance")):
        assert kinds[ids[key]] == kind, key
    assert kinds["orders"] == "db"
    edges = set(topo.edges)
    assert Edge(ids["subnet"], ids["nat"], "routes_via") in edges
    assert Edge(ids["nat"], ids["vpc"], "in") in edges
    assert Edge(ids["endpoint"], ids["vpc"], "in") in edges
    assert {e.target for e in edges if e.relation == "targets"} == {ids["web1"], ids["web2"]}
    assert {e.source for e in edges if e.relation == "connects"} == {ids["web1"], ids["web2"]}
    assert all(e.target == "orders" for e in edges if e.relation == "connects")
    assert not any(ids["lone"] in (e.source, e.target) for e in edges)  # no SG reference
    vpc = topo.node(ids["vpc"])
    assert vpc is not None and vpc.name == "prod"
    endpoint = topo.node(ids["endpoint"])
    assert endpoint is not None and endpoint.detail == "gateway" and endpoint.vpc == ids["vpc"]
    db = topo.node("orders")
    assert db is not None and db.vpc == ids["vpc"]


def test_labels_json_chart_and_table(mapped: tuple[Topology, dict[str, str]]) -> None:
    topo, ids = mapped
    drawn = labelled(topo, {ids["web1"]: (70.08, "KEEP"), "orders": (52.56, "MUST")})
    doc = drawn.to_dict()
    assert len(doc["nodes"]) == len(topo.nodes) and len(doc["edges"]) == len(topo.edges)
    web1 = next(n for n in doc["nodes"] if n["id"] == ids["web1"])
    assert (web1["monthly_cost"], web1["tier"]) == (70.08, "KEEP")
    chart = map_chart(drawn)
    nodes = [r for r in chart.data if r["mark"] == "node"]
    assert any(r["label"].endswith("$52.56/mo · MUST") for r in nodes)
    for edge in (r for r in chart.data if r["mark"] == "edge"):
        assert edge["x"] < edge["x2"]  # every edge runs left to right
    assert chart_spec(chart).to_dict()["layer"]
    table = edges_table(drawn)
    assert len(table.rows) == len(topo.edges)
    assert {"from": ids["web1"], "relation": "connects to (security group)",
            "to": "orders"}.items() <= next(r for r in table.rows if r["to"] == "orders"
                                            and r["from"] == ids["web1"]).items()


def test_large_maps_collapse_per_vpc() -> None:
    nodes = [Node(f"vpc-{v}", "vpc", f"v{v}", f"vpc-{v}") for v in range(3)]
    nodes += [Node(f"i-{v}-{k}", "instance", "", f"vpc-{v}", monthly_cost=10.0)
              for v in range(3) for k in range(20)]
    big = Topology(tuple(nodes), (Edge("i-0-0", "i-0-1", "connects"),))
    small = collapse(big, max_nodes=40)
    assert small.collapsed and len(small.nodes) == 3 and small.edges == ()
    assert {n.monthly_cost for n in small.nodes} == {200.0}
    assert small.nodes[0].detail == "20 EC2 instance"
    assert collapse(big, max_nodes=100) is big
    assert "one node per VPC" in map_chart(small).title
