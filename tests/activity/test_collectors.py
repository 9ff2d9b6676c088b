"""The boto3 collectors against moto: real resources, metrics from put_metric_data, signals,
costs, request counts, IAM coverage and partial failure (denied region, denied account)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from moto import mock_aws

from finops_lib import iam
from finops_lib.activity import IAM_ACTIONS
from finops_lib.activity.collectors import CallRecorder, Target, collect
from finops_lib.activity.model import CLEAR, FIRED, UNKNOWN, Resource, Snapshot
from finops_lib.activity.registry import resolved_params
from finops_lib.activity.scoring import assess

ACCOUNT = "123456789012"
AMI = "ami-12c6146b"
GB = 1024**3
END = datetime.combine(date.today(), time(), UTC)
REGIONS = {"us-east-1"}


def put_daily(cw: Any, namespace: str, metric: str, dims: dict[str, str], values: list[float],
              unit: str = "None") -> None:
    """One datapoint per day ending yesterday (noon, so it falls inside that day's period)."""
    n = len(values)
    data = [{"MetricName": metric, "Dimensions": [{"Name": k, "Value": v} for k, v in dims.items()],
             "Timestamp": END - timedelta(days=n - i) + timedelta(hours=12), "Value": float(v),
             "Unit": unit} for i, v in enumerate(values)]
    for first in range(0, n, 20):
        cw.put_metric_data(Namespace=namespace, MetricData=data[first:first + 20])


def deny(*, service: str, operation: str, when: Callable[[dict[str, Any], dict[str, Any]], bool]
         ) -> Callable[..., Any]:
    """A before-call hook answering AccessDenied (how botocore's Stubber injects responses)."""

    def hook(model: Any, params: dict[str, Any], context: dict[str, Any], **_: Any) -> Any:
        if model.service_model.endpoint_prefix == service and model.name == operation \
                and when(params, context):
            body = {"Error": {"Code": "AccessDenied", "Message": "denied by test"},
                    "ResponseMetadata": {"HTTPStatusCode": 403}}
            return AWSResponse("https://denied", 403, {}, None), body
        return None

    return hook


@pytest.fixture(scope="module")
def module_aws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """moto for the whole module (the world is read-only, so it is built once)."""
    config = tmp_path_factory.mktemp("aws") / "config"
    config.write_text("[default]\nregion = us-east-1\n")
    with pytest.MonkeyPatch.context() as mp:
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "MOTO_ACCOUNT_ID", "AWS_ENDPOINT_URL"):
            mp.delenv(name, raising=False)
        for name, value in (("AWS_CONFIG_FILE", str(config)),
                            ("AWS_SHARED_CREDENTIALS_FILE", str(config)),
                            ("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                            ("AWS_SESSION_TOKEN", "testing"), ("AWS_DEFAULT_REGION", "us-east-1"),
                            ("AWS_EC2_METADATA_DISABLED", "true")):
            mp.setenv(name, value)
        with mock_aws():
            yield


@pytest.fixture(scope="module")
def world(module_aws: None) -> dict[str, Any]:
    """A small account in us-east-1 with every resource type and two weeks of metrics."""
    s = boto3.Session(region_name="us-east-1")
    ec2, cw, elb = s.client("ec2"), s.client("cloudwatch"), s.client("elbv2")
    ids = [i["InstanceId"] for i in ec2.run_instances(
        ImageId=AMI, MinCount=4, MaxCount=4, InstanceType="t3.micro")["Instances"]]
    idle, busy, silent, stopped = ids
    ec2.create_tags(Resources=[idle], Tags=[{"Key": "Name", "Value": "idle"},
                                            {"Key": "Schedule", "Value": "office-hours"}])
    ec2.stop_instances(InstanceIds=[stopped])
    for iid, cpu, net, ops in ((idle, 0.5, 1e5, 1.0), (busy, 55.0, 5e8, 9000.0)):
        put_daily(cw, "AWS/EC2", "CPUUtilization", {"InstanceId": iid}, [cpu] * 14)
        for metric in ("NetworkIn", "NetworkOut"):
            put_daily(cw, "AWS/EC2", metric, {"InstanceId": iid}, [net] * 14)
        for metric in ("EBSReadOps", "EBSWriteOps"):
            put_daily(cw, "AWS/EC2", metric, {"InstanceId": iid}, [ops] * 14)
    volume = ec2.create_volume(Size=50, AvailabilityZone="us-east-1a", VolumeType="gp3")
    free_ip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    used_ip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    ec2.associate_address(AllocationId=used_ip, InstanceId=busy)
    subnets = [x["SubnetId"] for x in ec2.describe_subnets()["Subnets"][:2]]
    nat_ip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=subnets[0], AllocationId=nat_ip)["NatGateway"]
    for metric in ("BytesOutToDestination", "BytesInFromDestination", "ActiveConnectionCount"):
        put_daily(cw, "AWS/NATGateway", metric, {"NatGatewayId": nat["NatGatewayId"]}, [0] * 14)
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    lb = elb.create_load_balancer(Name="web", Subnets=subnets)["LoadBalancers"][0]
    group = elb.create_target_group(Name="web", Protocol="HTTP", Port=80,
                                    VpcId=vpc)["TargetGroups"][0]
    elb.register_targets(TargetGroupArn=group["TargetGroupArn"], Targets=[{"Id": busy}])
    elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward",
                                         "TargetGroupArn": group["TargetGroupArn"]}])
    lb_dim = lb["LoadBalancerArn"].split(":loadbalancer/")[-1]
    put_daily(cw, "AWS/ApplicationELB", "RequestCount", {"LoadBalancer": lb_dim}, [500] * 14)
    rds = s.client("rds")
    rds.create_db_instance(DBInstanceIdentifier="orders-old", DBInstanceClass="db.t3.micro",
                           Engine="postgres", AllocatedStorage=100, MasterUsername="admin",
                           MasterUserPassword="password123")
    dims = {"DBInstanceIdentifier": "orders-old"}
    put_daily(cw, "AWS/RDS", "DatabaseConnections", dims, [0] * 90)
    put_daily(cw, "AWS/RDS", "CPUUtilization", dims, [1.5] * 60)
    put_daily(cw, "AWS/RDS", "FreeStorageSpace", dims, [95 * GB] * 7)
    s3 = s.client("s3")
    s3.create_bucket(Bucket="logs-archive")
    s3.put_bucket_versioning(Bucket="logs-archive",
                             VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket="logs-archive", Key="a.log", Body=b"x" * 1000)
    put_daily(cw, "AWS/S3", "BucketSizeBytes", {"BucketName": "logs-archive",
                                                "StorageType": "StandardStorage"}, [150 * GB])
    s3.create_bucket(Bucket="tidy-bucket")
    s3.put_bucket_lifecycle_configuration(Bucket="tidy-bucket", LifecycleConfiguration={
        "Rules": [{"ID": "all", "Status": "Enabled", "Filter": {"Prefix": ""},
                   "Transitions": [{"Days": 30, "StorageClass": "GLACIER"}],
                   "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]})
    return {"idle": idle, "busy": busy, "silent": silent, "stopped": stopped,
            "volume": volume["VolumeId"], "free_ip": free_ip, "used_ip": used_ip,
            "nat": nat["NatGatewayId"], "lb": lb_dim}


def run(recorder: CallRecorder | None = None, make: Callable[[], boto3.Session] | None = None,
        targets: list[Target] | None = None, regions: set[str] | None = None) -> Snapshot:
    return collect(make or (lambda: boto3.Session(region_name="us-east-1")),
                   targets or [Target(ACCOUNT)], resolved_params(), END,
                   REGIONS if regions is None else regions, recorder=recorder)


@pytest.fixture(scope="module")
def snapshot(world: dict[str, Any]) -> Snapshot:
    return run()


def by_id(snap: Snapshot) -> dict[str, Resource]:
    return {r.id: r for r in snap.resources}


def status(resource: Resource, code: str) -> str:
    return assess(resource, resolved_params()).outcomes[code].status


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
    assert found["logs-archive"].monthly_cost == round(150 * 0.023, 2)


def test_network_rds_and_s3_signals(world: dict[str, Any], snapshot: Snapshot) -> None:
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
    logs, tidy = found["logs-archive"], found["tidy-bucket"]
    assert status(logs, "S3") == FIRED and status(tidy, "S3") == CLEAR
    assert status(logs, "S4") == FIRED and status(tidy, "S4") == CLEAR
    assert status(logs, "S5") == FIRED and status(tidy, "S5") == CLEAR
    assert status(logs, "S6") == FIRED and status(tidy, "S6") == CLEAR
    assert status(logs, "S1") == CLEAR  # an object was written today
    assert status(tidy, "S2") == FIRED and status(logs, "S2") == CLEAR


def test_every_call_maps_to_a_declared_iam_action(world: dict[str, Any]) -> None:
    recorder = CallRecorder()
    run(recorder, targets=[Target(ACCOUNT), Target("333333333333",
                                                   "arn:aws:iam::333333333333:role/Audit")])
    made = set(recorder.actions)
    assert {"cloudwatch:GetMetricData", "ec2:DescribeInstances", "s3:ListAllMyBuckets",
            "s3:GetLifecycleConfiguration", "sts:AssumeRole"} <= made
    assert made <= set(IAM_ACTIONS), made - set(IAM_ACTIONS)
    assert set(IAM_ACTIONS) <= set(iam.required_actions())


def test_request_counts_reported_per_service(world: dict[str, Any]) -> None:
    recorder = CallRecorder()
    snap = run(recorder)
    assert snap.api_requests == recorder.by_service()
    assert snap.api_requests["cloudwatch"] == recorder.actions["cloudwatch:GetMetricData"] >= 1


def test_denied_region_reported_while_others_complete(world: dict[str, Any]) -> None:
    def make() -> boto3.Session:
        session = boto3.Session(region_name="us-east-1")
        session.events.register("before-call", deny(
            service="ec2", operation="DescribeInstances",
            when=lambda _p, ctx: ctx.get("client_region") == "eu-west-1"))
        return session

    snap = run(make=make, regions={"us-east-1", "eu-west-1"})
    assert set(snap.unreached) == {f"{ACCOUNT}/eu-west-1"}
    assert "access denied" in snap.unreached[f"{ACCOUNT}/eu-west-1"]
    assert world["idle"] in by_id(snap)
    assert any("eu-west-1 not analysed" in n for n in snap.notices)


def test_denied_account_reported_while_others_complete(world: dict[str, Any]) -> None:
    blocked = "222222222222"

    def make() -> boto3.Session:
        session = boto3.Session(region_name="us-east-1")
        session.events.register("before-call", deny(
            service="sts", operation="AssumeRole",
            when=lambda params, _c: blocked in str(params.get("body", ""))))
        return session

    targets = [Target(ACCOUNT), Target(blocked, f"arn:aws:iam::{blocked}:role/Audit"),
               Target("333333333333", "arn:aws:iam::333333333333:role/Audit")]
    snap = run(make=make, targets=targets)
    assert set(snap.unreached) == {blocked}
    assert "access denied" in snap.unreached[blocked]
    assert world["idle"] in by_id(snap)  # the caller's account completed
    assert any(blocked in n and "not analysed" in n for n in snap.notices)
