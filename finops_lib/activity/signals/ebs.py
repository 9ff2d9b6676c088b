"""Unattached EBS volume signals B1–B3."""

from __future__ import annotations

from ..model import CLEAR, FIRED, ApiCall, Ctx, Metric, Outcome, Param, p95
from ..registry import signal

__all__: list[str] = []

_DESCRIBE = (ApiCall("ec2", "DescribeVolumes"),)


@signal("B1", "Volume not attached", "ebs_volume", weight=60,
        remediation="Snapshot the volume if needed, then delete it.", calls=_DESCRIBE)
def unattached(ctx: Ctx) -> Outcome:
    if ctx.fact("attached"):
        return Outcome(CLEAR, "attached")
    return Outcome(FIRED, f"unattached ({ctx.fact('volume_type')}, {ctx.fact('size_gb')} GiB)")


@signal("B2", "Volume is old", "ebs_volume", weight=25,
        params=(Param("age_days_over", 30, "days", "created more than", 0, None, True),),
        remediation="An old unattached volume is rarely needed again; snapshot and delete.",
        calls=_DESCRIBE)
def old(ctx: Ctx) -> Outcome:
    age = (ctx.resource.end - ctx.fact("create_time")).days
    text = f"created {age} d ago"
    return Outcome(FIRED if age > ctx.p("age_days_over") else CLEAR, text)


@signal("B3", "No volume I/O", "ebs_volume", weight=15,
        params=(Param("lookback_days", 14, "days", "look-back window", 1, 455, True),
                Param("ops_per_day_below", 10.0, "ops/day", "p95 daily ops at most")),
        remediation="Nothing reads or writes the volume; snapshot and delete.",
        metrics=tuple(Metric(name, "AWS/EBS", name, "Sum")
                      for name in ("VolumeReadOps", "VolumeWriteOps")))
def no_io(ctx: Ctx) -> Outcome:
    days: dict[object, float] = {}
    for key in ("VolumeReadOps", "VolumeWriteOps"):
        for stamp, value in ctx.series(key):
            days[stamp.date()] = days.get(stamp.date(), 0.0) + value
    ops = p95(list(days.values()))
    text = f"ops p95 {ops:.0f}/day over {ctx.lookback_days} d"
    return Outcome(FIRED if ops <= ctx.p("ops_per_day_below") else CLEAR, text)
