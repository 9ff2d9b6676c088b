"""Labelled benchmark for finops_lib.anomalies.detect: recall, precision, F1, false alarms.

Generates many seeded canonical frames (1–2 accounts × several services, ~100 days, weekday /
weekend seasonality, multiplicative noise, recurring monthly charges on the 1st) and inserts
labelled events into some account × service cells: single-day spikes, multi-day plateaus,
drops to near zero, new services and lasting level shifts. A reported anomaly (at any level) is
a true positive when one of the cells it covers has a labelled event of the same direction
overlapping its days; an event is recalled when some reported anomaly overlaps it. Separate
seasonality-only frames (including recurring month-start charges) measure false alarms: the
share of their cells touched by any reported anomaly. Also prints detection time on an
organization-sized frame and the month-end forecast's 80 % interval coverage, and recall on the
Cost Explorer coarse plan (finops_lib/sources/ce_coarse.py, replayed on the same labelled frames:
daily service and account totals, monthly account × service totals, daily detail for the flagged
series) next to the full DAILY account × service plan.

Run: .venv/bin/python bench/anomaly_detection.py [--seeds 200]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere
from finops_lib.anomalies import Anomaly, DetectionParams, detect, history_start
from finops_lib.forecast import month_end_forecast
from finops_lib.sources.ce_coarse import coarse_frame, drill_pairs, flagged_series, month_of

EVENT_TYPES = ("spike", "plateau", "drop", "new", "shift")
SERVICES = ("Compute", "Storage", "Database", "Network", "Queue", "Search", "Cache", "Tax")
LOOKBACK_DAYS = 30


@dataclass(frozen=True)
class Event:
    account: str
    service: str
    kind: str
    direction: str
    start: date
    last: date


def _base(rng: np.random.Generator, days: pd.DatetimeIndex) -> np.ndarray:
    level = float(np.exp(rng.uniform(np.log(150), np.log(5000))))
    weekend = rng.uniform(0.4, 1.0)
    noise = rng.uniform(0.02, 0.10)
    trend = 1 + rng.uniform(-0.1, 0.1) * np.arange(len(days)) / 30
    season = np.where(days.dayofweek >= 5, weekend, 1.0)
    return np.asarray(level * season * trend * rng.normal(1.0, noise, len(days)).clip(0.5, 1.5))


def _tax(rng: np.random.Generator, days: pd.DatetimeIndex) -> np.ndarray:
    amount = float(np.exp(rng.uniform(np.log(200), np.log(3000))))
    bumps = np.where(days.day == 1, amount * rng.normal(1.0, 0.05, len(days)), 0.0)
    return np.asarray(bumps)


def _event(rng: np.random.Generator, values: np.ndarray, days: pd.DatetimeIndex, kind: str,
           first: int) -> tuple[np.ndarray, int, int, str]:
    n = len(values)
    start = int(rng.integers(first, n))
    out = values.copy()
    if kind == "spike":
        out[start] *= rng.uniform(1.5, 4.0)
        return out, start, start, "spike"
    if kind == "plateau":
        last = min(n - 1, start + int(rng.integers(2, 7)))
        out[start:last + 1] *= rng.uniform(1.4, 3.0)
        return out, start, last, "spike"
    if kind == "drop":
        last = min(n - 1, start + int(rng.integers(1, 10)))
        out[start:last + 1] *= rng.uniform(0.0, 0.1)
        return out, start, last, "drop"
    if kind == "new":
        out[:start] = 0.0
        return out, start, n - 1, "spike"
    start = int(rng.integers(first, n - 3))  # a shift needs a few days to be a shift
    out[start:] *= rng.uniform(1.5, 3.0)
    return out, start, n - 1, "spike"


def make_frame(seed: int, with_events: bool, params: DetectionParams | None = None
               ) -> tuple[pd.DataFrame, list[Event], date]:
    """One labelled frame: (canonical frame, events, last complete day)."""
    rng = np.random.default_rng(seed)
    last_day = date(2026, 1, 1) + timedelta(days=int(rng.integers(0, 365)))
    params = params or DetectionParams()
    days = pd.date_range(history_start(last_day, params, LOOKBACK_DAYS), last_day, freq="D")
    first = len(days) - LOOKBACK_DAYS
    accounts = ["111111111111", "222222222222"][: int(rng.integers(1, 3))]
    rows, events = [], []
    for account in accounts:
        services = [*rng.choice(SERVICES[:-1], size=5, replace=False), "Tax"]
        kinds = list(rng.choice(EVENT_TYPES, size=3)) if with_events else []
        for s, service in enumerate(services):
            values = _tax(rng, days) if service == "Tax" else _base(rng, days)
            if s < len(kinds):
                values, i, j, direction = _event(rng, values, days, str(kinds[s]), first)
                events.append(Event(account, service, str(kinds[s]), direction,
                                    days[i].date(), days[j].date()))
            rows += [{"date": d, "account_id": account, "account_name": f"acct-{account[:3]}",
                      "service": service, "region": "us-east-1", "amount": round(float(v), 4),
                      "currency": "USD", "estimated": False}
                     for d, v in zip(days, values, strict=True) if v != 0]
    return pd.DataFrame(rows), events, last_day


def _cells(anomaly: Anomaly, cells: list[tuple[str, str]]) -> list[tuple[str, str]]:
    if anomaly.dimension == "service":
        return [c for c in cells if c[1] == anomaly.series_key]
    if anomaly.dimension == "account":
        return [c for c in cells if c[0] == anomaly.series_key]
    return [(anomaly.account_id, anomaly.service)]


def _matches(anomaly: Anomaly, event: Event, cells: list[tuple[str, str]]) -> bool:
    return ((event.account, event.service) in _cells(anomaly, cells)
            and anomaly.direction == event.direction
            and anomaly.start <= event.last and event.start <= anomaly.last_day)


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    events: int = 0
    recalled: int = 0
    quiet_cells: int = 0
    alarmed_cells: int = 0
    by_kind: dict[str, list[int]] | None = None


def score(seeds: int, params: DetectionParams) -> Tally:
    """Run detection over `seeds` event frames and `seeds` seasonality-only frames."""
    tally = Tally(by_kind={k: [0, 0, 0] for k in EVENT_TYPES})
    for seed in range(seeds):
        frame, events, last_day = make_frame(seed, True, params)
        cells = sorted(set(zip(frame["account_id"], frame["service"], strict=True)))
        found = detect(frame, last_day=last_day, params=params, lookback_days=LOOKBACK_DAYS)
        for a in found:
            hit = any(_matches(a, e, cells) for e in events)
            tally.tp += hit
            tally.fp += not hit
        for e in events:
            hits = sum(_matches(a, e, cells) for a in found)
            tally.events += 1
            tally.recalled += hits > 0
            assert tally.by_kind is not None
            tally.by_kind[e.kind][0] += hits > 0
            tally.by_kind[e.kind][1] += 1
            tally.by_kind[e.kind][2] += hits
        quiet, _, last_day = make_frame(100_000 + seed, False, params)
        qcells = sorted(set(zip(quiet["account_id"], quiet["service"], strict=True)))
        alarms = detect(quiet, last_day=last_day, params=params, lookback_days=LOOKBACK_DAYS)
        touched = {c for a in alarms for c in _cells(a, qcells)}
        tally.quiet_cells += len(qcells)
        tally.alarmed_cells += len(touched)
    return tally


def coarse_replay(frame: pd.DataFrame, last_day: date, params: DetectionParams
                  ) -> tuple[pd.DataFrame, int]:
    """The frame the coarse plan would build from this cube (every flagged series drilled),
    and how many series it drilled."""
    service_daily = frame.groupby(["date", "service"], as_index=False)["amount"].sum()
    account_daily = frame.groupby(["date", "account_id"], as_index=False)["amount"].sum()
    pairs = frame.assign(month=month_of(frame["date"])).groupby(
        ["month", "account_id", "service"], as_index=False)["amount"].sum()
    flagged = flagged_series(service_daily, account_daily, last_day, params)
    chosen, _, _ = drill_pairs(flagged, pairs, frame["date"].nunique(), 10**9)
    services = {f.key for f in chosen if f.dimension == "service"}
    accounts = {f.key for f in chosen if f.dimension == "account"}
    detail = frame[frame["service"].isin(services) | frame["account_id"].isin(accounts)]
    cells = coarse_frame(service_daily, pairs, detail, chosen, account_daily)
    return cells.assign(account_name=cells["account_id"], region="", currency="USD",
                        estimated=False), len(chosen)


def coarse_recall(seeds: int, params: DetectionParams) -> None:
    """Recall and precision of detection on the coarse plan's frame next to the full cube's."""
    tallies = {"full": [0, 0, 0, 0], "coarse": [0, 0, 0, 0]}  # recalled, events, tp, reports
    drilled = 0
    for seed in range(seeds):
        frame, events, last_day = make_frame(seed, True, params)
        cells = sorted(set(zip(frame["account_id"], frame["service"], strict=True)))
        coarse, n = coarse_replay(frame, last_day, params)
        drilled += n
        for plan, data in (("full", frame), ("coarse", coarse)):
            found = detect(data, last_day=last_day, params=params, lookback_days=LOOKBACK_DAYS)
            t = tallies[plan]
            t[0] += sum(any(_matches(a, e, cells) for a in found) for e in events)
            t[1] += len(events)
            t[2] += sum(any(_matches(a, e, cells) for e in events) for a in found)
            t[3] += len(found)
    print(f"Cost Explorer plans ({seeds} labelled frames; coarse drilled {drilled / seeds:.1f} "
          "flagged series a frame):")
    for plan, (hit, total, tp, reports) in tallies.items():
        print(f"  {plan:6s} plan: recall {hit}/{total} = {hit / total if total else 0:.3f}, "
              f"precision {tp}/{reports} = {tp / reports if reports else 0:.3f}")


def org_frame(accounts: int, services: int, seed: int = 7) -> tuple[pd.DataFrame, date]:
    """A large organization: `accounts` × `services` seasonal series over the history window."""
    rng = np.random.default_rng(seed)
    last_day = date(2026, 11, 19)
    days = pd.date_range(history_start(last_day, DetectionParams(), LOOKBACK_DAYS), last_day)
    parts = []
    for a in range(accounts):
        for s in range(services):
            parts.append(pd.DataFrame({
                "date": days, "account_id": f"{a:012d}", "account_name": f"acct-{a}",
                "service": f"Service {s}", "region": "us-east-1", "amount": _base(rng, days),
                "currency": "USD", "estimated": False}))
    return pd.concat(parts, ignore_index=True), last_day


def time_org(accounts: int, services: int, params: DetectionParams) -> None:
    """Print how long detection takes on an organization-sized frame."""
    frame, last_day = org_frame(accounts, services)
    began = time.perf_counter()
    found = detect(frame, last_day=last_day, params=params, lookback_days=LOOKBACK_DAYS)
    series = accounts * services + accounts + services
    print(f"org {accounts} accounts × {services} services ({series} series, {len(frame):,} "
          f"rows): {time.perf_counter() - began:.1f} s, {len(found)} anomalies")


def forecast_coverage(seeds: int, params: DetectionParams) -> None:
    """Print how often the month-end forecast's 80 % interval holds the true month total."""
    covered, errors, widths = 0, [], []
    for seed in range(seeds):
        rng = np.random.default_rng(200_000 + seed)
        last = date(2026, 1, 1) + timedelta(days=int(rng.integers(0, 330)))
        month_end = (pd.Timestamp(last) + pd.offsets.MonthEnd(0)).date()
        if month_end == last:
            continue
        days = pd.date_range(history_start(last, params, LOOKBACK_DAYS), month_end)
        values = _base(rng, days)
        frame = pd.DataFrame({"date": days, "account_id": "1", "account_name": "a",
                              "service": "s", "region": "r", "amount": values,
                              "currency": "USD", "estimated": False})
        fc = month_end_forecast(frame[frame["date"] <= pd.Timestamp(last)], last_day=last,
                                params=params)
        truth = float(values[days >= pd.Timestamp(last.replace(day=1))].sum())
        covered += fc.lower_80 <= truth <= fc.upper_80
        errors.append(abs(truth - fc.forecast_total) / truth)
        widths.append((fc.upper_80 - fc.lower_80) / truth)
    print(f"forecast (trend ±10%/month, noise 2–10%, {len(errors)} months): 80% interval "
          f"coverage {covered / len(errors):.1%}, mean |error| {np.mean(errors):.2%}, "
          f"mean width {np.mean(widths):.2%} of the month")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--min-percent", type=float, default=DetectionParams.min_percent)
    parser.add_argument("--min-dollars", type=float, default=DetectionParams.min_dollars)
    parser.add_argument("--band-sigmas", type=float, default=DetectionParams.band_sigmas)
    parser.add_argument("--org-accounts", type=int, default=20)
    parser.add_argument("--org-services", type=int, default=30)
    parser.add_argument("--baseline-weeks", type=int, default=DetectionParams.baseline_weeks)
    args = parser.parse_args()
    params = DetectionParams(min_percent=args.min_percent, min_dollars=args.min_dollars,
                             band_sigmas=args.band_sigmas, baseline_weeks=args.baseline_weeks)
    began = time.perf_counter()
    t = score(args.seeds, params)
    recall = t.recalled / t.events if t.events else 0.0
    precision = t.tp / (t.tp + t.fp) if t.tp + t.fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    false_alarm = t.alarmed_cells / t.quiet_cells if t.quiet_cells else 0.0
    print(f"params: {params}")
    print(f"frames: {args.seeds} labelled + {args.seeds} seasonality-only, "
          f"{time.perf_counter() - began:.1f} s")
    print(f"events: {t.events}  detections: {t.tp + t.fp} (true {t.tp}, false {t.fp})")
    assert t.by_kind is not None
    for kind, (hit, total, reports) in t.by_kind.items():
        print(f"  recall {kind:8s} {hit}/{total} = {hit / total if total else 0:.3f}, "
              f"{reports / hit if hit else 0:.2f} reported anomalies per detected event")
    print(f"recall     {recall:.3f}  (target ≥ 0.90)")
    print(f"precision  {precision:.3f}  (target ≥ 0.90)")
    print(f"F1         {f1:.3f}")
    print(f"false alarms on seasonality-only series: {t.alarmed_cells}/{t.quiet_cells} = "
          f"{false_alarm:.2%}  (target ≤ 2%)")
    time_org(args.org_accounts, args.org_services, params)
    forecast_coverage(args.seeds, params)
    coarse_recall(args.seeds, params)


if __name__ == "__main__":
    main()
