"""EC2 instances: their attached volumes' cost, and facts from the services the EC2 signals
declare calls to (Compute Optimizer, SSM, Auto Scaling, ECS, CloudTrail)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ... import pricing
from ...model import ApiCall
from ...registry import codes_calling, lookback_days
from .. import enrich
from ..calls import FAILURES, pages, why
from ..draft import Draft
from ..scan import RegionDenied, RegionScan, resource
from . import shared

__all__: list[str] = []

_EKS_TAGS = ("eks:cluster-name", "aws:eks:cluster-name")
CLOUDTRAIL_MAX_DAYS = 90  # LookupEvents keeps 90 days of management events


@resource("ec2_instance", calls=(ApiCall("ec2", "DescribeInstances"),
                                  ApiCall("ec2", "DescribeVolumes")))
def _instances(scan: RegionScan) -> list[Draft]:
    try:
        found = [i for r in pages(scan.client("ec2"), "describe_instances", "Reservations")
                 for i in r.get("Instances", [])
                 if i.get("State", {}).get("Name") not in ("terminated", "shutting-down")]
    except FAILURES as exc:
        raise RegionDenied(why(exc, "EC2")) from exc
    volumes = shared.volumes(scan)
    health = shared.target_health(scan)
    drafts = [_instance(i, scan.account, scan.region, volumes) for i in found]
    _enrich_instances(scan, drafts, health)
    return drafts


def _instance(item: Mapping[str, Any], account: str, region: str,
              volumes: Mapping[str, Any]) -> Draft:
    iid, state = item["InstanceId"], item.get("State", {}).get("Name", "")
    tags = shared.tags(item)
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
    readers = codes_calling("ec2_instance", "cloudtrail", "LookupEvents")
    days = min(lookback_days(scan.params, readers), CLOUDTRAIL_MAX_DAYS)
    codes = ", ".join(readers)
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
