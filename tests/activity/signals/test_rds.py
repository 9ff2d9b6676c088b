"""RDS DB instance signals R1–R7: a fired, a clear and an unknown case each, through the registry."""

from __future__ import annotations

from typing import Any

from finops_lib.activity.model import CLEAR, FIRED, HOUR_S, UNKNOWN
from finops_lib.activity.registry import all_signals, metric_windows, resolved_params
from finops_lib.activity.scoring import evaluate

from ..conftest import SignalCase, daily, evaluate_case, hourly, resource

GB = 1024**3

# (code, resource type, facts, metrics, expected status, evidence fragment)
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any], str, str]] = [
    ("R1", "rds_instance", {}, {"DatabaseConnections:max": daily([0] * 90)}, FIRED, "max conn"),
    ("R1", "rds_instance", {}, {"DatabaseConnections:max": daily([0] * 89 + [1])}, CLEAR, "1"),
    ("R1", "rds_instance", {}, {}, UNKNOWN, "DatabaseConnections"),
    ("R2", "rds_instance", {}, {"DatabaseConnections": daily([4.9] * 90)}, FIRED, "4.9"),
    ("R2", "rds_instance", {}, {"DatabaseConnections": daily([5.0] * 90)}, CLEAR, "5.0"),
    ("R2", "rds_instance", {}, {}, UNKNOWN, "DatabaseConnections"),
    ("R3", "rds_instance", {}, {"CPUUtilization": daily([2.0] * 60)}, FIRED, "2.0 %"),
    ("R3", "rds_instance", {}, {"CPUUtilization": daily([20.0] * 60)}, CLEAR, "20.0 %"),
    ("R3", "rds_instance", {}, {}, UNKNOWN, "CPUUtilization"),
    ("R4", "rds_instance", {}, {"ReadIOPS": daily([40] * 60), "WriteIOPS": daily([50] * 60)},
     FIRED, "90.0"),
    ("R4", "rds_instance", {}, {"ReadIOPS": daily([60] * 60), "WriteIOPS": daily([50] * 60)},
     CLEAR, "110.0"),
    ("R4", "rds_instance", {}, {"ReadIOPS": daily([1] * 60)}, UNKNOWN, "WriteIOPS"),
    ("R5", "rds_instance", {"backup_window": "03:00-03:30"},
     {"DatabaseConnections:hourly": hourly({3: 2.0})}, FIRED, "outside backup window 0"),
    ("R5", "rds_instance", {"backup_window": "03:00-03:30"},
     {"DatabaseConnections:hourly": hourly({3: 2.0, 10: 1.0})}, CLEAR, "window 1"),
    ("R5", "rds_instance", {}, {"DatabaseConnections:hourly": hourly({3: 2.0})}, UNKNOWN,
     "backup_window"),
    ("R6", "rds_instance", {}, {"DatabaseConnections:hourly": hourly({22: 3.0})}, FIRED,
     "0 in business hours, 3 outside"),
    ("R6", "rds_instance", {}, {"DatabaseConnections:hourly": hourly({9: 3.0})}, CLEAR,
     "3 in business hours"),
    ("R6", "rds_instance", {}, {}, UNKNOWN, "DatabaseConnections:hourly"),
    ("R7", "rds_instance", {"allocated_storage_gb": 100},
     {"FreeStorageSpace": daily([90 * GB] * 7)}, FIRED, "used 10.0 %"),
    ("R7", "rds_instance", {"allocated_storage_gb": 100},
     {"FreeStorageSpace": daily([50 * GB] * 7)}, CLEAR, "used 50.0 %"),
    ("R7", "rds_instance", {"allocated_storage_gb": 100}, {}, UNKNOWN, "FreeStorageSpace"),
]


def test_signal_case(signal_case: SignalCase) -> None:
    outcome = evaluate_case(signal_case)
    assert outcome.status == signal_case.status, outcome
    assert signal_case.fragment in outcome.evidence


def test_no_datapoints_is_unknown_never_zero() -> None:
    spec = all_signals()["R1"]
    empty = resource("rds_instance", metrics={"DatabaseConnections:max": ()})
    assert evaluate(spec, empty, spec.defaults()).status == UNKNOWN


def test_window_excludes_old_datapoints() -> None:
    # R7 looks back 7 days; a 90 % free reading 10 days ago must not count.
    spec = all_signals()["R7"]
    old_only = resource("rds_instance", {"allocated_storage_gb": 100},
                        {"FreeStorageSpace": daily([90 * GB] + [0] * 9)[:1]})
    assert evaluate(spec, old_only, spec.defaults()).status == UNKNOWN


def test_hourly_connections_serve_r5_and_r6_over_the_longer_window() -> None:
    metric, days = metric_windows("rds_instance", resolved_params({"R6": {"lookback_days": 45}})
                                  )["DatabaseConnections:hourly"]
    assert (metric.name, metric.statistic, metric.period_s, days) == (
        "DatabaseConnections", "Maximum", HOUR_S, 45)
