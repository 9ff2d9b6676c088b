"""AWS Compute Optimizer (the fallback when the hub is not enrolled): one small reader per
resource kind, registered in READERS, each paging one Get…Recommendations operation."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from .model import COMPUTE_OPTIMIZER, Feed, Recommendation, arn_region, arn_resource_id, effort_label

__all__ = ["IAM_ACTIONS", "OPT_IN_HINT", "READERS", "read_compute_optimizer"]

OPT_IN_HINT = ("opt in under Compute Optimizer → Get started (or `aws compute-optimizer "
               "update-enrollment-status --status Active --include-member-accounts`)")

Parse = Callable[[dict[str, Any]], Recommendation | None]


@dataclass(frozen=True)
class Reader:
    """One Compute Optimizer operation: its boto3 method, result key and item parser."""

    operation: str
    method: str
    key: str
    parse: Parse


def _savings(option: dict[str, Any]) -> float:
    money = (option.get("savingsOpportunity") or {}).get("estimatedMonthlySavings") or {}
    return float(money.get("value") or 0.0)


def _best(options: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The option with the largest savings (rank breaks ties), or None when none saves."""
    saving = [o for o in options if _savings(o) > 0]
    return min(saving, key=lambda o: (-_savings(o), o.get("rank", 99))) if saving else None


def _metrics(item: dict[str, Any]) -> str:
    return ", ".join(f"{m['name']} {m.get('statistic', '').lower()} {m['value']:.1f}"
                     for m in item.get("utilizationMetrics", []) if "value" in m)


def _lookback(item: dict[str, Any]) -> str:
    days = item.get("lookBackPeriodInDays") or item.get("lookbackPeriodInDays")
    return f"{days:.0f}-day lookback" if days else ""


def _evidence(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _ec2(item: dict[str, Any]) -> Recommendation | None:
    best = _best(item.get("recommendationOptions", []))
    if best is None or item.get("finding") == "Optimized":
        return None
    arn = item["instanceArn"]
    idle = item.get("idle") == "True"
    wanted = best.get("instanceType", "")
    action = "stop" if idle else ("graviton" if _is_graviton(wanted) and not _is_graviton(
        item.get("currentInstanceType", "")) else "rightsize")
    return Recommendation(arn_resource_id(arn), "EC2 instance", item.get("accountId", ""),
                          arn_region(arn), action, _savings(best),
                          f"{item.get('currentInstanceType', '')} → {wanted}",
                          effort_label(best.get("migrationEffort")),
                          _evidence(item.get("finding", ""), "idle" if idle else "",
                                    _metrics(item), _lookback(item)), COMPUTE_OPTIMIZER)


def _is_graviton(instance_type: str) -> bool:
    family = instance_type.split(".", 1)[0]
    return len(family) > 2 and "g" in family[2:] and family[0] in "cmrtx"


def _ebs(item: dict[str, Any]) -> Recommendation | None:
    best = _best(item.get("volumeRecommendationOptions", []))
    if best is None:
        return None
    arn, cur, new = item["volumeArn"], item.get("currentConfiguration", {}), best["configuration"]
    return Recommendation(arn_resource_id(arn), "EBS volume", item.get("accountId", ""),
                          arn_region(arn), "rightsize", _savings(best),
                          f"{cur.get('volumeType', '')} {cur.get('volumeSize', '')} GiB → "
                          f"{new.get('volumeType', '')} {new.get('volumeSize', '')} GiB",
                          "Low", _evidence(item.get("finding", ""), _metrics(item),
                                           _lookback(item)), COMPUTE_OPTIMIZER)


def _lambda(item: dict[str, Any]) -> Recommendation | None:
    best = _best(item.get("memorySizeRecommendationOptions", []))
    if best is None:
        return None
    arn = item["functionArn"]
    return Recommendation(arn_resource_id(arn), "Lambda function", item.get("accountId", ""),
                          arn_region(arn), "rightsize", _savings(best),
                          f"{item.get('currentMemorySize', '')} MB → {best['memorySize']} MB",
                          "Very low", _evidence(item.get("finding", ""), _metrics(item),
                                                _lookback(item)), COMPUTE_OPTIMIZER)


def _rds(item: dict[str, Any]) -> Recommendation | None:
    best = _best(item.get("instanceRecommendationOptions", []))
    if best is None:
        return None
    arn = item["resourceArn"]
    idle = item.get("idle") == "True"
    return Recommendation(arn_resource_id(arn), "RDS DB instance", item.get("accountId", ""),
                          arn_region(arn), "stop" if idle else "rightsize", _savings(best),
                          f"{item.get('currentDBInstanceClass', '')} → "
                          f"{best.get('dbInstanceClass', '')}", "Medium",
                          _evidence(item.get("instanceFinding", ""), "idle" if idle else "",
                                    _metrics(item), _lookback(item)), COMPUTE_OPTIMIZER)


READERS: tuple[Reader, ...] = (
    Reader("GetEC2InstanceRecommendations", "get_ec2_instance_recommendations",
           "instanceRecommendations", _ec2),
    Reader("GetEBSVolumeRecommendations", "get_ebs_volume_recommendations",
           "volumeRecommendations", _ebs),
    Reader("GetLambdaFunctionRecommendations", "get_lambda_function_recommendations",
           "lambdaFunctionRecommendations", _lambda),
    Reader("GetRDSDatabaseRecommendations", "get_rds_database_recommendations",
           "rdsDBRecommendations", _rds),
)
IAM_ACTIONS = tuple(f"compute-optimizer:{r.operation}" for r in READERS)


def _pages(client: Any, reader: Reader, log: list[str]) -> Iterable[dict[str, Any]]:
    token: str | None = None
    while True:
        page = getattr(client, reader.method)(**({"nextToken": token} if token else {}))
        log.append(f"compute-optimizer:{reader.operation} {client.meta.region_name}: "
                   f"{len(page.get(reader.key, []))} items (free)")
        yield from page.get(reader.key, [])
        token = page.get("nextToken")
        if not token:
            return


def read_compute_optimizer(clients: Iterable[Any]) -> Feed:
    """Every reader in every region's client; an opt-in error stops with one notice."""
    items: list[Recommendation] = []
    log: list[str] = []
    notices: list[str] = []
    for client in clients:
        for reader in READERS:
            try:
                found = [_ for i in _pages(client, reader, log) if (_ := reader.parse(i))]
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code", "")
                if code == "OptInRequiredException":
                    return Feed(tuple(items), (f"Compute Optimizer is not opted in: "
                                               f"{OPT_IN_HINT}.",), tuple(log), False)
                notices.append(f"Compute Optimizer {reader.operation} in "
                               f"{client.meta.region_name}: {code or 'error'} (skipped)")
                continue
            except BotoCoreError as exc:
                notices.append(f"Compute Optimizer {reader.operation}: {exc} (skipped)")
                continue
            items += found
    return Feed(tuple(items), tuple(notices), tuple(log))
