"""CloudWatch GetMetricData, batched: up to 500 queries per call, grouped by window and period.
A query that returns no datapoints yields no series at all: missing data, never zero."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ..model import DAY_S, HOUR_S, Series

__all__ = ["DAY", "HOUR", "MAX_QUERIES_PER_CALL", "MetricRequest", "fetch_metrics"]

MAX_QUERIES_PER_CALL = 500  # the GetMetricData limit
DAY, HOUR = DAY_S, HOUR_S


@dataclass(frozen=True)
class MetricRequest:
    """One metric of one resource: which statistic, at which period, over how many days."""

    resource_id: str
    key: str  # the name signals read, e.g. "CPUUtilization" or "DatabaseConnections:max"
    namespace: str
    metric: str
    dimensions: tuple[tuple[str, str], ...]
    stat: str
    days: int
    period: int = DAY

    def query(self, query_id: str) -> dict[str, Any]:
        """The MetricDataQuery for this request."""
        dims = [{"Name": n, "Value": v} for n, v in self.dimensions]
        return {"Id": query_id, "ReturnData": True, "MetricStat": {
            "Metric": {"Namespace": self.namespace, "MetricName": self.metric,
                       "Dimensions": dims},
            "Period": self.period, "Stat": self.stat}}


def fetch_metrics(cloudwatch: Any, requests: Iterable[MetricRequest], end: datetime
                  ) -> dict[tuple[str, str], Series]:
    """(resource id, key) -> series, oldest first; requests without datapoints are absent."""
    groups: dict[tuple[int, int], list[MetricRequest]] = defaultdict(list)
    for req in requests:
        if req.days > 0:
            groups[(req.period, req.days)].append(req)
    out: dict[tuple[str, str], Series] = {}
    for (_period, days), members in sorted(groups.items()):
        for first in range(0, len(members), MAX_QUERIES_PER_CALL):
            batch = members[first:first + MAX_QUERIES_PER_CALL]
            out.update(_call(cloudwatch, batch, end - timedelta(days=days), end))
    return out


def _call(cloudwatch: Any, batch: list[MetricRequest], start: datetime, end: datetime
          ) -> dict[tuple[str, str], Series]:
    by_id = {f"q{i}": req for i, req in enumerate(batch)}
    points: dict[str, list[tuple[datetime, float]]] = defaultdict(list)
    kwargs: dict[str, Any] = {"MetricDataQueries": [r.query(i) for i, r in by_id.items()],
                              "StartTime": start, "EndTime": end, "ScanBy": "TimestampAscending"}
    while True:
        page = cloudwatch.get_metric_data(**kwargs)
        for result in page.get("MetricDataResults", []):
            stamps = [_utc(t) for t in result.get("Timestamps", [])]
            points[result["Id"]].extend(zip(stamps, map(float, result.get("Values", [])),
                                            strict=False))
        if not page.get("NextToken"):
            break
        kwargs["NextToken"] = page["NextToken"]
    return {(by_id[qid].resource_id, by_id[qid].key): tuple(sorted(pts))
            for qid, pts in points.items() if pts}


def _utc(stamp: datetime) -> datetime:
    return stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC)
