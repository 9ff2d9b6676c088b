"""Load balancer signals L1–L2 (Application and Network Load Balancers)."""

from __future__ import annotations

from ..model import CLEAR, FIRED, ApiCall, Ctx, Metric, Outcome, Param
from ..registry import signal

__all__ = ["TARGET_HEALTH_CALLS"]

# Target groups and their health: L2 counts healthy targets, E5 looks for targeted instances.
TARGET_HEALTH_CALLS = (
    ApiCall("elbv2", "DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroups"),
    ApiCall("elbv2", "DescribeTargetHealth", "elasticloadbalancing:DescribeTargetHealth"))


@signal("L1", "No requests", "load_balancer", weight=60,
        params=(Param("lookback_days", 14, "days", "look-back window", 1, 455, True),
                Param("requests_at_most", 0.0, "requests", "total in the window")),
        remediation="Nothing calls this load balancer: delete it.",
        metrics=(Metric("requests", "AWS/ApplicationELB", "RequestCount", "Sum",
                        variant="application"),
                 Metric("requests", "AWS/NetworkELB", "NewFlowCount", "Sum", variant="network")))
def no_requests(ctx: Ctx) -> Outcome:
    total = sum(ctx.values("requests"))
    text = f"{total:,.0f} requests/flows over {ctx.lookback_days} d"
    return Outcome(FIRED if total <= ctx.p("requests_at_most") else CLEAR, text)


@signal("L2", "No healthy targets", "load_balancer", weight=40,
        remediation="No healthy target behind it: fix or delete the load balancer.",
        calls=TARGET_HEALTH_CALLS)
def no_healthy_targets(ctx: Ctx) -> Outcome:
    healthy, registered = ctx.fact("healthy_targets"), ctx.fact("registered_targets")
    text = f"{healthy} healthy of {registered} registered targets"
    return Outcome(FIRED if healthy == 0 else CLEAR, text)
