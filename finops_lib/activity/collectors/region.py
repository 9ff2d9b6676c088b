"""One account × region: EC2 instances (with attached volumes), unattached volumes, Elastic IPs,
NAT gateways, load balancers and RDS DB instances, with their facts and metric requests."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .. import pricing
from ..registry import lookback_days
from . import enrich
from .calls import FAILURES, Clients, pages, why
from .draft import Draft
from .metrics import HOUR

__all__ = ["RegionDenied", "RegionResult", "collect_region"]

Params = Mapping[str, Mapping[str, float]]
_EKS_TAGS = ("eks:cluster-name", "aws:eks:cluster-name")


class RegionDenied(Exception):
    """The region could not be listed at all (e.g. an SCP denies it)."""


@dataclass
class RegionResult:
    """Drafts and notices from one account × region."""

    drafts: list[Draft] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def collect_region(clients: Clients, account: str, region: str, params: Params,
                   end: datetime) -> RegionResult:
    """Everything the region holds for the activity analysis."""
    out = RegionResult()
    ec2 = clients.client("ec2", region_name=region)
    try:
        instances = [i for r in pages(ec2, "describe_instances", "Reservations")
                     for i in r.get("Instances", [])
                     if i.get("State", {}).get("Name") not in ("terminated", "shutting-down")]
    except FAILURES as exc:
        raise RegionDenied(why(exc, "EC2")) from exc
    volumes = _safe(out, "EBS volumes", lambda: list(pages(ec2, "describe_volumes", "Volumes")))
    by_volume = {v["VolumeId"]: v for v in volumes or []}
    elbv2 = clients.client("elbv2", region_name=region)
    balancers = _safe(out, "load balancers",
                      lambda: list(pages(elbv2, "describe_load_balancers", "LoadBalancers")))
    health = _safe(out, "target groups", lambda: _target_health(elbv2))
    drafts = [_instance(i, account, region, by_volume, params) for i in instances]
    _enrich_instances(clients, region, drafts, health, params, end, out)
    out.drafts += drafts
    out.drafts += [_volume(v, account, region, params) for v in volumes or []
                   if not v.get("Attachments")]
    out.drafts += [_address(a, account, region)
                   for a in _safe(out, "Elastic IPs", lambda: ec2.describe_addresses()
                                  .get("Addresses", [])) or []]
    nats = _safe(out, "NAT gateways", lambda: list(pages(ec2, "describe_nat_gateways",
                                                          "NatGateways")))
    out.drafts += [_nat(n, account, region, params) for n in nats or []
                   if n.get("State") in ("available", "pending")]
    out.drafts += [_balancer(b, account, region, health, params) for b in balancers or []]
    rds = clients.client("rds", region_name=region)
    dbs = _safe(out, "RDS", lambda: list(pages(rds, "describe_db_instances", "DBInstances")))
    out.drafts += [_database(d, account, region, params) for d in dbs or []]
    return out


def _safe(out: RegionResult, what: str, call: Callable[[], Any]) -> Any:
    try:
        return call()
    except FAILURES as exc:
        out.notices.append(f"{why(exc, what)}: not listed")
        return None


def _tags(item: Mapping[str, Any]) -> dict[str, str]:
    return {t["Key"]: t.get("Value", "") for t in item.get("Tags", []) or []}


def _target_health(elbv2: Any) -> dict[str, Any]:
    """Per load balancer: healthy and registered counts; plus every instance id targeted."""
    per_lb: dict[str, list[int]] = {}
    instances: set[str] = set()
    for group in pages(elbv2, "describe_target_groups", "TargetGroups"):
        targets = elbv2.describe_target_health(TargetGroupArn=group["TargetGroupArn"])
        described = targets.get("TargetHealthDescriptions", [])
        healthy = sum(1 for t in described if t.get("TargetHealth", {}).get("State") == "healthy")
        if group.get("TargetType", "instance") == "instance":
            instances.update(t["Target"]["Id"] for t in described)
        for lb in group.get("LoadBalancerArns", []):
            counts = per_lb.setdefault(lb, [0, 0])
            counts[0] += healthy
            counts[1] += len(described)
    return {"per_lb": per_lb, "instances": instances}


def _instance(item: Mapping[str, Any], account: str, region: str,
              volumes: Mapping[str, Any], params: Params) -> Draft:
    iid, state = item["InstanceId"], item.get("State", {}).get("Name", "")
    tags = _tags(item)
    attached = [m["Ebs"]["VolumeId"] for m in item.get("BlockDeviceMappings", []) if "Ebs" in m]
    sizes = [(volumes[v].get("VolumeType", ""), float(volumes[v].get("Size", 0)))
             for v in attached if v in volumes]
    cost = pricing.ec2_monthly(item.get("InstanceType", ""), state == "running", sizes)
    draft = Draft(iid, "ec2_instance", account, region, tags.get("Name", ""), state, cost,
                  facts={"tags": tags, "volume_ids": tuple(attached),
                         "instance_type": item.get("InstanceType", "")})
    if state == "running":
        dims = (("InstanceId", iid),)
        e2, e6 = lookback_days(params, ["E2"]), lookback_days(params, ["E6"])
        for key, stat, days in (("CPUUtilization", "Average", e2), ("NetworkIn", "Sum", e2),
                                ("NetworkOut", "Sum", e2), ("EBSReadOps", "Sum", e6),
                                ("EBSWriteOps", "Sum", e6)):
            draft.metric(key, "AWS/EC2", key, dims, stat, days)
    return draft


def _enrich_instances(clients: Clients, region: str, drafts: list[Draft],
                      health: Mapping[str, Any] | None, params: Params, end: datetime,
                      out: RegionResult) -> None:
    if not drafts:
        return
    lookups: dict[str, tuple[str, str, Callable[[Any], Any]]] = {
        "compute_optimizer": ("compute-optimizer", "Compute Optimizer", enrich.compute_optimizer),
        "ssm": ("ssm", "SSM", enrich.ssm_instances),
        "asg": ("autoscaling", "Auto Scaling", enrich.asg_members),
        "ecs": ("ecs", "ECS", enrich.ecs_members),
    }
    found: dict[str, Any] = {}
    for fact, (service, label, fn) in lookups.items():
        try:
            found[fact] = fn(clients.client(service, region_name=region))
        except FAILURES as exc:
            found[fact] = why(exc, label)
            out.notices.append(f"{found[fact]} ({_codes(fact)} unknown)")
    targeted = None if health is None else health["instances"]
    for draft in drafts:
        _apply(draft, found, targeted)
    _cloudtrail(clients, region, drafts, params, end, out)


def _codes(fact: str) -> str:
    return {"compute_optimizer": "E1", "ssm": "E4", "asg": "E5", "ecs": "E5"}[fact]


def _apply(draft: Draft, found: Mapping[str, Any], targeted: set[str] | None) -> None:
    co, ssm = found["compute_optimizer"], found["ssm"]
    if isinstance(co, str):
        draft.missing["compute_optimizer"] = co
    elif draft.id in co:
        draft.facts["compute_optimizer"] = co[draft.id]
    else:
        draft.missing["compute_optimizer"] = "Compute Optimizer: no recommendation yet"
    if isinstance(ssm, str):
        draft.missing["ssm"] = ssm
    else:
        draft.facts["ssm"] = ssm.get(draft.id, {"managed": False})
    tags = draft.facts["tags"]
    draft.facts["membership"] = {
        "asg": None if isinstance(found["asg"], str) else (
            draft.id in found["asg"] or "aws:autoscaling:groupName" in tags),
        "target_group": None if targeted is None else draft.id in targeted,
        "ecs": None if isinstance(found["ecs"], str) else draft.id in found["ecs"],
        "eks": any(k in _EKS_TAGS or k.startswith("kubernetes.io/cluster/") for k in tags),
    }


def _cloudtrail(clients: Clients, region: str, drafts: list[Draft], params: Params,
                end: datetime, out: RegionResult) -> None:
    days = min(lookback_days(params, ["E3"]), 90)
    if len(drafts) > enrich.CLOUDTRAIL_MAX_LOOKUPS:
        reason = (f"CloudTrail: more than {enrich.CLOUDTRAIL_MAX_LOOKUPS} instances in the "
                  "region, lookups skipped (2 requests/s limit)")
        out.notices.append(f"{reason} (E3 unknown)")
        for draft in drafts:
            draft.missing["cloudtrail"] = reason
        return
    client = clients.client("cloudtrail", region_name=region)
    failed = ""
    for draft in drafts:
        if failed:
            draft.missing["cloudtrail"] = failed
            continue
        try:
            draft.facts["cloudtrail"] = enrich.last_write_event(client, draft.id, end, days)
        except LookupError as exc:
            draft.missing["cloudtrail"] = str(exc)
        except FAILURES as exc:
            failed = draft.missing["cloudtrail"] = why(exc, "CloudTrail")
            out.notices.append(f"{failed} (E3 unknown)")


def _volume(item: Mapping[str, Any], account: str, region: str, params: Params) -> Draft:
    vtype, size = item.get("VolumeType", ""), float(item.get("Size", 0))
    draft = Draft(item["VolumeId"], "ebs_volume", account, region, _tags(item).get("Name", ""),
                  item.get("State", ""), pricing.ebs_monthly(vtype, size),
                  facts={"attached": bool(item.get("Attachments")), "volume_type": vtype,
                         "size_gb": int(size), "create_time": item.get("CreateTime")})
    days = lookback_days(params, ["B3"])
    for key in ("VolumeReadOps", "VolumeWriteOps"):
        draft.metric(key, "AWS/EBS", key, (("VolumeId", draft.id),), "Sum", days)
    return draft


def _address(item: Mapping[str, Any], account: str, region: str) -> Draft:
    target = item.get("InstanceId") or item.get("NetworkInterfaceId") or item.get(
        "AssociationId") or ""
    return Draft(item.get("AllocationId") or item.get("PublicIp", ""), "elastic_ip", account,
                 region, item.get("PublicIp", ""), "associated" if target else "unassociated",
                 pricing.eip_monthly(), facts={"association": target})


def _nat(item: Mapping[str, Any], account: str, region: str, params: Params) -> Draft:
    draft = Draft(item["NatGatewayId"], "nat_gateway", account, region,
                  _tags(item).get("Name", ""), item.get("State", ""), pricing.nat_monthly())
    dims = (("NatGatewayId", draft.id),)
    n1, n2 = lookback_days(params, ["N1"]), lookback_days(params, ["N2"])
    draft.metric("BytesOutToDestination", "AWS/NATGateway", "BytesOutToDestination", dims,
                 "Sum", n1)
    draft.metric("BytesInFromDestination", "AWS/NATGateway", "BytesInFromDestination", dims,
                 "Sum", n1)
    draft.metric("ActiveConnectionCount", "AWS/NATGateway", "ActiveConnectionCount", dims,
                 "Maximum", n2)
    return draft


def _balancer(item: Mapping[str, Any], account: str, region: str,
              health: Mapping[str, Any] | None, params: Params) -> Draft:
    arn, lb_type = item["LoadBalancerArn"], item.get("Type", "application")
    draft = Draft(arn.split(":loadbalancer/")[-1], "load_balancer", account, region,
                  item.get("LoadBalancerName", ""), item.get("State", {}).get("Code", ""),
                  pricing.lb_monthly(lb_type), facts={"lb_type": lb_type})
    if health is None:
        draft.missing["healthy_targets"] = "target health not readable"
    else:
        healthy, registered = health["per_lb"].get(arn, [0, 0])
        draft.facts |= {"healthy_targets": healthy, "registered_targets": registered}
    namespace, metric = {"network": ("AWS/NetworkELB", "NewFlowCount")}.get(
        lb_type, ("AWS/ApplicationELB", "RequestCount"))
    draft.metric("requests", namespace, metric, (("LoadBalancer", draft.id),), "Sum",
                 lookback_days(params, ["L1"]))
    return draft


def _database(item: Mapping[str, Any], account: str, region: str, params: Params) -> Draft:
    state = item.get("DBInstanceStatus", "")
    allocated = float(item.get("AllocatedStorage", 0))
    cost = pricing.rds_monthly(item.get("DBInstanceClass", ""), state == "available",
                               bool(item.get("MultiAZ")), item.get("StorageType", "gp2"),
                               allocated)
    draft = Draft(item["DBInstanceIdentifier"], "rds_instance", account, region,
                  item.get("DBName") or item.get("Engine", ""), state, cost,
                  facts={"allocated_storage_gb": allocated,
                         "backup_window": item.get("PreferredBackupWindow"),
                         "db_class": item.get("DBInstanceClass", "")})
    dims = (("DBInstanceIdentifier", draft.id),)
    for key, metric, stat, code in (
            ("DatabaseConnections:max", "DatabaseConnections", "Maximum", "R1"),
            ("DatabaseConnections", "DatabaseConnections", "Average", "R2"),
            ("CPUUtilization", "CPUUtilization", "Average", "R3"),
            ("ReadIOPS", "ReadIOPS", "Average", "R4"), ("WriteIOPS", "WriteIOPS", "Average", "R4"),
            ("FreeStorageSpace", "FreeStorageSpace", "Average", "R7")):
        draft.metric(key, "AWS/RDS", metric, dims, stat, lookback_days(params, [code]))
    draft.metric("DatabaseConnections:hourly", "AWS/RDS", "DatabaseConnections", dims,
                 "Maximum", lookback_days(params, ["R5", "R6"]), HOUR)
    return draft
