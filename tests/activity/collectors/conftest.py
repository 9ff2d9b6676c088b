"""The boto3 collectors against moto: a small world with every resource type and two weeks of
metrics (put_metric_data), shared by the collector test modules."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from moto import mock_aws

from finops_lib.activity.collectors import CallRecorder, Target, collect
from finops_lib.activity.model import Resource, Snapshot
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
