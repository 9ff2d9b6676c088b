"""Shared fixtures: an isolated fake AWS environment, moto, Cost Explorer result injection.

AWS-facing tests use `moto_aws` (moto's mock_aws, with temporary AWS config/credentials files,
fake credentials and FINOPS_CACHE_DIR under tmp_path), `inject_ce` to queue Cost Explorer
results through moto's documented results API, `ce_response` to build those results, and
`make_ce_source` to open the real `ce` source exactly as the command line does.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from moto import mock_aws

TEST_PROFILE = "finops-test"
OTHER_PROFILES = ("finops-payer", "sandbox")
MOTO_DEFAULT_ACCOUNT = "123456789012"
CE_RESULTS_URL = "http://motoapi.amazonaws.com/moto-api/static/ce/cost-and-usage-results"


@dataclass(frozen=True)
class AwsEnv:
    """Where the fake AWS set-up lives."""

    config_file: Path
    credentials_file: Path
    cache_dir: Path
    profiles: tuple[str, ...]


@pytest.fixture
def aws_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AwsEnv:
    """Temporary AWS config/credentials files with named profiles, fake keys, a private cache."""
    profiles = (TEST_PROFILE, *OTHER_PROFILES)
    config = tmp_path / "aws-config"
    credentials = tmp_path / "aws-credentials"
    config.write_text("".join(f"[profile {p}]\nregion = us-east-1\n\n" for p in profiles))
    credentials.write_text("".join(
        f"[{p}]\naws_access_key_id = testing\naws_secret_access_key = testing\n\n"
        for p in profiles))
    cache_dir = tmp_path / "finops-cache"
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "MOTO_ACCOUNT_ID", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SECURITY_TOKEN", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("FINOPS_CACHE_DIR", str(cache_dir))
    return AwsEnv(config, credentials, cache_dir, profiles)


@pytest.fixture
def moto_aws(aws_env: AwsEnv) -> Iterator[AwsEnv]:
    """moto's mock_aws around the test, over the fake environment."""
    with mock_aws():
        yield aws_env


@pytest.fixture
def inject_ce(moto_aws: AwsEnv) -> Callable[..., None]:
    """Queue GetCostAndUsage results in moto (one per distinct request, in request order)."""

    def inject(results: Sequence[dict[str, Any]], account_id: str | None = None) -> None:
        body: dict[str, Any] = {"results": list(results)}
        if account_id:
            body["account_id"] = account_id
        response = requests.post(CE_RESULTS_URL, json=body, timeout=10)
        assert response.status_code == 201

    return inject


Group = tuple[str, str, str]  # (account id, service, amount as Cost Explorer's decimal string)


@pytest.fixture
def ce_response() -> Callable[..., dict[str, Any]]:
    """Build one GetCostAndUsage response: {day: [(account, service, amount)]} (grouped) or
    {day: amount} (ungrouped total)."""

    def build(days: dict[date, Any], metric: str = "UnblendedCost",
              next_token: str | None = None, estimated: Sequence[date] = (),
              names: dict[str, str] | None = None, unit: str = "USD") -> dict[str, Any]:
        results = []
        for day, content in days.items():
            end = date.fromordinal(day.toordinal() + 1)
            entry: dict[str, Any] = {"TimePeriod": {"Start": day.isoformat(),
                                                    "End": end.isoformat()},
                                     "Estimated": day in estimated}
            if isinstance(content, str):
                entry["Total"] = {metric: {"Amount": content, "Unit": unit}}
                entry["Groups"] = []
            else:
                entry["Total"] = {}
                entry["Groups"] = [
                    {"Keys": [acct, service],
                     "Metrics": {metric: {"Amount": amount, "Unit": unit}}}
                    for acct, service, amount in content]
            results.append(entry)
        response: dict[str, Any] = {
            "ResultsByTime": results,
            "DimensionValueAttributes": [
                {"Value": acct, "Attributes": {"description": name}}
                for acct, name in (names or {}).items()],
        }
        if next_token:
            response["NextPageToken"] = next_token
        return response

    return build


@pytest.fixture
def make_ce_source(moto_aws: AwsEnv) -> Callable[..., Any]:
    """Open the `ce` source through `open(opts)` like the CLI; options as keyword arguments."""
    from finops_lib.options import resolve
    from finops_lib.sources import cost_explorer

    def make(mode: str = "architect", **given: Any) -> cost_explorer.CostExplorerSource:
        if "profile" not in given and "all_profile" not in given:
            given["profile"] = TEST_PROFILE
        given.setdefault("source", "ce")
        given.setdefault("as_of", "2026-11-20")
        return cost_explorer.open(resolve(mode, given))

    return make


@pytest.fixture
def moto_org(moto_aws: AwsEnv) -> dict[str, Any]:
    """A moto Organization run from the default account: Workloads/Prod OU tree, 3 members."""
    import boto3

    org = boto3.client("organizations", region_name="us-east-1")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    workloads = org.create_organizational_unit(ParentId=root, Name="Workloads")
    prod = org.create_organizational_unit(
        ParentId=workloads["OrganizationalUnit"]["Id"], Name="Prod")
    ids: dict[str, str] = {}
    placement = {"prod-web": prod, "staging": workloads, "security": None}
    for name, ou in placement.items():
        status = org.create_account(AccountName=name, Email=f"{name}@example.com")
        ids[name] = status["CreateAccountStatus"]["AccountId"]
        if ou is not None:
            org.move_account(AccountId=ids[name], SourceParentId=root,
                             DestinationParentId=ou["OrganizationalUnit"]["Id"])
    ids["master"] = MOTO_DEFAULT_ACCOUNT
    return {"root": root, "ids": ids,
            "ou": {"prod-web": "Prod", "staging": "Workloads", "security": "Root",
                   "master": "Root"}}


@pytest.fixture(scope="module")
def moto_server() -> Iterator[str]:
    """A moto server on a free loopback port (for subprocesses and endpoint-level behaviour:
    unlike in-process moto, it answers operations it lacks with an error response)."""
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="session", autouse=True)
def _session_triage_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Session-wide fixtures (servers, notebook runs) start before any test: never the user's."""
    saved = {k: os.environ.get(k) for k in ("FINOPS_DATA_DIR", "FINOPS_DB_URL")}
    os.environ.pop("FINOPS_DB_URL", None)
    os.environ["FINOPS_DATA_DIR"] = str(tmp_path_factory.mktemp("finops-session-data"))
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(autouse=True)
def _private_triage_store(tmp_path_factory: pytest.TempPathFactory,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    """SRE reports record anomalies in the triage store: never the user's, one per test."""
    monkeypatch.delenv("FINOPS_DB_URL", raising=False)
    monkeypatch.delenv("FINOPS_APP_URL", raising=False)
    monkeypatch.setenv("FINOPS_DATA_DIR", str(tmp_path_factory.mktemp("finops-data")))


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    """The one Playwright driver of a test process: its sync API allows one per thread, so every
    browser fixture launches its Chromium from this."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


class Sink:
    """A local webhook: records every JSON body, answers with queued statuses (then 200)."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                sink.bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(sink.statuses.pop(0) if sink.statuses else 200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/T000/SECRET-TOKEN"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def sink() -> Iterator[Sink]:
    """A running local webhook (tests of --notify: tests/test_alerts.py, tests/test_notify.py)."""
    s = Sink()
    yield s
    s.server.shutdown()


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Delivery retries record their waits instead of sleeping."""
    waits: list[float] = []
    monkeypatch.setattr("finops_lib.notify.time.sleep", waits.append)
    return waits


@pytest.fixture
def stubbed(aws_env: AwsEnv) -> Iterator[tuple[Any, Any]]:
    """A Cost Explorer client under botocore's Stubber (for APIs moto lacks); every queued
    response must be used."""
    import boto3
    from botocore.stub import Stubber

    client = boto3.client("ce", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()
