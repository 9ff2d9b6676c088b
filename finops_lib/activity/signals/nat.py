"""NAT gateway signals N1–N2."""

from __future__ import annotations

from ..model import CLEAR, FIRED, Ctx, Metric, Outcome, Param, p95
from ..registry import signal

__all__: list[str] = []

_WINDOW = Param("lookback_days", 14, "days", "look-back window", 1, 455, True)


def _nat(name: str, statistic: str) -> Metric:
    return Metric(name, "AWS/NATGateway", name, statistic)


@signal("N1", "No bytes processed", "nat_gateway", weight=70,
        params=(_WINDOW, Param("mb_per_day_below", 1.0, "MB/day", "p95 daily bytes at most")),
        remediation="The gateway carries no traffic: delete it (and release its Elastic IP).",
        metrics=(_nat("BytesOutToDestination", "Sum"), _nat("BytesInFromDestination", "Sum")))
def no_bytes(ctx: Ctx) -> Outcome:
    days: dict[object, float] = {}
    for key in ("BytesOutToDestination", "BytesInFromDestination"):
        for stamp, value in ctx.series(key):
            days[stamp.date()] = days.get(stamp.date(), 0.0) + value
    mb = p95(list(days.values())) / 1_000_000
    text = f"bytes processed p95 {mb:.2f} MB/day over {ctx.lookback_days} d"
    return Outcome(FIRED if mb <= ctx.p("mb_per_day_below") else CLEAR, text)


@signal("N2", "No active connections", "nat_gateway", weight=30, params=(_WINDOW,),
        remediation="No connections through the gateway: delete it.",
        metrics=(_nat("ActiveConnectionCount", "Maximum"),))
def no_connections(ctx: Ctx) -> Outcome:
    peak = max(ctx.values("ActiveConnectionCount"))
    text = f"max active connections {peak:.0f} over {ctx.lookback_days} d"
    return Outcome(FIRED if peak == 0 else CLEAR, text)
