"""The values of anomaly detection: its parameters, an anomaly event and its root causes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import OptionError

__all__ = [
    "DIMENSIONS",
    "MAD_TO_SIGMA",
    "MIN_RESIDUALS",
    "RECURRING_SIGMAS",
    "Anomaly",
    "DetectionParams",
    "RootCause",
]

DIMENSIONS: tuple[str, ...] = ("service", "account", "account_service")
MAD_TO_SIGMA = 1.4826  # a normal's σ per unit of median absolute deviation
RECURRING_SIGMAS = 2.0  # a month-position charge recurs when it stood this far out of the noise
MIN_RESIDUALS = 7  # one-day-ahead residuals needed before the noise is measured on them


@dataclass(frozen=True)
class DetectionParams:
    """Thresholds and model settings; a day is anomalous only when all thresholds are passed."""

    min_percent: float = 20.0
    min_dollars: float = 25.0
    baseline_weeks: int = 4
    band_sigmas: float = 4.5
    min_history_days: int = 21
    noise_window_days: int = 56
    monthly_charge_tolerance_percent: float = 30.0
    explained_share_percent: float = 60.0
    severity_high_multiple: float = 20.0
    severity_medium_multiple: float = 5.0
    max_root_causes: int = 5

    def __post_init__(self) -> None:
        if self.baseline_weeks < 2:
            raise OptionError(f"--baseline-weeks must be ≥ 2, got {self.baseline_weeks}")
        if self.min_percent < 0 or self.min_dollars < 0:
            raise OptionError("anomaly thresholds must not be negative")

    @classmethod
    def from_options(cls, opts: Any) -> DetectionParams:
        """Parameters from resolved dashboard options (anomaly_min_percent, …)."""
        return cls(
            min_percent=float(getattr(opts, "anomaly_min_percent", cls.min_percent)),
            min_dollars=float(getattr(opts, "anomaly_min_dollars", cls.min_dollars)),
            baseline_weeks=int(getattr(opts, "baseline_weeks", cls.baseline_weeks)),
        )


@dataclass(frozen=True)
class RootCause:
    """One contributor to an anomaly's impact, ranked by dollars."""

    dimension: str  # account | region | usage_type | service (for account series)
    key: str
    impact_dollars: float
    share_percent: float
    label: str = ""


@dataclass(frozen=True)
class Anomaly:
    """One anomaly event: consecutive anomalous days of one series in one direction."""

    dimension: str  # service | account | account_service
    series_key: str  # service name | account id | "account_id/service"
    label: str
    account_id: str
    service: str
    start: date
    last_day: date
    ongoing: bool
    direction: str  # spike | drop
    actual: float
    expected: float
    impact_dollars: float
    impact_percent: float | None  # None when nothing was expected (a new series)
    severity: str  # high | medium | low
    recommended_action: str
    root_causes: tuple[RootCause, ...] = ()
    related: tuple[str, ...] = ()  # labels of the same event at other levels, folded in

    @property
    def days(self) -> int:
        """Number of days the anomaly covers."""
        return (self.last_day - self.start).days + 1

    @property
    def is_new(self) -> bool:
        """True when the series had no expected cost (a new service or account)."""
        return self.impact_percent is None

