"""Alerts from the real command: a local HTTP sink gets the planted anomalies once, SNS through
moto, --fail-on-anomaly exit codes, an unreachable store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest

from finops_lib.cli import main
from tests.conftest import TEST_PROFILE, AwsEnv, Sink

AS_OF = "2026-11-26"


# the demo's planted events (finops_lib/sources/demo.py) that are anomalies against the baseline
PLANTED = {"Amazon Redshift": "drop", "Amazon Bedrock": "spike", "EC2 - Other": "spike",
           "AmazonCloudWatch": "spike",
           "Amazon Kinesis": "drop"}


SRE = ["dashboard", "--mode", "sre", "--as-of", AS_OF]


def _services(body: dict[str, Any]) -> dict[str, str]:
    return {a["series"].split(" / ")[-1]: a["direction"] for a in body["anomalies"]}


def test_webhook_gets_the_planted_anomalies_once(sink: Sink, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FINOPS_APP_URL", "https://finops.example.com/")
    assert main([*SRE, "--notify", sink.url, "--export", "json", "--output-dir",
                 str(tmp_path)]) == 0
    assert len(sink.bodies) == 1
    body = sink.bodies[0]
    assert PLANTED.items() <= _services(body).items()
    exported = json.loads(next(tmp_path.glob("*.json")).read_text())
    records = {r["id"]: r for r in exported["extra"]["anomaly_records"]}
    for item in body["anomalies"]:  # the message says what the report says, to the cent
        assert item["impact_dollars"] == records[item["id"]]["impact_dollars"]
        assert item["link"].startswith("https://finops.example.com/sre?")
        assert f"anomaly={item['id']}" in item["link"] and "as_of=2026-11-26" in item["link"]
        assert item["id"] in body["text"] and item["series"] in body["text"]
    assert body["text"].startswith(f"FinOps: {len(body['anomalies'])} new cost anomalies")
    assert "SECRET-TOKEN" not in json.dumps(body) and str(tmp_path) not in json.dumps(body)
    assert "notified http://127.0.0.1" in capsys.readouterr().out
    assert main([*SRE, "--notify", sink.url]) == 0
    assert len(sink.bodies) == 1  # nothing new: nothing sent


def test_expected_and_acknowledged_anomalies_are_not_sent(sink: Sink) -> None:
    assert main(["anomalies", "list", "--as-of", AS_OF]) == 0
    from finops_lib.triage import open_store

    by_service = {r.series.split(" / ")[-1]: r.anomaly_id for r in open_store().records().values()}
    assert main(["anomalies", "expect", by_service["Amazon Bedrock"], "--note", "launch"]) == 0
    assert main(["anomalies", "ack", by_service["Amazon Redshift"], "--owner", "data"]) == 0
    assert main([*SRE, "--notify", sink.url]) == 0
    sent = _services(sink.bodies[0])
    assert "Amazon Bedrock" not in sent and "Amazon Redshift" not in sent
    assert {"EC2 - Other", "Amazon Kinesis"} <= set(sent)


def test_sns_topic_receives_the_message(moto_aws: AwsEnv) -> None:
    sns = boto3.client("sns", region_name="us-east-1")
    sqs = boto3.client("sqs", region_name="us-east-1")
    topic = sns.create_topic(Name="finops-alerts")["TopicArn"]
    queue = sqs.create_queue(QueueName="inbox")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    assert main([*SRE, "--source", "demo", "--profile", TEST_PROFILE,  # SNS with its credentials
                 "--notify", f"sns:{topic}"]) == 0
    messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    assert len(messages) == 1
    envelope = json.loads(messages[0]["Body"])
    assert envelope["Subject"].startswith("FinOps: ")
    sent = json.loads(envelope["Message"])["anomalies"]
    from finops_lib.triage import open_store

    assert sent and sorted(a["id"] for a in sent) == sorted(open_store().records())


def test_a_dead_target_is_one_line_and_loses_nothing(
        sink: Sink, tmp_path: Path, no_sleep: list[float],
        capsys: pytest.CaptureFixture[str]) -> None:
    dead = "http://127.0.0.1:9/hook?token=SECRET"
    assert main([*SRE, "--notify", dead, "--notify", sink.url, "--export", "json",
                 "--output-dir", str(tmp_path)]) == 0
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and "not delivered to http://127.0.0.1:9/…" in err[0]
    assert "SECRET" not in err[0] and len(no_sleep) == 2
    assert len(list(tmp_path.glob("*.json"))) == 1  # the report was written
    assert main([*SRE, "--notify", sink.url]) == 0  # not marked as sent: the next run retries
    assert len(sink.bodies) == 2 and sink.bodies[0]["anomalies"] == sink.bodies[1]["anomalies"]


def test_fail_on_anomaly_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    from finops_lib.triage import open_store

    assert main([*SRE, "--fail-on-anomaly", "high"]) == 4
    records = list(open_store().records().values())
    highs = [r for r in records if r.severity == "high"]
    assert highs and capsys.readouterr().err.strip().startswith(
        f"finops: error: {len(highs)} open anomalies of severity high or higher")
    kinesis = next(r for r in records if r.series.endswith("Amazon Kinesis"))
    for r in records:
        if r is not kinesis:
            open_store().set_state(r.anomaly_id, "acknowledged", by="test")
    assert main([*SRE, "--fail-on-anomaly", kinesis.severity]) == 4
    assert f"1 open anomaly of severity {kinesis.severity}" in capsys.readouterr().err
    open_store().set_state(kinesis.anomaly_id, "resolved", by="test")
    assert main([*SRE, "--fail-on-anomaly", "low"]) == 0
    assert main(["dashboard", "--mode", "executive", "--fail-on-anomaly", "low"]) == 2
    assert "needs the SRE report" in capsys.readouterr().err


def test_bad_notify_targets_are_refused_up_front(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*SRE, "--notify", "ftp://x/y"]) == 2
    assert "--notify" in capsys.readouterr().err
    assert main([*SRE, "--notify", "sns:not-an-arn"]) == 2


def test_an_unreachable_store_still_alerts_and_says_so(
        sink: Sink, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FINOPS_DB_URL", "postgresql://finops:pw@127.0.0.1:9/finops")
    assert main([*SRE, "--notify", sink.url]) == 0
    assert PLANTED.items() <= _services(sink.bodies[0]).items()
    err = capsys.readouterr().err
    assert "Alerts include every current anomaly" in err and ":pw@" not in err
