"""RDS DB instance signals R1–R7."""

from __future__ import annotations

from datetime import datetime

from ..model import CLEAR, DAY_S, FIRED, HOUR_S, ApiCall, Ctx, Metric, Missing, Outcome, Param
from ..registry import signal

__all__: list[str] = []


def _window(days: int, top: int = 455) -> Param:
    return Param("lookback_days", days, "days", "look-back window", 1, top, True)


def _rds(key: str, statistic: str = "Average", period_s: int = DAY_S) -> Metric:
    """An AWS/RDS metric; the key's suffix (":max", ":hourly") tells variants of one metric."""
    return Metric(key, "AWS/RDS", key.split(":")[0], statistic, period_s)


_DESCRIBE = ApiCall("rds", "DescribeDBInstances")
_HOURLY = _rds("DatabaseConnections:hourly", "Maximum", HOUR_S)


@signal("R1", "No connections at all", "rds_instance", weight=50, params=(_window(90),),
        remediation="Nobody connected in the window: snapshot and delete the instance.",
        metrics=(_rds("DatabaseConnections:max", "Maximum"),), needs_running=True)
def no_connections(ctx: Ctx) -> Outcome:
    peak = max(ctx.values("DatabaseConnections:max"))
    text = f"max connections {peak:.0f} over {ctx.lookback_days} d"
    return Outcome(FIRED if peak == 0 else CLEAR, text)


@signal("R2", "Few connections", "rds_instance", weight=15,
        params=(_window(90), Param("connections_below", 5.0, "connections/day",
                                   "average at most")),
        remediation="Very few clients: consolidate onto a shared instance or Aurora Serverless.",
        metrics=(_rds("DatabaseConnections"),), needs_running=True)
def few_connections(ctx: Ctx) -> Outcome:
    avg = _mean(ctx.values("DatabaseConnections"))
    text = f"average connections {avg:.1f}/day over {ctx.lookback_days} d"
    return Outcome(FIRED if avg < ctx.p("connections_below") else CLEAR, text)


@signal("R3", "Low CPU", "rds_instance", weight=10,
        params=(_window(60), Param("cpu_percent_below", 5.0, "%", "average below", 0, 100)),
        remediation="Downsize the instance class.", metrics=(_rds("CPUUtilization"),),
        needs_running=True)
def low_cpu(ctx: Ctx) -> Outcome:
    avg = _mean(ctx.values("CPUUtilization"))
    text = f"average CPU {avg:.1f} % over {ctx.lookback_days} d"
    return Outcome(FIRED if avg < ctx.p("cpu_percent_below") else CLEAR, text)


@signal("R4", "Low I/O", "rds_instance", weight=10,
        params=(_window(60), Param("iops_below", 100.0, "IOPS", "average read+write below")),
        remediation="Little I/O: move to cheaper storage or a smaller class.",
        metrics=(_rds("ReadIOPS"), _rds("WriteIOPS")), needs_running=True)
def low_iops(ctx: Ctx) -> Outcome:
    iops = _mean(ctx.values("ReadIOPS")) + _mean(ctx.values("WriteIOPS"))
    text = f"average IOPS {iops:.1f} over {ctx.lookback_days} d"
    return Outcome(FIRED if iops < ctx.p("iops_below") else CLEAR, text)


@signal("R5", "Only backup-window activity", "rds_instance", weight=5, params=(_window(30),),
        remediation="Only backups touch it: export a final snapshot and delete.",
        calls=(_DESCRIBE,), metrics=(_HOURLY,), needs_running=True)
def backup_only(ctx: Ctx) -> Outcome:
    start, end = _hours(ctx.fact("backup_window"))
    hourly = ctx.series("DatabaseConnections:hourly")
    outside = [v for stamp, v in hourly if not _inside(stamp.hour, start, end)]
    if not outside:
        raise Missing("no hourly datapoints outside the backup window")
    busy = max(outside)
    text = f"max connections outside backup window {busy:.0f} over {ctx.lookback_days} d"
    return Outcome(FIRED if busy == 0 else CLEAR, text)


@signal("R6", "Connections only outside business hours", "rds_instance", weight=5,
        params=(_window(30), Param("business_hour_start", 8, "hour", "local", 0, 23, True),
                Param("business_hour_end", 18, "hour", "local, exclusive", 1, 24, True),
                Param("utc_offset_hours", 0, "hours", "local time minus UTC", -12, 14, True)),
        remediation="Used only off-hours: schedule it to stop during the day or move to batch.",
        metrics=(_HOURLY,), needs_running=True)
def off_hours_only(ctx: Ctx) -> Outcome:
    hourly = ctx.series("DatabaseConnections:hourly")
    first, last = int(ctx.p("business_hour_start")), int(ctx.p("business_hour_end"))
    offset = int(ctx.p("utc_offset_hours"))
    inside = [v for s, v in hourly if _inside((s.hour + offset) % 24, first, last)]
    outside = [v for s, v in hourly if not _inside((s.hour + offset) % 24, first, last)]
    during, after = max(inside, default=0.0), max(outside, default=0.0)
    text = f"max connections {during:.0f} in business hours, {after:.0f} outside"
    return Outcome(FIRED if during == 0 and after > 0 else CLEAR, text)


@signal("R7", "Storage mostly empty", "rds_instance", weight=5,
        params=(_window(7), Param("used_percent_below", 20.0, "%", "used share below", 0, 100)),
        remediation="Allocated storage is mostly free; storage cannot shrink in place, so plan a "
                    "migration to a smaller volume.",
        calls=(_DESCRIBE,), metrics=(_rds("FreeStorageSpace"),))
def storage_mostly_free(ctx: Ctx) -> Outcome:
    allocated = float(ctx.fact("allocated_storage_gb")) * 1024**3
    free = ctx.values("FreeStorageSpace")[-1]
    used_pct = max(0.0, 100.0 * (allocated - free) / allocated) if allocated else 0.0
    text = f"used {used_pct:.1f} % of {allocated / 1024**3:.0f} GiB"
    return Outcome(FIRED if used_pct < ctx.p("used_percent_below") else CLEAR, text)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _hours(window: str) -> tuple[int, int]:
    """'03:00-03:30' -> (3, 4): the UTC hours the backup window touches (end exclusive)."""
    try:
        first, last = (datetime.strptime(part.strip(), "%H:%M") for part in window.split("-"))
    except ValueError:
        raise Missing(f"cannot read backup window {window!r}") from None
    end = last.hour + (1 if last.minute else 0)
    return first.hour, end if end > first.hour else end + 24


def _inside(hour: int, start: int, end: int) -> bool:
    return start <= hour < end or start <= hour + 24 < end
