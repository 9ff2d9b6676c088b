"""The `ce` source: AWS Cost Explorer through boto3, plus Organizations for names and OUs.

A dashboard costs at most two Cost Explorer requests before pagination: one grouped
`GetCostAndUsage` (LINKED_ACCOUNT × SERVICE, DAILY) for the whole window, and one ungrouped read
for the validation total. Responses are cached on disk, so a re-run costs none, and DAILY
reads go through the day store (ce_store, ce_fetch): only days not stored or still estimated are
fetched, in concurrent date chunks when the window pages. Scope follows what
the credentials see, as Cost Explorer does: no implicit filter on the caller's account.
An HOURLY query asks for HOURLY granularity with hour-form TimePeriod bounds; accounts without
hourly data enabled (an opt-in, billed preference) get one line saying how to turn it on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

import pandas as pd
from botocore.exceptions import ClientError

from ..cost_metrics import USAGE_NAMES
from ..errors import SourceError
from ..interrupts import doing
from ..options import Options, effective_profile, reads_cached_replies
from . import aws, aws_budgets, ce_commitments
from .aws_paging import token_pages
from .base import CostQuery, CostSource, Scope, normalise_frame
from .cache import ResponseCache, cache_key
from .ce_org import OrganizationReads
from .ce_plan import DEFAULT_MAX_REQUESTS
from .ce_replies import cacheable, check_reply, unreadable_reply, well_formed
from .ce_store import DayStore

__all__ = [
    "IAM_ACTIONS",
    "CostExplorerSource",
    "build_filter",
    "hourly_error",
    "open",
]

# Exactly the actions this module calls (docs/iam-policy.json is generated from these).
IAM_ACTIONS: tuple[str, ...] = (
    "ce:GetCostAndUsage",
    "ce:GetDimensionValues",
    "organizations:DescribeOrganization",
    "organizations:ListAccounts",
    "organizations:ListAccountsForParent",
    "organizations:ListOrganizationalUnitsForParent",
    "organizations:ListRoots",
    "sts:GetCallerIdentity",
)


_GROUP_BY = [{"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"},
             {"Type": "DIMENSION", "Key": "SERVICE"}]


def _keyed_filter(kind: str, key: str, values: tuple[str, ...]) -> dict[str, Any]:
    """Tags / CostCategories expression; "" (untagged) becomes MatchOptions ABSENT."""
    named = [v for v in values if v]
    parts = [{kind: {"Key": key, "Values": named}}] if named else []
    if "" in values:
        parts.append({kind: {"Key": key, "MatchOptions": ["ABSENT"]}})
    return parts[0] if len(parts) == 1 else {"Or": parts}


def build_filter(query: CostQuery) -> dict[str, Any] | None:
    """The Cost Explorer Filter expression for the query's pushed-down filters (None = all)."""
    parts = [
        {"Dimensions": {"Key": key, "Values": list(values)}}
        for key, values in (("SERVICE", query.services), ("LINKED_ACCOUNT", query.accounts),
                            ("REGION", query.regions))
        if values
    ]
    parts += [_keyed_filter("Tags", k, v) for k, v in query.tags]
    parts += [_keyed_filter("CostCategories", n, v) for n, v in query.cost_categories]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"And": parts}


def group_by(query: CostQuery) -> list[dict[str, str]]:
    """GroupBy for the query: account × service, or account × the query's allocation dimension
    (Cost Explorer groups by at most two, so such rows carry no service)."""
    kinds = {"tag": "TAG", "cost-category": "COST_CATEGORY"}
    if query.group_kind in kinds:
        return [_GROUP_BY[0], {"Type": kinds[query.group_kind], "Key": query.group_key}]
    if query.group_kind == "usage-type":
        return [_GROUP_BY[0], {"Type": "DIMENSION", "Key": "USAGE_TYPE"}]
    return _GROUP_BY


def _group_value(key: str, query: CostQuery) -> str:
    """A TAG / COST_CATEGORY group key "team$checkout" → "checkout" ("team$" → untagged)."""
    if query.group_kind in ("tag", "cost-category"):
        return key.split("$", 1)[1] if "$" in key else ""
    return key


def _period(query: CostQuery) -> dict[str, str]:
    # Cost Explorer's End is exclusive, like CostQuery.end.
    if query.hourly:  # HOURLY requests take (and answer with) yyyy-MM-ddThh:mm:ssZ bounds
        return {"Start": f"{query.start.isoformat()}T00:00:00Z",
                "End": f"{query.end.isoformat()}T00:00:00Z"}
    return {"Start": query.start.isoformat(), "End": query.end.isoformat()}


HOURLY_NOT_ENABLED = ("hourly cost data is not enabled for this account",
                      "turn on hourly granularity in Billing → Cost Management preferences "
                      "(it is billed), or use --timeframe daily")
HOURLY_TOO_OLD = ("Cost Explorer keeps hourly data for 14 days only",
                  "use a more recent --as-of, or --timeframe daily")
_HOURLY_REFUSAL_CODES = frozenset({"ValidationException", "DataUnavailableException"})


def hourly_error(exc: BaseException) -> SourceError | None:
    """The one-line error for Cost Explorer refusing an HOURLY request (None for others)."""
    if not isinstance(exc, ClientError) or aws.error_code(exc) not in _HOURLY_REFUSAL_CODES:
        return None
    message = str(exc.response.get("Error", {}).get("Message", "")).lower()
    if "hour" not in message:
        return None
    text, fix = HOURLY_TOO_OLD if "14 days" in message else HOURLY_NOT_ENABLED
    return SourceError(text, fix=fix)


def _period_start(text: str, hourly: bool) -> datetime:
    if hourly and "T" in text:
        return datetime.strptime(text[:13], "%Y-%m-%dT%H")
    return datetime.fromisoformat(text[:10])


@dataclass
class CostExplorerSource(OrganizationReads, CostSource):
    """Costs from Cost Explorer; `days_answered` holds every day it returned a result for."""

    display_name: ClassVar[str] = "AWS Cost Explorer"
    real: ClassVar[bool] = True
    hourly: ClassVar[bool] = True
    hourly_recent_only: ClassVar[bool] = True
    aws_clients: ClassVar[frozenset[str]] = frozenset({"ce", "organizations", "sts", "budgets"})
    resource_credentials: ClassVar[bool] = True
    shares_session: ClassVar[bool] = True
    paid_query: ClassVar[str] = "Cost Explorer request"
    commitments_cost: ClassVar[str] = "six more Cost Explorer requests"
    # Cost and usage, AWS Budgets and the commitments read through this source's clients
    iam_actions: ClassVar[tuple[str, ...]] = (*IAM_ACTIONS, *aws_budgets.IAM_ACTIONS,
                                              *ce_commitments.IAM_ACTIONS)

    name: str = "ce"
    session: Any = None
    profile: str | None = None
    organization_view: bool = False
    cache: ResponseCache | None = None
    store: DayStore | None = None  # the incremental day store (ce_store), DAILY reads only
    days_answered: set[date] = field(default_factory=set)
    hours_answered: set[datetime] = field(default_factory=set)
    cache_hits: int = 0
    max_requests: int = DEFAULT_MAX_REQUESTS  # --ce-max-requests: past it, the coarse plan
    request_chains: int = 0  # GetCostAndUsage queries sent (a query's pages count once)
    other_requests: int = 0  # STS and Organizations calls: free, so not in api_requests
    _clients: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _caller: str | None = field(default=None, init=False, repr=False)
    _org_names: dict[str, str] | None = field(default=None, init=False, repr=False)
    _scope: Scope | None = field(default=None, init=False, repr=False)
    _count_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def describe(self) -> str:
        """One line naming the source for report headers."""
        who = f"profile {self.profile}" if self.profile else "default credentials"
        return f"{self.display_name} ({who})"

    def client(self, service_name: str) -> Any:
        """The (cached) boto3 client for a service; tests attach Stubbers or event hooks here."""
        if service_name not in self._clients:
            if self.session is None:
                self.session = aws.make_session(self.profile)
            self._clients[service_name] = aws.client(self.session, service_name)
        return self._clients[service_name]

    def ce_filter(self, query: CostQuery) -> dict[str, Any] | None:
        """The Cost Explorer filter expression of `query` (None when unfiltered)."""
        return build_filter(query)

    # --- Cost Explorer -------------------------------------------------------------------

    def costs(self, query: CostQuery) -> pd.DataFrame:
        """The canonical table, region '': the DAILY account × service cube through the day
        store when there is one (allocation groupings and HOURLY are read directly)."""
        if self.store is not None and not query.hourly and not query.group_by:
            from .ce_fetch import costs_with_store

            return costs_with_store(self, query, self.store)
        return self.fetch(query)

    @staticmethod
    def grouped_params(query: CostQuery) -> dict[str, Any]:
        """GetCostAndUsage parameters of the query's grouped read (the day store's probe too)."""
        params: dict[str, Any] = {"TimePeriod": _period(query), "Granularity": query.granularity,
                                  "Metrics": [USAGE_NAMES[query.metric]],
                                  "GroupBy": group_by(query)}
        flt = build_filter(query)
        if flt:
            params["Filter"] = flt
        return params

    def fetch(self, query: CostQuery) -> pd.DataFrame:
        """One grouped DAILY (or HOURLY) request, all pages: the canonical table, region ''."""
        metric = USAGE_NAMES[query.metric]
        params = self.grouped_params(query)
        rows: list[dict[str, Any]] = []
        described: dict[str, str] = {}
        try:
            for page in self._pages(params):
                described.update(_described_accounts(page))
                rows.extend(self._grouped_rows(page, metric, query))
        except SourceError as exc:
            refused = hourly_error(exc.__cause__) if query.hourly and exc.__cause__ else None
            if refused is None:
                raise
            raise refused from exc
        frame = pd.DataFrame(rows, columns=["date", "account_id", "service", "amount",
                                            "currency", "estimated", "group"])
        names = {**described, **self._organization_names()}
        frame["account_name"] = [names.get(a) or a for a in frame["account_id"]]
        frame["region"] = ""
        return normalise_frame(frame, keep_time=query.hourly)

    def _grouped_rows(self, page: dict[str, Any], metric: str,
                      query: CostQuery) -> Iterator[dict[str, Any]]:
        for result in page.get("ResultsByTime", []):
            start = _period_start(result["TimePeriod"]["Start"], query.hourly)
            day = start.date()
            if query.start <= day < query.end:
                self.days_answered.add(day)
                if query.hourly:
                    self.hours_answered.add(start)
            for group in result.get("Groups", []):
                value = group["Metrics"][metric]
                second = group["Keys"][1]
                grouped = bool(query.group_by)
                yield {"date": start if query.hourly else day, "account_id": group["Keys"][0],
                       "service": "" if grouped else second,
                       "group": _group_value(second, query) if grouped else "",
                       "amount": float(value["Amount"]), "currency": value.get("Unit", "USD"),
                       "estimated": bool(result.get("Estimated", False))}

    def total(self, query: CostQuery) -> float:
        """The ungrouped MONTHLY total for the query: an independent read for mcp validation."""
        metric = USAGE_NAMES[query.metric]
        params: dict[str, Any] = {"TimePeriod": _period(query), "Granularity": "MONTHLY",
                                  "Metrics": [metric]}
        flt = build_filter(query)
        if flt:
            params["Filter"] = flt
        amount = 0.0
        for page in self._pages(params):
            for result in page.get("ResultsByTime", []):
                value = result.get("Total", {}).get(metric)
                if value:
                    amount += float(value["Amount"])
        return amount

    def dimension_value_count(self, params: dict[str, Any]) -> int:
        """How many values ce:GetDimensionValues reports for `params` (one billed request)."""
        started = time.perf_counter()
        with doing("waiting for ce:GetDimensionValues"), unreadable_reply(), \
                aws.aws_errors("ce:GetDimensionValues", self.profile):
            reply = self.client("ce").get_dimension_values(**params)
        with self._count_lock:
            self.request_chains += 1
        self.requests.record("ce", "GetDimensionValues", str(params["Dimension"]),
                             seconds=time.perf_counter() - started, numbered=True)
        return int(reply.get("TotalSize") or len(reply.get("DimensionValues", [])))

    def commitments(self, query: CostQuery) -> list[Any] | None:
        """Coverage and utilization from the four Cost Explorer commitment APIs."""
        from .ce_commitments import ce_commitments

        return ce_commitments(self, query)

    def _pages(self, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Every page of one query; fresh pages are cached only once the last page arrived."""
        fresh: list[tuple[str, dict[str, Any]]] = []
        yield from token_pages(lambda request, page: self._get_cost_and_usage(request, page, fresh),
                               params)
        self._store(fresh)

    def _store(self, replies: list[tuple[str, dict[str, Any]]]) -> None:
        if self.cache is not None:
            for key, reply in replies:
                self.cache.put(key, reply)

    def _get_cost_and_usage(self, params: dict[str, Any], page: int,
                            fresh: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
        what = _describe_request(params, page)
        key = cache_key("ce:GetCostAndUsage", params, self.profile, self.caller_account())
        cached = self.cache.get(key) if self.cache is not None else None
        if cached is not None and well_formed(cached, params):
            self.cache_hits += 1
            self.requests.record("ce", "GetCostAndUsage", f"{what}: from cache (no request)",
                                 cached=True)
            return cached
        started = time.perf_counter()
        with doing(f"waiting for ce:GetCostAndUsage {what}"), unreadable_reply(), \
                aws.aws_errors("ce:GetCostAndUsage", self.profile):
            response = dict(self.client("ce").get_cost_and_usage(**params))
        response.pop("ResponseMetadata", None)
        with self._count_lock:  # chunks are fetched from several threads (ce_fetch)
            self.request_chains += 0 if "NextPageToken" in params else 1
        # billed even when the reply turns out malformed; the log is thread-safe (ce_fetch)
        self.requests.record("ce", "GetCostAndUsage", what,
                             seconds=time.perf_counter() - started, numbered=True)
        checked = check_reply(response, params["Metrics"][0], len(params.get("GroupBy", ())))
        if cacheable(checked):
            fresh.append((key, checked))
        return response

def _described_accounts(page: dict[str, Any]) -> dict[str, str]:
    """LINKED_ACCOUNT names Cost Explorer returns in DimensionValueAttributes."""
    names: dict[str, str] = {}
    for item in page.get("DimensionValueAttributes", []) or []:
        name = (item.get("Attributes") or {}).get("description")
        if item.get("Value") and name:
            names[str(item["Value"])] = str(name)
    return names


def _describe_request(params: dict[str, Any], page: int) -> str:
    period = params["TimePeriod"]
    groups = ",".join(g["Key"] for g in params.get("GroupBy", [])) or "ungrouped"
    filtered = " filtered" if "Filter" in params else ""
    return (f"{params['Granularity']} {period['Start']}..{period['End']} (end exclusive) "
            f"{params['Metrics'][0]} {groups}{filtered} page {page}")


def open(opts: Options, session: Any = None) -> CostExplorerSource:
    """The ce source for the options' profile; --all-profile means the organization view.
    `session` lets a long-running caller (the app) reuse one boto3 session per profile."""
    profile = effective_profile(opts)
    return CostExplorerSource(
        session=session or aws.make_session(profile),
        profile=profile,
        organization_view=bool(opts.all_profile),
        cache=ResponseCache(read=reads_cached_replies(opts)),
        store=DayStore(read=not opts.no_cache),
        max_requests=int(opts.get("ce_max_requests") or DEFAULT_MAX_REQUESTS),
    )
