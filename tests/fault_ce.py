"""A fault-injecting Cost Explorer endpoint: a real HTTP server speaking the AWS JSON protocol
that boto3 uses, for tests of how the command behaves when AWS misbehaves.

Point boto3 at it with AWS_ENDPOINT_URL (every service then goes to it): it answers
sts:GetCallerIdentity, refuses Organizations as "not in use", has no AWS Budgets, and answers
ce:GetCostAndUsage with well-formed daily results or with the chosen fault. Change `fault`
between runs to model recovery. Reusable by any test (see `faulty_ce` in tests/conftest.py).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ACCOUNT = "123456789012"
SERVICE = "Amazon Elastic Compute Cloud - Compute"
DAILY_USD = "12.34"
CE_TARGET = "AWSInsightsIndexService.GetCostAndUsage"
SLOW_SECONDS = 30.0

# fault -> what the endpoint does to GetCostAndUsage
FAULTS: dict[str, str] = {
    "ok": "well-formed daily results",
    "throttle-then-succeed": "ThrottlingException once, then well-formed results",
    "always-throttle": "ThrottlingException on every request",
    "server-error": "HTTP 500 InternalFailure on every request",
    "token-loop": "well-formed pages, each with a new NextPageToken, forever",
    "slow": f"answers after {SLOW_SECONDS:g} s",
    "malformed-json": "a truncated JSON body",
    "non-json": "an HTML page with status 200",
    "not-an-object": "a JSON list instead of an object",
    "empty-results": "an empty ResultsByTime",
    "empty-groups": "groups that are empty objects",
    "amount-words": 'Amount "twelve dollars"',
    "amount-huge": 'Amount "1e308"',
    "amount-infinity": 'Amount "Infinity"',
    "amount-nan": 'Amount "NaN"',
    "amount-missing": "a metric without its Amount",
    "metrics-missing": "groups without Metrics",
    "keys-missing": "groups without Keys",
    "period-missing": "results without TimePeriod",
    "estimated-recent": "well-formed, days from ESTIMATED_FROM on marked Estimated",
}
ESTIMATED_FROM = "2026-11-23"  # the last 3 days of a report as of 2026-11-25
_AMOUNTS = {"amount-words": "twelve dollars", "amount-huge": "1e308",
            "amount-infinity": "Infinity", "amount-nan": "NaN"}
_STS_REPLY = (
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
    f"<GetCallerIdentityResult><Arn>arn:aws:iam::{ACCOUNT}:user/test</Arn>"
    f"<UserId>AIDTEST</UserId><Account>{ACCOUNT}</Account></GetCallerIdentityResult>"
    "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>")


def _days(period: dict[str, str]) -> list[date]:
    start = datetime.fromisoformat(period["Start"][:10]).date()
    end = datetime.fromisoformat(period["End"][:10]).date()
    return [start + timedelta(days=i) for i in range((end - start).days)]


def good_reply(request: dict[str, Any], amount: str = DAILY_USD) -> dict[str, Any]:
    """What Cost Explorer answers: one result per day, one group (or a Total) each."""
    metric = request["Metrics"][0]
    results = []
    for day in _days(request["TimePeriod"]):
        value = {metric: {"Amount": amount, "Unit": "USD"}}
        period = {"Start": day.isoformat(), "End": (day + timedelta(days=1)).isoformat()}
        if request.get("GroupBy"):
            results.append({"TimePeriod": period, "Total": {}, "Estimated": False,
                            "Groups": [{"Keys": [ACCOUNT, SERVICE], "Metrics": value}]})
        else:
            results.append({"TimePeriod": period, "Total": value, "Groups": [],
                            "Estimated": False})
    return {"ResultsByTime": results, "DimensionValueAttributes": [], "GroupDefinitions": []}


def _faulty_reply(fault: str, request: dict[str, Any], count: int) -> tuple[int, str]:
    """(status, body) for a GetCostAndUsage request under `fault`."""
    if fault in _AMOUNTS:
        return 200, json.dumps(good_reply(request, _AMOUNTS[fault]))
    reply = good_reply(request)
    edits = {
        "empty-results": lambda r: r.update(ResultsByTime=[]),
        "token-loop": lambda r: r.update(NextPageToken=f"token-{count}"),
        "empty-groups": lambda r: [x.update(Groups=[{}]) for x in r["ResultsByTime"]],
        "amount-missing": lambda r: [g["Metrics"][m].pop("Amount") for x in r["ResultsByTime"]
                                     for g in x["Groups"] for m in g["Metrics"]],
        "metrics-missing": lambda r: [g.pop("Metrics") for x in r["ResultsByTime"]
                                      for g in x["Groups"]],
        "keys-missing": lambda r: [g.pop("Keys") for x in r["ResultsByTime"]
                                   for g in x["Groups"]],
        "period-missing": lambda r: [x.pop("TimePeriod") for x in r["ResultsByTime"]],
        "estimated-recent": lambda r: [x.update(Estimated=x["TimePeriod"]["Start"] >= ESTIMATED_FROM)
                                       for x in r["ResultsByTime"]],
    }
    if fault in edits:
        edits[fault](reply)
    bodies = {"malformed-json": '{"ResultsByTime": [{"TimePeriod": ',
              "non-json": "<html><body>Service Unavailable</body></html>",
              "not-an-object": "[]"}
    return 200, bodies.get(fault, json.dumps(reply))


class FaultyCostExplorer:
    """The endpoint; `fault` may be changed at any time, `requests` counts CE requests."""

    def __init__(self, fault: str = "ok") -> None:
        self.fault = fault
        self.requests = 0
        self.periods: list[tuple[str, str]] = []  # each GetCostAndUsage request's TimePeriod
        self.stopped = threading.Event()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, text, kind = endpoint.answer(self.headers.get("X-Amz-Target", ""), body)
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        """The endpoint URL for AWS_ENDPOINT_URL."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def answer(self, target: str, body: bytes) -> tuple[int, str, str]:
        """(status, body, content type) for one request."""
        if not target:  # the query protocol: STS
            return 200, _STS_REPLY, "text/xml"
        if target.startswith("AWSBudgetServiceGateway."):  # no budgets defined
            return 200, json.dumps({"Budgets": []}), "application/x-amz-json-1.1"
        if target != CE_TARGET:
            error = {"__type": "AWSOrganizationsNotInUseException", "message": "not in use"}
            return 400, json.dumps(error), "application/x-amz-json-1.1"
        self.requests += 1
        return (*self._cost_and_usage(json.loads(body)), "application/x-amz-json-1.1")

    def _cost_and_usage(self, request: dict[str, Any]) -> tuple[int, str]:
        period = request.get("TimePeriod") or {}
        self.periods.append((str(period.get("Start")), str(period.get("End"))))
        fault = self.fault
        if fault == "throttle-then-succeed":
            fault = "always-throttle" if self.requests == 1 else "ok"
        if fault == "always-throttle":
            return 400, json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"})
        if fault == "server-error":
            return 500, json.dumps({"__type": "InternalFailure", "message": "boom"})
        if fault == "slow":
            self.stopped.wait(SLOW_SECONDS)
        return _faulty_reply(fault, request, self.requests)

    def start(self) -> FaultyCostExplorer:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def faulty_endpoint(fault: str = "ok") -> Iterator[FaultyCostExplorer]:
    """A running endpoint for the duration of the block."""
    endpoint = FaultyCostExplorer(fault).start()
    try:
        yield endpoint
    finally:
        endpoint.stop()


def wait_until(predicate: Any, seconds: float = 5.0) -> bool:
    """Poll `predicate` until it holds or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return bool(predicate())
