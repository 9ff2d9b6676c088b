"""The embedded demo organization: deterministic synthetic costs, no credentials needed.

Nine accounts in OUs, 30+ services named exactly as Cost Explorer names them, 14 months of daily
data ending the day before `as_of`, weekday seasonality, growth, commitments (so amortized differs
from unblended), an EDP discount (net metrics), credits and month-end tax, and planted events near
the as-of day so every persona has something true to show:

- AmazonCloudWatch in shared-services: a one-day log storm on the last complete day (×4);
- EC2 - Other (NAT data processing) in workloads-prod: +120 % for the last four days;
- AWS Lambda in workloads-prod: +15 % for the last seven days (a WATCH);
- Amazon Redshift in data-platform: paused to 25 % for the last nine days (a DROP);
- Amazon Bedrock in ml-sandbox: new, six days ago;
- Amazon Kinesis in dev-sandbox: switched off ten days ago (GONE).

Hourly rows (an HOURLY query) spread each day's amount over 24 hours with a fixed diurnal
profile, the last hour taking the remainder so the hours add up to the day; the CloudWatch
storm's extra cost lands in STORM_HOURS hours from STORM_START_HOUR (UTC).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from typing import ClassVar

import numpy as np
import pandas as pd

from ..commitments import CommitmentRow
from ..options import Options
from .base import Account, CostQuery, CostSource, Scope, normalise_frame
from .demo_commitments import commitment_rows
from .demo_tags import BUSINESS_UNIT, cost_category_of, tags_of, usage_type_of

__all__ = ["DEMO_ACCOUNTS", "DemoSource", "open"]

HISTORY_DAYS = 430  # a little over 14 months
EDP_DISCOUNT = 0.05
TAX_RATE = 0.05
COMMITMENT_COVERAGE = 0.6
COMMITMENT_RATE = 0.65  # effective price of covered usage vs on-demand

DEMO_ACCOUNTS: tuple[Account, ...] = (
    Account("111111111111", "management", "Root"),
    Account("222222222222", "shared-services", "Infrastructure"),
    Account("333333333333", "network", "Infrastructure"),
    Account("444444444444", "security", "Security"),
    Account("555555555555", "workloads-prod", "Workloads/Prod"),
    Account("666666666666", "workloads-staging", "Workloads/NonProd"),
    Account("777777777777", "data-platform", "Workloads/Prod"),
    Account("888888888888", "ml-sandbox", "Sandbox"),
    Account("999999999999", "dev-sandbox", "Sandbox"),
)

EC2 = "Amazon Elastic Compute Cloud - Compute"
RDS = "Amazon Relational Database Service"

# account name → {service: (base daily cost in USD, region)}
_SPEND: dict[str, dict[str, tuple[float, str]]] = {
    "management": {"AWS CloudTrail": (40, "us-east-1"), "AWS Config": (55, "us-east-1"),
                   "AWS Support (Business)": (310, "global"), "AmazonCloudWatch": (25, "us-east-1")},
    "shared-services": {EC2: (820, "us-east-1"), "AmazonCloudWatch": (600, "us-east-1"),
                        "Amazon Elastic Container Service for Kubernetes": (240, "us-east-1"),
                        "Amazon EC2 Container Registry (ECR)": (45, "us-east-1"),
                        "AWS Secrets Manager": (18, "us-east-1"),
                        "AWS Key Management Service": (30, "us-east-1")},
    "network": {"EC2 - Other": (380, "us-east-1"), "Amazon Virtual Private Cloud": (210, "us-east-1"),
                "AWS Direct Connect": (160, "us-east-1"), "Amazon Route 53": (35, "global"),
                "Amazon CloudFront": (290, "global"), "AWS WAF": (70, "global")},
    "security": {"Amazon GuardDuty": (150, "us-east-1"), "AWS Security Hub": (60, "us-east-1"),
                 "AWS Config": (40, "us-east-1"), "Amazon Simple Storage Service": (90, "us-east-1")},
    "workloads-prod": {EC2: (3900, "us-east-1"), RDS: (1750, "us-east-1"),
                       "EC2 - Other": (920, "us-east-1"),
                       "Amazon Elastic Load Balancing": (310, "us-east-1"),
                       "Amazon Simple Storage Service": (540, "us-east-1"),
                       "AWS Lambda": (260, "us-east-1"), "Amazon DynamoDB": (330, "us-east-1"),
                       "Amazon ElastiCache": (280, "us-east-1"), "Amazon CloudFront": (420, "global"),
                       "Amazon Simple Queue Service": (45, "us-east-1"),
                       "Amazon API Gateway": (120, "us-east-1"), "AmazonCloudWatch": (150, "us-east-1")},
    "workloads-staging": {EC2: (980, "eu-west-1"), RDS: (420, "eu-west-1"),
                          "EC2 - Other": (210, "eu-west-1"),
                          "Amazon Elastic Load Balancing": (90, "eu-west-1"),
                          "Amazon Simple Storage Service": (85, "eu-west-1"),
                          "AWS Lambda": (40, "eu-west-1")},
    "data-platform": {"Amazon Redshift": (1350, "us-east-1"), RDS: (620, "us-east-1"),
                      "Amazon Simple Storage Service": (760, "us-east-1"),
                      "AWS Glue": (310, "us-east-1"), "Amazon Athena": (140, "us-east-1"),
                      "Amazon Kinesis": (180, "us-east-1"),
                      "Amazon OpenSearch Service": (260, "us-east-1"), "AWS Backup": (75, "us-east-1")},
    "ml-sandbox": {"Amazon SageMaker": (640, "us-west-2"), EC2: (310, "us-west-2"),
                   "Amazon Simple Storage Service": (110, "us-west-2"),
                   "Amazon Elastic File System": (55, "us-west-2")},
    "dev-sandbox": {EC2: (240, "eu-west-1"), "Amazon Kinesis": (60, "eu-west-1"),
                    "AWS Step Functions": (15, "eu-west-1"),
                    "Amazon Simple Notification Service": (8, "eu-west-1"),
                    "Amazon Elastic Container Service": (95, "eu-west-1")},
}

# (account, service) pairs covered by Savings Plans / reservations.
_COMMITTED = {("workloads-prod", EC2), ("workloads-prod", RDS), ("data-platform", RDS)}
# Non-production accounts sleep at weekends; production barely dips.
_WEEKEND_FACTOR = {"workloads-staging": 0.55, "dev-sandbox": 0.45, "ml-sandbox": 0.6}


@dataclass(frozen=True)
class _Event:
    account: str
    service: str
    first_offset: int  # days before the last complete day (0 = last complete day)
    last_offset: int  # inclusive; -1 = ongoing
    factor: float


_EVENTS: tuple[_Event, ...] = (
    _Event("shared-services", "AmazonCloudWatch", 0, 0, 4.0),
    _Event("workloads-prod", "EC2 - Other", 3, -1, 2.2),
    _Event("workloads-prod", "AWS Lambda", 6, -1, 1.15),
    _Event("data-platform", "Amazon Redshift", 8, -1, 0.25),
)
_NEW_SERVICE = ("ml-sandbox", "Amazon Bedrock", 5, 380.0, "us-east-1")
_GONE_SERVICE = ("dev-sandbox", "Amazon Kinesis", 10)
_CREDIT = ("dev-sandbox", EC2, 0.3)  # promotional credit covering 30 % of EC2
STORM_START_HOUR = 14  # UTC hour the CloudWatch log storm starts on its day
STORM_HOURS = 4
# Business-hours peak (UTC) around 15:00, trough around 03:00; weights sum to 1.
_DIURNAL: np.ndarray = 1.0 + 0.35 * np.sin((np.arange(24) - 9) / 24 * 2 * np.pi)
DIURNAL_PROFILE: np.ndarray = _DIURNAL / _DIURNAL.sum()


@dataclass
class _Series:
    account: Account
    service: str
    region: str
    days: np.ndarray  # datetime64[D]
    metrics: dict[str, np.ndarray] = field(default_factory=dict)


def _rng(*parts: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32("|".join(parts).encode()))


class DemoSource(CostSource):
    """A synthetic organization, the same for the same `as_of`, at no cost."""

    display_name: ClassVar[str] = "demo (synthetic organization)"
    real: ClassVar[bool] = False  # synthetic: activity shows demo resources too
    hourly: ClassVar[bool] = True

    def __init__(self, as_of: date, scope_kind: str = "organization",
                 account: Account | None = None) -> None:
        super().__init__(name="demo", is_demo=True)
        self.as_of = as_of
        self._scope_kind = scope_kind
        self._account = account
        self.notices.append("Demo data: a synthetic organization, not your AWS bill. "
                            "Pass --profile or --all-profile to read Cost Explorer.")

    def describe(self) -> str:
        """One line naming the source."""
        return self.display_name

    def scope(self) -> Scope:
        """Organization view by default; one account when asked via --profile."""
        if self._scope_kind == "account" and self._account:
            return Scope("account", f"Demo account {self._account.name} "
                         f"({self._account.id})", self._account.id, (self._account,))
        return Scope("organization", f"Demo organization ({len(DEMO_ACCOUNTS)} accounts)",
                     DEMO_ACCOUNTS[0].id, DEMO_ACCOUNTS)

    def coverage(self) -> tuple[date, date] | None:
        """The demo's generated history, up to the day before as-of."""
        return self._days[0].astype(object), self._days[-1].astype(object)

    @cached_property
    def _days(self) -> np.ndarray:
        end = np.datetime64(self.as_of, "D")
        return np.arange(end - HISTORY_DAYS, end, dtype="datetime64[D]")

    @classmethod
    def profile_names(cls) -> list[str]:
        """The demo accounts: --profile NAME narrows the demo to that account."""
        return demo_account_names()

    @cached_property
    def _series(self) -> list[_Series]:
        accounts = {a.name: a for a in DEMO_ACCOUNTS}
        out = [self._make(accounts[name], service, base, region)
               for name, services in _SPEND.items() for service, (base, region) in services.items()]
        name, service, offset, base, region = _NEW_SERVICE
        out.append(self._make(accounts[name], service, base, region, start_offset=offset))
        out.extend(self._tax(accounts[name], out) for name in _SPEND)
        return out

    def _usage(self, account: str, service: str, base: float) -> np.ndarray:
        days = self._days
        age = (days - days[0]).astype(int)
        growth = (1.0 + 0.02) ** (age / 30.0)
        weekday = (days.astype("datetime64[D]").view("int64") - 4) % 7  # 0 = Monday
        weekend = np.where(weekday >= 5, _WEEKEND_FACTOR.get(account, 0.97), 1.0)
        noise = 1.0 + _rng(account, service).normal(0.0, 0.03, len(days))
        usage: np.ndarray = base * growth / growth[-1] * weekend * noise
        return usage

    def _apply_events(self, account: str, service: str, usage: np.ndarray) -> np.ndarray:
        last = len(usage) - 1
        for event in _EVENTS:
            if (event.account, event.service) == (account, service):
                stop = last if event.last_offset < 0 else last - event.last_offset
                usage[last - event.first_offset: stop + 1] *= event.factor
        gone_account, gone_service, gone_offset = _GONE_SERVICE
        if (gone_account, gone_service) == (account, service):
            usage[last - gone_offset + 1:] = 0.0
        return usage

    def _make(self, account: Account, service: str, base: float, region: str,
              start_offset: int | None = None) -> _Series:
        usage = self._apply_events(account.name, service, self._usage(account.name, service, base))
        if start_offset is not None:
            usage[: len(usage) - 1 - start_offset] = 0.0
        unblended, amortized = usage.copy(), usage.copy()
        if (account.name, service) in _COMMITTED:
            unblended, amortized = self._commitment(usage)
        blended = unblended * (0.97 if (account.name, service) in _COMMITTED else 1.0)
        if (account.name, service) == _CREDIT[:2]:
            credit = usage * _CREDIT[2]
            unblended, amortized, blended = unblended - credit, amortized - credit, blended - credit
        return _Series(account, service, region, self._days, {
            "unblended": unblended, "blended": blended, "amortized": amortized,
            "net-unblended": unblended * (1 - EDP_DISCOUNT),
            "net-amortized": amortized * (1 - EDP_DISCOUNT),
            "usage": usage,  # on-demand equivalent, before commitments and credits
        })

    def _commitment(self, usage: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Covered usage costs nothing on the day; its recurring fee lands on the 1st (unblended)
        or is spread over the days of the month (amortized)."""
        on_demand = usage * (1 - COMMITMENT_COVERAGE)
        covered = usage * COMMITMENT_COVERAGE * COMMITMENT_RATE
        months = self._days.astype("datetime64[M]")
        unblended = on_demand.copy()
        for month in np.unique(months):
            mask = months == month
            first = np.flatnonzero(mask)[0]
            days_in_month = int((month + 1 - month).astype("timedelta64[D]").astype(int))
            daily_fee = float(covered[mask].mean())
            if self._days[first] == month.astype("datetime64[D]"):
                unblended[first] += daily_fee * days_in_month
        return unblended, on_demand + covered

    def _tax(self, account: Account, series: list[_Series]) -> _Series:
        """Tax on a month's usage, posted on the month's last day (complete months only)."""
        days = self._days
        months = days.astype("datetime64[M]")
        metrics = {m: np.zeros(len(days)) for m in series[0].metrics}
        own = [s for s in series if s.account.id == account.id]
        for month in np.unique(months):
            mask = months == month
            last = np.flatnonzero(mask)[-1]
            if days[last] != (month + 1).astype("datetime64[D]") - 1:
                continue  # the current month has no tax line yet
            for metric in metrics:
                metrics[metric][last] = TAX_RATE * sum(float(s.metrics[metric][mask].sum())
                                                       for s in own)
        return _Series(account, "Tax", "global", days, metrics)

    def _selected(self, query: CostQuery) -> list[_Series]:
        scope_ids = {a.id for a in self.scope().accounts}
        return [s for s in self._series
                if s.account.id in scope_ids
                and (not query.accounts or s.account.id in query.accounts)
                and (not query.services or s.service in query.services)
                and (not query.regions or s.region in query.regions)
                and all(tags_of(s.account.name, s.service).get(key, "") in values
                        for key, values in query.tags)
                and all(cost_category_of(name, s.account.name) in values
                        for name, values in query.cost_categories)]

    @staticmethod
    def _group(s: _Series, query: CostQuery) -> str:
        """The series' value of the query's extra dimension (tag, cost category, usage type)."""
        if query.group_kind == "tag":
            return tags_of(s.account.name, s.service).get(query.group_key, "")
        if query.group_kind == "cost-category":
            return cost_category_of(query.group_key, s.account.name)
        return usage_type_of(s.service, s.region) if query.group_kind == "usage-type" else ""

    def _window(self, query: CostQuery) -> np.ndarray:
        days = self._days
        mask: np.ndarray = (days >= np.datetime64(query.start, "D")) & (
            days < np.datetime64(query.end, "D"))
        return mask

    def costs(self, query: CostQuery) -> pd.DataFrame:
        """Daily (or hourly) rows for the query, like a grouped Cost Explorer answer."""
        if query.hourly:
            return self._hourly_costs(query)
        mask = self._window(query)
        current_month = np.datetime64(self.as_of, "M")
        frames = []
        for s in self._selected(query):
            amounts = s.metrics[query.metric][mask]
            days = s.days[mask]
            keep = amounts != 0
            frames.append(pd.DataFrame({
                "date": days[keep], "account_id": s.account.id, "account_name": s.account.name,
                "service": s.service, "region": s.region, "amount": amounts[keep],
                "currency": "USD", "estimated": days[keep].astype("datetime64[M]") == current_month,
                "group": self._group(s, query),
            }))
        if not frames:
            return normalise_frame(pd.DataFrame(columns=["date"]))
        return normalise_frame(pd.concat(frames, ignore_index=True))

    def _hourly_costs(self, query: CostQuery) -> pd.DataFrame:
        """Each day's row spread over its 24 hours (see `hourly_amounts`)."""
        daily = self.costs(replace(query, granularity="DAILY"))
        if daily.empty:
            return normalise_frame(daily, keep_time=True)
        storm = _EVENTS[0]
        factors = np.where((daily["date"] == pd.Timestamp(self.as_of - timedelta(days=1)))
                           & (daily["account_name"] == storm.account)
                           & (daily["service"] == storm.service), storm.factor, 1.0)
        amounts = np.vstack([hourly_amounts(float(a), float(f))
                             for a, f in zip(daily["amount"], factors, strict=True)])
        hourly = daily.loc[daily.index.repeat(24)].reset_index(drop=True)
        hourly["date"] = hourly["date"] + pd.to_timedelta(np.tile(np.arange(24), len(daily)),
                                                          unit="h")
        hourly["amount"] = amounts.ravel()
        return normalise_frame(hourly, keep_time=True)

    def total(self, query: CostQuery) -> float:
        """Ungrouped total computed straight from the series arrays (no DataFrame path)."""
        mask = self._window(query)
        return float(sum(np.sum(s.metrics[query.metric][mask]) for s in self._selected(query)))

    def allocation_values(self, query: CostQuery) -> dict[str, dict[str, tuple[str, ...]]]:
        """Every tag key and value, and the Business Unit values, of the demo's spend."""
        tags: dict[str, set[str]] = {}
        units: set[str] = set()
        for s in self._selected(query):
            for key, value in tags_of(s.account.name, s.service).items():
                tags.setdefault(key, set()).add(value)
            units.add(cost_category_of(BUSINESS_UNIT, s.account.name))
        return {"tag": {k: tuple(sorted(v)) for k, v in tags.items()},
                "cost-category": {BUSINESS_UNIT: tuple(sorted(units - {""}))}}

    def commitments(self, query: CostQuery) -> list[CommitmentRow]:
        """Coverage and utilization from the committed series (see demo_commitments)."""
        return commitment_rows(self._selected(query), self._window(query), _COMMITTED,
                               COMMITMENT_COVERAGE, COMMITMENT_RATE)

    def days_available(self, query: CostQuery) -> set[date]:
        """Days the demo has data for inside the query window."""
        return {d.astype(object) for d in self._days[self._window(query)]}


def hourly_amounts(day_amount: float, storm_factor: float = 1.0) -> np.ndarray:
    """A day's amount over 24 hours: the diurnal profile, plus (for a storm day of `storm_factor`
    times the usual cost) the excess spread over the storm hours; the hours sum to the day."""
    usual = day_amount / storm_factor
    hours: np.ndarray = usual * DIURNAL_PROFILE
    hours[STORM_START_HOUR: STORM_START_HOUR + STORM_HOURS] += (day_amount - usual) / STORM_HOURS
    hours[-1] = day_amount - float(np.sum(hours[:-1]))
    return hours


def _pick_account(name: str | None) -> Account | None:
    if not name:
        return None
    return next((a for a in DEMO_ACCOUNTS if name in (a.id, a.name)), None)


def open(opts: Options) -> CostSource:
    """The demo organization; --profile NAME of a demo account narrows to that account."""
    if opts.profile:
        account = _pick_account(opts.profile)
        source = DemoSource(opts.as_of, "account", account or DEMO_ACCOUNTS[4])
        if account is None:
            source.notices.append(f"Demo: '{opts.profile}' is not a demo account; showing "
                                  f"{DEMO_ACCOUNTS[4].name}.")
        return source
    return DemoSource(opts.as_of)


def demo_account_names() -> list[str]:
    """Names of the demo accounts (the app offers them as demo 'profiles')."""
    return [a.name for a in DEMO_ACCOUNTS]


