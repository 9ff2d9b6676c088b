"""AWS call plumbing of the collectors against moto: IAM action names, request counting, paging,
per-thread clients and the short reason a failed call becomes."""

from __future__ import annotations

import threading
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from finops_lib.activity.collectors.calls import CallRecorder, Clients, action_for, pages, why
from finops_lib.errors import SourceError
from finops_lib.sources import aws


def _error(code: str, message: str = "") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "AnyOperation")


@pytest.mark.parametrize(("prefix", "operation", "action"), [
    ("monitoring", "GetMetricData", "cloudwatch:GetMetricData"),
    ("s3", "ListBuckets", "s3:ListAllMyBuckets"),
    ("s3", "ListObjectsV2", "s3:ListBucket"),
    ("ec2", "DescribeInstances", "ec2:DescribeInstances"),
])
def test_action_for_names_the_iam_action(prefix: str, operation: str, action: str) -> None:
    assert action_for(prefix, operation) == action


def test_pages_follow_every_page_and_the_recorder_counts_each_request(
        module_aws: None) -> None:
    recorder = CallRecorder()
    session = recorder.attach(boto3.Session(region_name="us-east-1"))
    s3 = session.client("s3")
    s3.create_bucket(Bucket="paged")
    for key in ("a", "b", "c"):
        s3.put_object(Bucket="paged", Key=key, Body=b"x")
    keys = [o["Key"] for o in pages(s3, "list_objects_v2", "Contents", Bucket="paged",
                                    MaxKeys=1)]
    assert keys == ["a", "b", "c"]
    assert recorder.actions["s3:ListBucket"] == 3  # one request per page
    assert recorder.actions["s3:PutObject"] == 3
    assert recorder.by_service() == {"s3": 7}  # CreateBucket + 3 PutObject + 3 pages


def test_pages_of_an_empty_listing_yield_nothing(module_aws: None) -> None:
    s3 = boto3.Session(region_name="us-east-1").client("s3")
    s3.create_bucket(Bucket="empty")
    assert list(pages(s3, "list_objects_v2", "Contents", Bucket="empty")) == []


@pytest.mark.parametrize(("exc", "reason"), [
    (_error("AccessDenied", "no"), "SSM: access denied"),
    (_error("ExpiredTokenException", "old"), "SSM: access denied"),
    (_error("OptInRequiredException"), "SSM: not enabled (opt-in required)"),
    (_error("ValidationException", "Service is not enabled for this account"),
     "SSM: not enabled"),
    (_error("ThrottlingException", "slow down"), "SSM: ThrottlingException"),
    (NotImplementedError("moto"), "SSM: not available from this endpoint"),
    (EndpointConnectionError(endpoint_url="https://ssm.test"), "SSM: EndpointConnectionError"),
    (SourceError("Cost Explorer repeated page token on page 2", fix="re-run"),
     "SSM: Cost Explorer repeated page token on page 2"),
    (ValueError("boom"), "SSM: ValueError: boom"),
])
def test_why_gives_a_short_reason_naming_the_service(exc: BaseException, reason: str) -> None:
    assert why(exc, "SSM") == reason


def test_clients_are_made_once_per_thread_with_the_shared_retry_policy(
        module_aws: None) -> None:
    made: list[str] = []

    def make() -> boto3.Session:
        made.append(threading.current_thread().name)
        return boto3.Session(region_name="us-east-1")

    recorder = CallRecorder()
    clients = Clients(make, recorder)
    first = clients.client("ec2", "us-east-1")
    assert clients.client("ec2", "us-east-1") is first
    assert clients.client("ec2", "eu-west-1") is not first
    assert len(made) == 1  # one session per thread, whatever the service or region
    assert first.meta.config.retries["mode"] == "adaptive"
    assert first.meta.config.connect_timeout == aws.CONNECT_TIMEOUT_S

    other: dict[str, Any] = {}
    worker = threading.Thread(target=lambda: other.update(c=clients.client("ec2", "us-east-1")))
    worker.start()
    worker.join()
    assert other["c"] is not first and len(made) == 2
    first.describe_regions()
    assert recorder.actions["ec2:DescribeRegions"] == 1  # the attached recorder counts it
