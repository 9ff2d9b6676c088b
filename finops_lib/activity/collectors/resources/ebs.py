"""Unattached EBS volumes (attached ones are part of their instance)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import pricing
from ...model import ApiCall
from ..draft import Draft
from ..scan import RegionScan, resource
from .shared import tags, volumes

__all__: list[str] = []


@resource("ebs_volume", calls=(ApiCall("ec2", "DescribeVolumes"),))
def _unattached_volumes(scan: RegionScan) -> list[Draft]:
    return [_volume(v, scan.account, scan.region) for v in volumes(scan).values()
            if not v.get("Attachments")]


def _volume(item: Mapping[str, Any], account: str, region: str) -> Draft:
    vtype, size = item.get("VolumeType", ""), float(item.get("Size", 0))
    return Draft(item["VolumeId"], "ebs_volume", account, region, tags(item).get("Name", ""),
                 item.get("State", ""), pricing.ebs_monthly(vtype, size),
                 facts={"attached": bool(item.get("Attachments")), "volume_type": vtype,
                        "size_gb": int(size), "create_time": item.get("CreateTime")})
