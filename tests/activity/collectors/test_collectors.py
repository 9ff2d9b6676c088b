"""The collector across accounts and regions against moto: request counts, IAM coverage and
partial failure (denied region, denied account)."""

from __future__ import annotations

from typing import Any

import boto3

from finops_lib import iam
from finops_lib.activity import IAM_ACTIONS
from finops_lib.activity.collectors import CallRecorder, Target

from .conftest import ACCOUNT, by_id, deny, run


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
