"""The project's own activity findings (MUST/SHOULD resources) as recommendations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .model import ACTIVITY, Recommendation

__all__ = ["from_activity"]

_FLAGGED = {"MUST": "Low", "SHOULD": "Medium"}  # tier -> effort: retiring idle is simple
_STOPPABLE = frozenset({"ec2_instance", "rds_instance"})
_TYPES = {"ec2_instance": "EC2 instance", "rds_instance": "RDS DB instance",
          "s3_bucket": "S3 bucket", "ebs_volume": "EBS volume", "elastic_ip": "Elastic IP",
          "nat_gateway": "NAT gateway", "load_balancer": "Load balancer"}


def _action(resource: Mapping[str, Any]) -> str:
    running = resource.get("state") not in ("stopped", "stopping")
    return "stop" if resource.get("type") in _STOPPABLE and running else "delete"


def from_activity(resources: Iterable[Mapping[str, Any]]) -> list[Recommendation]:
    """One recommendation per MUST/SHOULD resource with a known cost: retire it, save its cost."""
    out = []
    for r in resources:
        if r.get("tier") not in _FLAGGED or not r.get("monthly_cost"):
            continue
        evidence = "; ".join(f"{code}: {text}" for code, text in r.get("evidence", {}).items())
        rtype = _TYPES.get(str(r.get("type")), str(r.get("type_label", "")))
        out.append(Recommendation(
            str(r["id"]), rtype, str(r.get("account", "")),
            str(r.get("region", "")), _action(r), float(r["monthly_cost"]),
            f"retire ({r['tier']} tier, score {r.get('score')})", _FLAGGED[str(r["tier"])],
            evidence, ACTIVITY))
    return out
