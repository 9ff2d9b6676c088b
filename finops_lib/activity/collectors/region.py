"""One account × region: the registered resource listers — EC2 instances (with attached volumes),
unattached volumes, Elastic IPs, NAT gateways, load balancers and RDS DB instances — with their
facts; the metrics each type's signals declare are requested from the drafts afterwards."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .. import pricing
from ..model import ApiCall
from ..registry import codes_calling, lookback_days
from . import enrich
from .calls import FAILURES, Clients, pages, why
from .draft import Draft
from .scan import LISTERS, Params, RegionScan, resource

__all__ = ["RegionDenied", "RegionResult", "collect_region"]

_EKS_TAGS = ("eks:cluster-name", "aws:eks:cluster-name")
_ELB = "elasticloadbalancing"


class RegionDenied(Exception):
    """The region could not be listed at all (e.g. an SCP denies it)."""


@dataclass
class RegionResult:
    """Drafts and notices from one account × region."""

    drafts: list[Draft] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def collect_region(clients: Clients, account: str, region: str, params: Params,
                   end: datetime) -> RegionResult:
    """Everything the registered listers find in the region for the activity analysis."""
    scan = RegionScan(clients, account, region, params, end)
    drafts = [d for lister in LISTERS.values() for d in lister.list(scan)]
    return RegionResult(drafts, scan.notices)


def _volumes(scan: RegionScan) -> dict[str, Any]:
    """Volume id -> volume, listed once per region (instances and unattached volumes share it)."""
    found = scan.shared("EBS volumes", lambda: list(pages(scan.client("ec2"), "describe_volumes",
                                                           "Volumes")))
    return {v["VolumeId"]: v for v in found or []}


def _health(scan: RegionScan) -> dict[str, Any] | None:
    return scan.shared("target groups", lambda: _target_health(scan.client("elbv2")))


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


@resource("ec2_instance", calls=(ApiCall("ec2", "DescribeInstances"),
                                  ApiCall("ec2", "DescribeVolumes")))
def _instances(scan: RegionScan) -> list[Draft]:
    try:
        found = [i for r in pages(scan.client("ec2"), "describe_instances", "Reservations")
                 for i in r.get("Instances", [])
                 if i.get("State", {}).get("Name") not in ("terminated", "shutting-down")]
    except FAILURES as exc:
        raise RegionDenied(why(exc, "EC2")) from exc
    volumes = _volumes(scan)
    health = _health(scan)
    drafts = [_instance(i, scan.account, scan.region, volumes) for i in found]
    _enrich_instances(scan, drafts, health)
    return drafts


def _instance(item: Mapping[str, Any], account: str, region: str,
              volumes: Mapping[str, Any]) -> Draft:
    iid, state = item["InstanceId"], item.get("State", {}).get("Name", "")
    tags = _tags(item)
    attached = [m["Ebs"]["VolumeId"] for m in item.get("BlockDeviceMappings", []) if "Ebs" in m]
    sizes = [(volumes[v].get("VolumeType", ""), float(volumes[v].get("Size", 0)))
             for v in attached if v in volumes]
    cost = pricing.ec2_monthly(item.get("InstanceType", ""), state == "running", sizes)
    # only a running instance publishes utilisation metrics worth asking for
    return Draft(iid, "ec2_instance", account, region, tags.get("Name", ""), state, cost,
                 facts={"tags": tags, "volume_ids": tuple(attached),
                        "instance_type": item.get("InstanceType", "")},
                 watch=state == "running")


# fact -> the call that yields it, its label in reasons, and the reader
_LOOKUPS: dict[str, tuple[str, str, str, Callable[[Any], Any]]] = {
    "compute_optimizer": ("compute-optimizer", "GetEC2InstanceRecommendations",
                          "Compute Optimizer", enrich.compute_optimizer),
    "ssm": ("ssm", "DescribeInstanceInformation", "SSM", enrich.ssm_instances),
    "asg": ("autoscaling", "DescribeAutoScalingInstances", "Auto Scaling", enrich.asg_members),
    "ecs": ("ecs", "ListClusters", "ECS", enrich.ecs_members),
}


def _enrich_instances(scan: RegionScan, drafts: list[Draft],
                      health: Mapping[str, Any] | None) -> None:
    """Facts from the services the registered EC2 signals declare calls to (none: no call)."""
    if not drafts:
        return
    found: dict[str, Any] = {}
    for fact, (service, operation, label, fn) in _LOOKUPS.items():
        codes = codes_calling("ec2_instance", service, operation)
        if not codes:
            continue
        try:
            found[fact] = fn(scan.client(service))
        except FAILURES as exc:
            found[fact] = why(exc, label)
            scan.notices.append(f"{found[fact]} ({', '.join(codes)} unknown)")
    targeted = None if health is None else health["instances"]
    for draft in drafts:
        _apply(draft, found, targeted)
    if codes_calling("ec2_instance", "cloudtrail", "LookupEvents"):
        _cloudtrail(scan, drafts)


def _apply(draft: Draft, found: Mapping[str, Any], targeted: set[str] | None) -> None:
    co, ssm = found.get("compute_optimizer", {}), found.get("ssm", {})
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
    asg, ecs = found.get("asg", set()), found.get("ecs", set())
    draft.facts["membership"] = {
        "asg": None if isinstance(asg, str) else (
            draft.id in asg or "aws:autoscaling:groupName" in tags),
        "target_group": None if targeted is None else draft.id in targeted,
        "ecs": None if isinstance(ecs, str) else draft.id in ecs,
        "eks": any(k in _EKS_TAGS or k.startswith("kubernetes.io/cluster/") for k in tags),
    }


def _cloudtrail(scan: RegionScan, drafts: list[Draft]) -> None:
    days = min(lookback_days(scan.params, ["E3"]), 90)
    codes = ", ".join(codes_calling("ec2_instance", "cloudtrail", "LookupEvents"))
    if len(drafts) > enrich.CLOUDTRAIL_MAX_LOOKUPS:
        reason = (f"CloudTrail: more than {enrich.CLOUDTRAIL_MAX_LOOKUPS} instances in the "
                  "region, lookups skipped (2 requests/s limit)")
        scan.notices.append(f"{reason} ({codes} unknown)")
        for draft in drafts:
            draft.missing["cloudtrail"] = reason
        return
    client = scan.client("cloudtrail")
    failed = ""
    for draft in drafts:
        if failed:
            draft.missing["cloudtrail"] = failed
            continue
        try:
            draft.facts["cloudtrail"] = enrich.last_write_event(client, draft.id, scan.end, days)
        except LookupError as exc:
            draft.missing["cloudtrail"] = str(exc)
        except FAILURES as exc:
            failed = draft.missing["cloudtrail"] = why(exc, "CloudTrail")
            scan.notices.append(f"{failed} ({codes} unknown)")


@resource("ebs_volume", calls=(ApiCall("ec2", "DescribeVolumes"),))
def _unattached_volumes(scan: RegionScan) -> list[Draft]:
    return [_volume(v, scan.account, scan.region) for v in _volumes(scan).values()
            if not v.get("Attachments")]


def _volume(item: Mapping[str, Any], account: str, region: str) -> Draft:
    vtype, size = item.get("VolumeType", ""), float(item.get("Size", 0))
    return Draft(item["VolumeId"], "ebs_volume", account, region, _tags(item).get("Name", ""),
                 item.get("State", ""), pricing.ebs_monthly(vtype, size),
                 facts={"attached": bool(item.get("Attachments")), "volume_type": vtype,
                        "size_gb": int(size), "create_time": item.get("CreateTime")})


@resource("elastic_ip", calls=(ApiCall("ec2", "DescribeAddresses"),))
def _addresses(scan: RegionScan) -> list[Draft]:
    found = scan.shared("Elastic IPs", lambda: scan.client("ec2").describe_addresses()
                        .get("Addresses", []))
    return [_address(a, scan.account, scan.region) for a in found or []]


def _address(item: Mapping[str, Any], account: str, region: str) -> Draft:
    target = item.get("InstanceId") or item.get("NetworkInterfaceId") or item.get(
        "AssociationId") or ""
    return Draft(item.get("AllocationId") or item.get("PublicIp", ""), "elastic_ip", account,
                 region, item.get("PublicIp", ""), "associated" if target else "unassociated",
                 pricing.eip_monthly(), facts={"association": target})


@resource("nat_gateway", calls=(ApiCall("ec2", "DescribeNatGateways"),))
def _nats(scan: RegionScan) -> list[Draft]:
    found = scan.shared("NAT gateways", lambda: list(pages(scan.client("ec2"),
                                                           "describe_nat_gateways",
                                                           "NatGateways")))
    return [Draft(n["NatGatewayId"], "nat_gateway", scan.account, scan.region,
                  _tags(n).get("Name", ""), n.get("State", ""), pricing.nat_monthly())
            for n in found or [] if n.get("State") in ("available", "pending")]


@resource("load_balancer", calls=(
    ApiCall("elbv2", "DescribeLoadBalancers", f"{_ELB}:DescribeLoadBalancers"),
    ApiCall("elbv2", "DescribeTargetGroups", f"{_ELB}:DescribeTargetGroups"),
    ApiCall("elbv2", "DescribeTargetHealth", f"{_ELB}:DescribeTargetHealth")))
def _balancers(scan: RegionScan) -> list[Draft]:
    found = scan.shared("load balancers", lambda: list(pages(
        scan.client("elbv2"), "describe_load_balancers", "LoadBalancers")))
    health = _health(scan)
    return [_balancer(b, scan.account, scan.region, health) for b in found or []]


def _balancer(item: Mapping[str, Any], account: str, region: str,
              health: Mapping[str, Any] | None) -> Draft:
    arn, lb_type = item["LoadBalancerArn"], item.get("Type", "application")
    draft = Draft(arn.split(":loadbalancer/")[-1], "load_balancer", account, region,
                  item.get("LoadBalancerName", ""), item.get("State", {}).get("Code", ""),
                  pricing.lb_monthly(lb_type), facts={"lb_type": lb_type},
                  variant="network" if lb_type == "network" else "application")
    if health is None:
        draft.missing["healthy_targets"] = "target health not readable"
    else:
        healthy, registered = health["per_lb"].get(arn, [0, 0])
        draft.facts |= {"healthy_targets": healthy, "registered_targets": registered}
    return draft


@resource("rds_instance", calls=(ApiCall("rds", "DescribeDBInstances"),))
def _databases(scan: RegionScan) -> list[Draft]:
    found = scan.shared("RDS", lambda: list(pages(scan.client("rds"), "describe_db_instances",
                                                  "DBInstances")))
    return [_database(d, scan.account, scan.region) for d in found or []]


def _database(item: Mapping[str, Any], account: str, region: str) -> Draft:
    state = item.get("DBInstanceStatus", "")
    allocated = float(item.get("AllocatedStorage", 0))
    cost = pricing.rds_monthly(item.get("DBInstanceClass", ""), state == "available",
                               bool(item.get("MultiAZ")), item.get("StorageType", "gp2"),
                               allocated)
    return Draft(item["DBInstanceIdentifier"], "rds_instance", account, region,
                 item.get("DBName") or item.get("Engine", ""), state, cost,
                 facts={"allocated_storage_gb": allocated,
                        "backup_window": item.get("PreferredBackupWindow"),
                        "db_class": item.get("DBInstanceClass", "")})
