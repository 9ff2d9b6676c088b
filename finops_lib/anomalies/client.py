"""The Cost Explorer client the anomaly and forecast calls use: a typed protocol, the request
log, and how a refused call becomes `Unavailable` (a notice) instead of an error.

`CostExplorerClient` is what drill-down, GetAnomalies and the forecast need. A boto3 `ce` client
(`boto3_client`, also the moto-backed one in tests) satisfies it as is; `ReplayClient` answers
from prepared replies (tests, demos) with no AWS at all.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from botocore.exceptions import ClientError

from ..errors import SourceError
from ..request_log import RequestLog  # the one log of the run (re-exported for these calls)
from ..sources import aws
from ..sources.aws_paging import token_pages

__all__ = [
    "CALL_FAILURES",
    "IAM_ACTIONS",
    "CostExplorerClient",
    "ReplayClient",
    "RequestLog",
    "Unavailable",
    "boto3_client",
    "paged",
    "unavailable",
]

IAM_ACTIONS: tuple[str, ...] = ("ce:GetAnomalies", "ce:GetCostAndUsage", "ce:GetCostForecast")


class CostExplorerClient(Protocol):
    """The Cost Explorer operations the anomaly report and the forecast call."""

    def get_cost_and_usage(self, **params: Any) -> Mapping[str, Any]:
        """GetCostAndUsage (one page)."""
        ...

    def get_anomalies(self, **params: Any) -> Mapping[str, Any]:
        """GetAnomalies (one page)."""
        ...

    def get_cost_forecast(self, **params: Any) -> Mapping[str, Any]:
        """GetCostForecast."""
        ...


def boto3_client(session: Any) -> CostExplorerClient:
    """The real client: boto3's `ce` with the shared retry policy (Cost Explorer is us-east-1)."""
    ce: CostExplorerClient = aws.client(session, "ce", aws.DEFAULT_REGION)
    return ce


@dataclass
class ReplayClient:
    """A fake Cost Explorer: each operation answers its queued replies in order; a queued
    `(code, message)` pair is raised as that AWS error. Requests are kept in `sent`."""

    replies: dict[str, deque[Any]] = field(default_factory=dict)
    sent: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def queue(self, operation: str, *replies: Any) -> ReplayClient:
        """Add replies (dicts, or (code, message) errors) for `operation` (e.g. get_anomalies)."""
        self.replies.setdefault(operation, deque()).extend(replies)
        return self

    def _answer(self, operation: str, params: dict[str, Any]) -> Mapping[str, Any]:
        self.sent.append((operation, params))
        queued = self.replies.get(operation)
        if not queued:
            raise NotImplementedError(f"{operation}: no reply prepared")
        reply = queued.popleft()
        if isinstance(reply, tuple):
            code, message = reply
            raise ClientError({"Error": {"Code": code, "Message": message}}, operation)
        answer: Mapping[str, Any] = reply
        return answer

    def get_cost_and_usage(self, **params: Any) -> Mapping[str, Any]:
        """GetCostAndUsage from the queue."""
        return self._answer("get_cost_and_usage", params)

    def get_anomalies(self, **params: Any) -> Mapping[str, Any]:
        """GetAnomalies from the queue."""
        return self._answer("get_anomalies", params)

    def get_cost_forecast(self, **params: Any) -> Mapping[str, Any]:
        """GetCostForecast from the queue."""
        return self._answer("get_cost_forecast", params)


@dataclass(frozen=True)
class Unavailable:
    """An AWS feature that could not answer, with the reason to show as a notice."""

    operation: str
    reason: str

    def __str__(self) -> str:
        return f"{self.operation} unavailable: {self.reason}"


# What makes a Cost Explorer answer unavailable rather than the report fail: the AWS failures,
# and the paging helper's refusal to follow a repeated token or endless pages.
CALL_FAILURES: tuple[type[BaseException], ...] = (*aws.FAILURES, SourceError)


def unavailable(operation: str, exc: BaseException) -> Unavailable:
    """The notice for a failed call, with the same one-line reason as every AWS error."""
    error = exc if isinstance(exc, SourceError) else aws.source_error(exc, operation)
    return Unavailable(operation, error.one_line())


def paged(call: Any, params: Mapping[str, Any], operation: str,
          log: RequestLog) -> Iterator[dict[str, Any]]:
    """Every page of one Cost Explorer call, each counted in `log` once it answered."""
    def fetch(request: dict[str, Any], page: int) -> Mapping[str, Any]:
        response: Mapping[str, Any] = call(**request)
        log.add(operation, f"page {page}")
        return response

    return token_pages(fetch, params)
