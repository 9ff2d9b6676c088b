"""Bench: the files source on a 10-million-row FOCUS Parquet file vs a plain-pandas baseline.

    .venv/bin/python bench/files_source.py [--rows 10000000] [--regenerate]

Generates bench/out/focus-<rows>.parquet (not committed) once, then runs every measurement in
its own subprocess and prints wall time and that process's peak RSS (ru_maxrss). tracemalloc
would miss DuckDB's native memory, hence one process per measurement. A dashboard measurement
is what the persona needs from the source: open (schema + profile), scope(), costs() over the
plan's fetch window and total() over the current period. Targets: ≤ 3 s and ≤ 1.5 GB per
dashboard, ≥ 10× faster than reading the file with pandas and grouping it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
AS_OF = date(2026, 10, 20)
DASHBOARDS = {  # persona → (timeframe, cost metric)
    "executive": ("monthly", "unblended"),
    "architect": ("monthly", "amortized"),
    "sre": ("daily", "unblended"),
}
TARGET_SECONDS, TARGET_MB, TARGET_SPEEDUP = 3.0, 1536, 10.0

# 61 days of hourly charges (Sep–Oct 2026) of 60,000 resources in 300 accounts: each account
# uses 15 of 30 services, mostly in one region (like a real organization, so the daily table
# has thousands of rows a day, not one per line item). Rows are in time order, like an export.
# 2% of rows are another provider's (multi-cloud FOCUS). The path is our own bench/out file.
_GENERATE = """
COPY (
  SELECT
    round(((hash(i) % 100000) / 10000.0), 6) AS BilledCost,
    round(((hash(i) % 100000) / 12500.0), 6) AS EffectiveCost,
    round(((hash(i) % 100000) / 9000.0), 6) AS ListCost,
    'USD' AS BillingCurrency,
    date_trunc('month', ts) AS BillingPeriodStart,
    date_trunc('month', ts) + INTERVAL 1 MONTH AS BillingPeriodEnd,
    ts AS ChargePeriodStart,
    ts + INTERVAL 1 HOUR AS ChargePeriodEnd,
    CASE WHEN i % 997 = 0 THEN 'Credit' WHEN i % 499 = 0 THEN 'Tax' ELSE 'Usage' END
      AS ChargeCategory,
    CASE WHEN i % 2 = 0 THEN 'Usage-Based' ELSE 'Usage-based' END AS ChargeFrequency,
    CASE WHEN i % 50 = 0 THEN 'Microsoft' ELSE 'AWS' END AS ProviderName,
    CASE svc WHEN 0 THEN 'Amazon Elastic Compute Cloud' WHEN 1 THEN 'Elastic Load Balancing'
      ELSE 'Service ' || svc::VARCHAR END AS ServiceName,
    CASE WHEN r % 3 = 0 THEN 'Storage' ELSE 'Compute' END AS ServiceCategory,
    lpad((100000000000 + acct)::VARCHAR, 12, '0') AS SubAccountId,
    'account-' || acct::VARCHAR AS SubAccountName,
    ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1',
     'ap-northeast-1', 'sa-east-1'][1 + ((acct + (r % 10 = 0)::INT) % 8)] AS RegionId,
    'arn:aws:ec2:us-east-1:123456789012:instance/i-' || r::VARCHAR AS ResourceId,
    'SKU' || (r % 5000)::VARCHAR AS SkuId,
    'Hourly usage of a resource' AS ChargeDescription,
    'Hours' AS PricingUnit,
    1.0 AS ConsumedQuantity
  FROM (
    SELECT i, r, r % 300 AS acct, ((r // 300) % 15 + (r % 300 % 2) * 15) AS svc,
      date_trunc('hour', TIMESTAMP '2026-09-01'
        + to_microseconds((i::DOUBLE * 5270400000000 / {rows})::BIGINT)) AS ts
    FROM (SELECT i, (hash(i) % 60000)::BIGINT AS r FROM range({rows}) t(i))
  )
) TO '{path}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)
"""


def generate(rows: int, path: Path) -> None:
    """Write the synthetic FOCUS file with DuckDB (seconds, not minutes)."""
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    if not str(path).replace("/", "").replace("-", "").replace(".", "").replace("_", "").isalnum():
        raise SystemExit(f"unexpected bench path {path}")
    duckdb.connect().execute(_GENERATE.format(rows=int(rows), path=path))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure_dashboard(path: str, persona: str) -> dict[str, float]:
    """One persona's source work: open, scope, costs(fetch window), total(current)."""
    from finops_lib.periods import plan_periods
    from finops_lib.sources.base import CostQuery
    from finops_lib.sources.files import open_path

    timeframe, metric = DASHBOARDS[persona]
    started, cpu = time.perf_counter(), _cpu()
    plan = plan_periods(timeframe, AS_OF)
    source = open_path(path, metric)
    accounts = len(source.scope().accounts)
    frame = source.costs(CostQuery(plan.fetch.start, plan.fetch.end, metric=metric))
    total = source.total(CostQuery(plan.current.start, plan.current.end, metric=metric))
    return {"seconds": time.perf_counter() - started, "cpu_seconds": _cpu() - cpu,
            "rows_out": len(frame), "accounts": accounts, "total": total}


def measure_baseline(path: str) -> dict[str, float]:
    """Plain pandas: load the file, keep AWS rows in the window, group by day/account/service."""
    import pandas as pd

    started, cpu = time.perf_counter(), _cpu()
    plan_start, plan_end = pd.Timestamp("2026-09-01"), pd.Timestamp("2026-10-20")
    frame = pd.read_parquet(path)
    frame = frame[(frame["ProviderName"] == "AWS") & (frame["ChargePeriodStart"] >= plan_start)
                  & (frame["ChargePeriodStart"] < plan_end)]
    grouped = frame.groupby([frame["ChargePeriodStart"].dt.normalize(), "SubAccountId",
                             "ServiceName", "RegionId"])["BilledCost"].sum()
    return {"seconds": time.perf_counter() - started, "cpu_seconds": _cpu() - cpu,
            "rows_out": len(grouped), "total": float(grouped.sum())}


def _child(kind: str, path: str) -> None:
    result = measure_baseline(path) if kind == "baseline" else measure_dashboard(path, kind)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["peak_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    print(json.dumps(result))


def _run(kind: str, path: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(path)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Generate the file if needed, measure each dashboard and the baseline, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    path = OUT / f"focus-{args.rows}.parquet"
    if args.regenerate or not path.exists():
        started = time.perf_counter()
        generate(args.rows, path)
        print(f"generated {path.relative_to(ROOT)}: {args.rows:,} rows, "
              f"{path.stat().st_size / 1024**2:,.0f} MB in {time.perf_counter() - started:.1f} s")
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    print(f"load average before: {' '.join(load)} on {os.cpu_count()} CPUs "
          "(wall seconds stretch when other work shares the CPUs; CPU seconds do not)")
    baseline = _run("baseline", path)
    print(f"{'measurement':<22}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}{'rows out':>10}  verdict")
    print(f"{'pandas baseline':<22}{baseline['seconds']:>8.2f}{baseline['cpu_seconds']:>8.2f}"
          f"{baseline['peak_mb']:>9.0f}{baseline['rows_out']:>10.0f}")
    for persona in DASHBOARDS:
        got = _run(persona, path)
        speedup = baseline["seconds"] / got["seconds"]
        cpu_speedup = baseline["cpu_seconds"] / got["cpu_seconds"]
        checks = [("time", got["seconds"] <= TARGET_SECONDS),
                  ("memory", got["peak_mb"] <= TARGET_MB),
                  ("speed-up", speedup >= TARGET_SPEEDUP)]
        verdict = ", ".join(f"{name} {'ok' if ok else 'MISSED'}" for name, ok in checks)
        print(f"{persona + ' dashboard':<22}{got['seconds']:>8.2f}{got['cpu_seconds']:>8.2f}"
              f"{got['peak_mb']:>9.0f}{got['rows_out']:>10.0f}  {speedup:.1f}× faster "
              f"({cpu_speedup:.1f}× less CPU); {verdict}")
    print(f"targets: ≤ {TARGET_SECONDS:g} s wall and ≤ {TARGET_MB} MB peak per dashboard, "
          f"≥ {TARGET_SPEEDUP:g}× faster than the baseline")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
