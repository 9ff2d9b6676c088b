"""EC2 instance signals E0–E7."""

from __future__ import annotations

from datetime import timedelta

from ...formatting import format_money
from ..model import CLEAR, FIRED, ApiCall, Ctx, Metric, Missing, Outcome, Param, p95
from ..registry import signal
from .elb import TARGET_HEALTH_CALLS

__all__: list[str] = []

SCHEDULER_TAG_KEYS = frozenset({"schedule", "scheduler", "instancescheduler", "instance-scheduler"})
_WINDOW_14 = Param("lookback_days", 14, "days", "look-back window", 1, 455, True)
_MB = 1_000_000.0


def _ec2(name: str, statistic: str = "Sum") -> Metric:
    return Metric(name, "AWS/EC2", name, statistic)


@signal("E0", "Scheduler-tagged: meant to sleep", "ec2_instance", weight=-15,
        remediation="Instance is on a start/stop schedule; idleness is expected, not waste.",
        calls=(ApiCall("ec2", "DescribeInstances"),))
def scheduler_tag(ctx: Ctx) -> Outcome:
    tags = ctx.fact("tags")
    keys = sorted(k for k in tags if k.lower() in SCHEDULER_TAG_KEYS)
    if keys:
        return Outcome(FIRED, f"tag {keys[0]}={tags[keys[0]]}")
    return Outcome(CLEAR, "no scheduler tag")


@signal("E1", "Compute Optimizer: idle or over-provisioned", "ec2_instance", weight=60,
        params=(_WINDOW_14, Param("cpu_max_percent_below", 1.0, "%", "max CPU at most", 0, 100)),
        remediation="Stop or terminate the instance, or downsize per Compute Optimizer.",
        calls=(ApiCall("compute-optimizer", "GetEC2InstanceRecommendations"),),
        needs_running=True)
def compute_optimizer(ctx: Ctx) -> Outcome:
    rec = ctx.fact("compute_optimizer")
    cpu_max = rec.get("cpu_max_percent")
    if rec.get("idle") or rec.get("finding", "").lower() == "idle":
        return Outcome(FIRED, f"Compute Optimizer: Idle (max CPU {_pct(cpu_max)})")
    if rec.get("finding", "").lower() == "overprovisioned":
        if cpu_max is None:
            raise Missing("Compute Optimizer gave no max CPU")
        if cpu_max <= ctx.p("cpu_max_percent_below"):
            return Outcome(FIRED, f"Compute Optimizer: Overprovisioned, max CPU {_pct(cpu_max)}")
    return Outcome(CLEAR, f"Compute Optimizer: {rec.get('finding', '?')}, max CPU {_pct(cpu_max)}")


@signal("E2", "Low CPU and network", "ec2_instance", weight=10,
        params=(_WINDOW_14, Param("cpu_percent_below", 3.0, "%", "p95 daily CPU at most", 0, 100),
                Param("network_mb_per_day_below", 10.0, "MB/day", "p95 daily in+out at most")),
        remediation="Stop the instance or move the workload to a smaller or serverless target.",
        metrics=(_ec2("CPUUtilization", "Average"), _ec2("NetworkIn"), _ec2("NetworkOut")),
        needs_running=True)
def low_cpu_network(ctx: Ctx) -> Outcome:
    days = ctx.lookback_days
    cpu = p95(ctx.values("CPUUtilization"))
    if cpu > ctx.p("cpu_percent_below"):
        return Outcome(CLEAR, f"CPU p95 {cpu:.1f} % over {days} d")
    net = p95(_daily_sum(ctx, "NetworkIn", "NetworkOut")) / _MB
    text = f"CPU p95 {cpu:.1f} %, network p95 {net:.1f} MB/day over {days} d"
    return Outcome(FIRED if net <= ctx.p("network_mb_per_day_below") else CLEAR, text)


@signal("E3", "No CloudTrail write events", "ec2_instance", weight=8,
        params=(Param("lookback_days", 90, "days", "look-back window", 1, 90, True),),
        remediation="Nobody has changed this instance in months; confirm an owner or retire it.",
        calls=(ApiCall("cloudtrail", "LookupEvents"),))
def no_write_events(ctx: Ctx) -> Outcome:
    trail = ctx.fact("cloudtrail")
    last = trail.get("last_write_event")
    start = ctx.resource.end - timedelta(days=ctx.lookback_days)
    if trail.get("lookback_days", 90) < ctx.lookback_days and last is None:
        raise Missing(f"CloudTrail read only {trail['lookback_days']} d")
    if last is not None and last >= start:
        return Outcome(CLEAR, f"last write event {last:%Y-%m-%d} ({trail.get('event', '')})")
    seen = f"; last {last:%Y-%m-%d}" if last else ""
    return Outcome(FIRED, f"no write event in {ctx.lookback_days} d{seen}")


@signal("E4", "SSM agent offline or unmanaged", "ec2_instance", weight=8,
        params=(Param("ping_age_days_over", 14, "days", "last ping older than", 0, None, True),),
        remediation="Unmanaged or unreachable instance; enrol it in SSM or retire it.",
        calls=(ApiCall("ssm", "DescribeInstanceInformation"),))
def ssm_offline(ctx: Ctx) -> Outcome:
    info = ctx.fact("ssm")
    if not info.get("managed"):
        return Outcome(FIRED, "not managed by SSM")
    status, last = info.get("ping_status", ""), info.get("last_ping")
    if status != "Online":
        return Outcome(FIRED, f"SSM ping status {status}" + (f", last {last:%Y-%m-%d}" if last
                                                             else ""))
    if last is not None and last < ctx.resource.end - timedelta(days=ctx.p("ping_age_days_over")):
        return Outcome(FIRED, f"SSM last ping {last:%Y-%m-%d}")
    return Outcome(CLEAR, "SSM Online" + (f", last ping {last:%Y-%m-%d %H:%M}" if last else ""))


@signal("E5", "Not in an ASG, target group, ECS or EKS cluster", "ec2_instance", weight=6,
        remediation="A standalone instance nothing routes to; check for an owner.",
        calls=(ApiCall("autoscaling", "DescribeAutoScalingInstances"), *TARGET_HEALTH_CALLS,
               ApiCall("ecs", "ListClusters"), ApiCall("ecs", "ListContainerInstances"),
               ApiCall("ecs", "DescribeContainerInstances")))
def standalone(ctx: Ctx) -> Outcome:
    member = ctx.fact("membership")
    found = [k for k, v in member.items() if v]
    if found:
        return Outcome(CLEAR, "member of " + ", ".join(found))
    unknown = [k for k, v in member.items() if v is None]
    if unknown:
        raise Missing("membership unknown: " + ", ".join(unknown))
    return Outcome(FIRED, "standalone (no ASG, target group, ECS or EKS)")


@signal("E6", "No EBS I/O on attached volumes", "ec2_instance", weight=5,
        params=(_WINDOW_14, Param("ops_per_day_below", 10.0, "ops/day", "p95 daily ops at most")),
        remediation="Disks are untouched; snapshot and delete, or retire the instance.",
        metrics=(_ec2("EBSReadOps"), _ec2("EBSWriteOps")), needs_running=True)
def no_ebs_io(ctx: Ctx) -> Outcome:
    if not ctx.fact("volume_ids"):
        raise Missing("no EBS volumes attached")
    ops = p95(_daily_sum(ctx, "EBSReadOps", "EBSWriteOps"))
    text = f"EBS ops p95 {ops:.0f}/day over {ctx.lookback_days} d"
    return Outcome(FIRED if ops <= ctx.p("ops_per_day_below") else CLEAR, text)


@signal("E7", "Cost Explorer rightsizing: Terminate", "ec2_instance", weight=3,
        remediation="Cost Explorer recommends terminating this instance.",
        calls=(ApiCall("ce", "GetRightsizingRecommendation"),))
def rightsizing_terminate(ctx: Ctx) -> Outcome:
    rec = ctx.fact("rightsizing")
    savings = float(rec.get("savings", 0.0))
    if rec.get("type") == "Terminate" and savings > 0:
        return Outcome(FIRED, f"rightsizing: Terminate, saves {format_money(savings)}/month")
    return Outcome(CLEAR, f"rightsizing: {rec.get('type') or 'no recommendation'}")


def _daily_sum(ctx: Ctx, *keys: str) -> list[float]:
    """Per-day sum of several metrics; a day counts when any of them has a datapoint."""
    totals: dict[object, float] = {}
    for key in keys:
        for stamp, value in ctx.series(key):
            totals[stamp.date()] = totals.get(stamp.date(), 0.0) + value
    return list(totals.values())


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} %"
