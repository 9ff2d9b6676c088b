"""The cost-source interface and the canonical long cost table every source returns."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd

from ..cost_metrics import METRICS
from ..request_log import RequestLog

if TYPE_CHECKING:
    from ..errors import OptionError
    from ..options import Options

__all__ = [
    "CANONICAL_COLUMNS",
    "Account",
    "CostQuery",
    "CostSource",
    "Scope",
    "empty_frame",
    "normalise_frame",
]

# One row per day × account × service (× region where the source knows it).
# `date` is a pandas Timestamp at midnight; `amount` is in `currency` for the query's metric.
# An HOURLY query's frame has one row per hour instead, `date` keeping the hour (UTC).
CANONICAL_COLUMNS: tuple[str, ...] = (
    "date",
    "account_id",
    "account_name",
    "service",
    "region",
    "amount",
    "currency",
    "estimated",
    "group",
)
# `group` holds the value of the query's extra allocation dimension (`CostQuery.group_by`: a tag
# value, a cost category value or a usage type); "" when the query has none or the cost carries
# no value for it (untagged, uncategorized).

GRANULARITIES: tuple[str, ...] = ("DAILY", "HOURLY")


@dataclass(frozen=True)
class Account:
    """One AWS account as the dashboard names it."""

    id: str
    name: str
    ou: str = ""
    status: str = "ACTIVE"


@dataclass(frozen=True)
class Scope:
    """What the credentials see: one account, a payer's linked accounts, or the organization."""

    kind: str  # "account" | "payer" | "organization"
    label: str
    caller_account: str = ""
    accounts: tuple[Account, ...] = ()

    @property
    def slug(self) -> str:
        """Short name used in export file names."""
        if self.kind == "account" and self.caller_account:
            return f"acct-{self.caller_account}"
        return "payer" if self.kind == "payer" else "org"

    @property
    def multi_account(self) -> bool:
        """True when per-account tables make sense."""
        return self.kind in ("payer", "organization")


@dataclass(frozen=True)
class CostQuery:
    """What to read: a half-open day range [start, end), a metric, pushed-down filters and the
    row granularity (HOURLY rows still cover whole days)."""

    start: date
    end: date
    metric: str = "unblended"
    services: tuple[str, ...] = ()  # Cost Explorer service names; empty = all
    accounts: tuple[str, ...] = ()  # account ids; empty = all in scope
    regions: tuple[str, ...] = ()  # region codes; empty = all
    granularity: str = "DAILY"  # "DAILY" | "HOURLY"
    # (tag key, values) pairs, ANDed across keys; a value "" matches cost without the tag.
    tags: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (cost category name, values) pairs, ANDed; "" matches uncategorized cost.
    cost_categories: tuple[tuple[str, tuple[str, ...]], ...] = ()
    group_by: str = ""  # "" | "usage-type" | "tag:KEY" | "cost-category:NAME" → the `group` column
    currencies: tuple[str, ...] = ()  # billing currencies (files/athena push down; others filter)

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"empty query window {self.start}..{self.end}")
        if self.metric not in METRICS:
            raise ValueError(f"unknown metric {self.metric!r}")
        if self.granularity not in GRANULARITIES:
            raise ValueError(f"unknown granularity {self.granularity!r}")
        if self.group_by and not (self.group_by == "usage-type" or self.group_by.startswith(
                ("tag:", "cost-category:"))):
            raise ValueError(f"unknown query dimension {self.group_by!r}")

    @property
    def group_kind(self) -> str:
        """"tag", "cost-category", "usage-type" or "" (no extra dimension)."""
        return self.group_by.split(":", 1)[0]

    @property
    def group_key(self) -> str:
        """The tag key or cost category name of `group_by` ("" otherwise)."""
        return self.group_by.split(":", 1)[1] if ":" in self.group_by else ""

    @property
    def hourly(self) -> bool:
        """True when rows are per hour."""
        return self.granularity == "HOURLY"


@dataclass
class CostSource(ABC):
    """A place costs come from. Subclasses: demo, ce, files, athena (the registry in
    `sources/__init__.py`), each declaring its capabilities below as class attributes."""

    # Capabilities: callers (options, the app, personas, activity) read these, never the name.
    display_name: ClassVar[str] = "base"  # how a report header names the source (`describe`)
    real: ClassVar[bool] = False  # real billing data: activity analyses the accounts' resources
    hourly: ClassVar[bool] = False  # answers HOURLY queries
    hourly_recent_only: ClassVar[bool] = False  # hourly data only for the last days (ce: 14)
    # AWS clients the source reads through on its own credentials (`client(name)` on ce)
    aws_clients: ClassVar[frozenset[str]] = frozenset()
    # Its credentials also serve the resource APIs (activity, architecture) without --profile
    resource_credentials: ClassVar[bool] = False
    shares_session: ClassVar[bool] = False  # `open(opts, session=…)` reuses a caller's session
    paid_query: ClassVar[str] = ""  # what one more read costs ("Athena query"); "" = free
    commitments_cost: ClassVar[str] = ""  # what reading commitments costs; "" = on by default
    option_names: ClassVar[tuple[str, ...]] = ()  # options only this source reads (sidebar)
    required_options: ClassVar[Mapping[str, str]] = {}  # option → placeholder; resolve needs it
    iam_actions: ClassVar[tuple[str, ...]] = ()  # folded into docs/iam-policy.json
    iam_resources: ClassVar[Mapping[str, tuple[str, ...]]] = {}  # action → its only resources

    name: str = "base"
    is_demo: bool = False
    notices: list[str] = field(default_factory=list)
    # every remote call of the run (build_context hands the source the run's one log)
    requests: RequestLog = field(default_factory=RequestLog)
    unparseable_cells: int = 0  # money cells read that were not finite numbers (never PASSED)

    @property
    def api_requests(self) -> int:
        """Billable requests made so far (Cost Explorer charges per request, Athena per query)."""
        return self.requests.count

    @property
    def request_log(self) -> list[str]:
        """The request log as text, one line per call."""
        return self.requests.lines

    @abstractmethod
    def scope(self) -> Scope:
        """Who is looking, and at which accounts."""

    @abstractmethod
    def costs(self, query: CostQuery) -> pd.DataFrame:
        """The canonical table for `query` (see CANONICAL_COLUMNS), daily rows."""

    @abstractmethod
    def total(self, query: CostQuery) -> float:
        """The ungrouped total for `query`, read through an independent path (mcp validation)."""

    def describe(self) -> str:
        """One line naming the source for report headers."""
        return self.name

    def allocation_values(self, query: CostQuery) -> dict[str, dict[str, tuple[str, ...]]]:
        """{"tag": {key: values}, "cost-category": {name: values}} the source can list cheaply
        (pick-lists); {} when it cannot."""
        return {}

    def commitments(self, query: CostQuery) -> list[Any] | None:
        """Savings Plans / reservation figures per service (`commitments.CommitmentRow`) for
        the query window; None when the source cannot tell."""
        return None

    def coverage(self) -> tuple[date, date] | None:
        """First and last day (inclusive) the source has data for, when it knows without a
        query window (files: billing periods; demo: its history); None = judge from the data."""
        return None

    def has_client(self, service: str) -> bool:
        """True when the source reads AWS `service` through its own client (`aws_clients`)."""
        return service in self.aws_clients

    def ce_filter(self, query: CostQuery) -> dict[str, Any] | None:
        """The Cost Explorer filter expression of `query` (None: the source does not read
        Cost Explorer, or the query is unfiltered)."""
        return None

    @classmethod
    def profile_names(cls) -> list[str]:
        """Names the app offers as --profile besides the server's profiles (demo accounts)."""
        return []

    @classmethod
    def server_refusal(cls, opts: Options, data_dirs: bool) -> OptionError | None:
        """Why a server cannot offer this source (`data_dirs`: it lists readable folders);
        None when it can."""
        return None


def empty_frame() -> pd.DataFrame:
    """A canonical table with no rows and the right dtypes."""
    return normalise_frame(pd.DataFrame({c: [] for c in CANONICAL_COLUMNS}))


def normalise_frame(frame: pd.DataFrame, keep_time: bool = False) -> pd.DataFrame:
    """Coerce a source's rows to the canonical columns and dtypes; `date` is truncated to
    midnight unless `keep_time` (hourly rows), and is always timezone-naive UTC."""
    out = frame.reindex(columns=list(CANONICAL_COLUMNS)).copy()
    dates = pd.to_datetime(out["date"], utc=keep_time)
    if keep_time:
        out["date"] = dates.dt.tz_convert(None)
    else:
        out["date"] = dates.dt.normalize()
    for col in ("account_id", "account_name", "service", "region", "currency", "group"):
        out[col] = out[col].fillna("").astype(str)
    out["amount"] = pd.to_numeric(out["amount"], errors="coerce").astype(float)
    out["estimated"] = out["estimated"].fillna(False).astype(bool)
    return out.reset_index(drop=True)
