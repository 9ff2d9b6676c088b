"""A local AWS endpoint for the Cost Explorer bench: pages like the service, with fixed latency.

Answers, over HTTP on 127.0.0.1, the calls the `ce` source makes: sts:GetCallerIdentity,
organizations:DescribeOrganization / ListAccounts (the caller is the management account of
`accounts` accounts) and ce:GetCostAndUsage for DAILY or MONTHLY granularity, grouped by up to
two of LINKED_ACCOUNT and SERVICE or ungrouped, paged at `page_groups` groups with a
NextPageToken, the last `estimated_days` days before `today` marked Estimated, with a Filter of
Dimensions (LINKED_ACCOUNT, SERVICE) combined by And / Or; and ce:GetDimensionValues (TotalSize
only). Every Cost Explorer reply waits `latency` seconds first (concurrent requests overlap, as
they do on AWS). Amounts are a fixed function of (day, account, service) plus `spikes`, so two
clients can be compared.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

CALLER = "123456789012"


def amount(day: date, account: int, service: int) -> float:
    """The cost of one cell: a weekly rhythm, distinct per account and service."""
    weekly = (1.0, 1.1, 1.2, 1.15, 1.05, 0.6, 0.5)[day.weekday()]
    return round((1 + account % 7) * (1 + service % 5) * 3.25 * weekly, 2)


@dataclass
class Organization:
    """The billed organization the endpoint serves."""

    accounts: int
    services: int
    today: date
    latency: float = 0.3
    page_groups: int = 500
    estimated_days: int = 2
    spikes: dict[tuple[date, int, int], float] = field(default_factory=dict)  # extra $ a cell
    requests: int = 0  # billed: every page
    chains: int = 0  # requests without a NextPageToken: one per logical read
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def account_id(self, n: int) -> str:
        """The 12-digit id of account n (account 0 is the caller)."""
        return CALLER if n == 0 else f"{100000000000 + n:012d}"

    def get_cost_and_usage(self, body: dict[str, Any]) -> dict[str, Any]:
        """One page of the reply, after the fixed latency."""
        time.sleep(self.latency)
        with self._lock:
            self.requests += 1
            self.chains += 0 if body.get("NextPageToken") else 1
        periods = _periods(body)
        keys = [g["Key"] for g in body.get("GroupBy", [])]
        keep = self._filter(body.get("Filter"))
        cells = [(p, a, s) for p in range(len(periods))
                 for a in (range(self.accounts) if "LINKED_ACCOUNT" in keys else (None,))
                 for s in (range(self.services) if "SERVICE" in keys else (None,))
                 if a is None or s is None or keep(a, s)]
        offset = int(body.get("NextPageToken") or 0)
        page = cells[offset:offset + self.page_groups] if keys else cells
        metric = body["Metrics"][0]
        results: dict[int, dict[str, Any]] = {}
        for p, a, s in page:
            start, end = periods[p]
            entry = results.setdefault(p, {
                "TimePeriod": {"Start": start.isoformat(), "End": end.isoformat()},
                "Estimated": end > self.today - timedelta(days=self.estimated_days),
                "Groups": [], "Total": {}})
            value = self._sum(start, end, a, s, keep)
            money = {metric: {"Amount": f"{value:.2f}", "Unit": "USD"}}
            if keys:
                entry["Groups"].append({"Keys": self._keys(keys, a, s), "Metrics": money})
            else:
                entry["Total"] = money
        reply: dict[str, Any] = {"ResultsByTime": [results[p] for p in sorted(results)],
                                 "DimensionValueAttributes": []}
        if keys and offset + self.page_groups < len(cells):
            reply["NextPageToken"] = str(offset + self.page_groups)
        return reply

    def _keys(self, keys: list[str], account: int | None, service: int | None) -> list[str]:
        names = {"LINKED_ACCOUNT": self.account_id(account or 0), "SERVICE": f"Service {service}"}
        return [names[k] for k in keys]

    def cell(self, day: date, account: int, service: int) -> float:
        """One cell's cost, spikes included."""
        return amount(day, account, service) + self.spikes.get((day, account, service), 0.0)

    def _sum(self, start: date, end: date, account: int | None, service: int | None,
             keep: Any) -> float:
        days = [start + timedelta(days=i) for i in range((end - start).days)]
        accounts = range(self.accounts) if account is None else (account,)
        services = range(self.services) if service is None else (service,)
        return sum(self.cell(d, a, s) for d in days for a in accounts for s in services
                   if keep(a, s))

    def _filter(self, expression: dict[str, Any] | None) -> Any:
        """A predicate (account, service) → bool for a Filter expression (None: all)."""
        if not expression:
            return lambda a, s: True
        if "And" in expression:
            parts = [self._filter(e) for e in expression["And"]]
            return lambda a, s: all(p(a, s) for p in parts)
        if "Or" in expression:
            parts = [self._filter(e) for e in expression["Or"]]
            return lambda a, s: any(p(a, s) for p in parts)
        dim = expression["Dimensions"]
        values = set(dim["Values"])
        if dim["Key"] == "LINKED_ACCOUNT":
            return lambda a, s: self.account_id(a) in values
        return lambda a, s: f"Service {s}" in values

    def get_dimension_values(self, body: dict[str, Any]) -> dict[str, Any]:
        """How many accounts or services the window has (TotalSize), after the latency."""
        time.sleep(self.latency)
        with self._lock:
            self.requests += 1
            self.chains += 1
        size = self.accounts if body["Dimension"] == "LINKED_ACCOUNT" else self.services
        return {"DimensionValues": [], "ReturnSize": 0, "TotalSize": size}


def _periods(body: dict[str, Any]) -> list[tuple[date, date]]:
    start = date.fromisoformat(body["TimePeriod"]["Start"][:10])
    end = date.fromisoformat(body["TimePeriod"]["End"][:10])
    out: list[tuple[date, date]] = []
    while start < end:
        if body.get("Granularity") == "MONTHLY":
            step = min(end, (start.replace(day=1) + timedelta(days=32)).replace(day=1))
        else:
            step = start + timedelta(days=1)
        out.append((start, step))
        start = step
    return out


def _handler(org: Organization) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: Any) -> None:  # quiet
            return

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            target = self.headers.get("X-Amz-Target", "")
            if not target:  # sts: query protocol, XML reply
                action = parse_qs(raw.decode()).get("Action", [""])[0]
                self._send(200, _sts(action), "text/xml")
                return
            body = json.loads(raw or b"{}")
            operation = target.rsplit(".", 1)[-1]
            if operation == "GetCostAndUsage":
                self._send(200, json.dumps(org.get_cost_and_usage(body)))
            elif operation == "GetDimensionValues":
                self._send(200, json.dumps(org.get_dimension_values(body)))
            elif operation == "DescribeOrganization":
                self._send(200, json.dumps({"Organization": {
                    "Id": "o-bench", "MasterAccountId": CALLER}}))
            elif operation == "ListAccounts":
                self._send(200, json.dumps({"Accounts": [
                    {"Id": org.account_id(n), "Name": f"account-{n}", "Status": "ACTIVE"}
                    for n in range(org.accounts)]}))
            elif target.startswith(("ComputeOptimizerService.", "CostOptimizationHubService.")):
                # what an account that never opted in gets (moto has neither service)
                self._send(400, json.dumps({"__type": "OptInRequiredException",
                                            "message": "The account is not opted in."}))
            else:
                self._send(400, json.dumps({"__type": "UnsupportedOperation",
                                            "message": operation}))

        def _send(self, status: int, text: str, kind: str = "application/x-amz-json-1.1"
                  ) -> None:
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _sts(action: str) -> str:
    if action != "GetCallerIdentity":
        return "<ErrorResponse><Error><Code>Unsupported</Code></Error></ErrorResponse>"
    return ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            f"<GetCallerIdentityResult><Arn>arn:aws:iam::{CALLER}:user/bench</Arn>"
            f"<UserId>BENCH</UserId><Account>{CALLER}</Account></GetCallerIdentityResult>"
            "</GetCallerIdentityResponse>")


class _Server(ThreadingHTTPServer):
    # The default listen backlog (5) drops the SYNs of a burst of new connections, which the
    # client resends after a second: a stall the real service does not have.
    request_queue_size = 128


def serve(org: Organization) -> tuple[ThreadingHTTPServer, str]:
    """Start the endpoint on a free port in a daemon thread; returns (server, url)."""
    server = _Server(("127.0.0.1", 0), _handler(org))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
