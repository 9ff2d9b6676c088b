"""boto3 collectors: every enabled region of every account in scope, in parallel with bounded
concurrency, into one Snapshot. An account whose role cannot be assumed, or a region that
cannot be listed, is reported (notices, `unreached`) while the others complete."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import boto3
from botocore.loaders import create_loader

from ...errors import SourceError
from ...sources.aws import make_session as credentials_session
from ..model import ApiCall, Snapshot
from ..registry import codes_calling
from .buckets import BUCKET_CALLS, bucket_cost, collect_buckets
from .calls import (
    FAILURES,
    STS_CONFIG,
    CallRecorder,
    Clients,
    action_for,
    why,
)
from .draft import Draft, freeze, request_metrics
from .enrich import rightsizing
from .metrics import fetch_metrics
from .region import RegionDenied, collect_region
from .scan import listing_actions

__all__ = [
    "COLLECTOR_IAM_ACTIONS",
    "MAX_WORKERS",
    "CallRecorder",
    "Target",
    "action_for",
    "collect",
]

MAX_WORKERS = 8  # parallel account × region tasks; API throttling, not CPU, is the limit
GLOBAL_REGION = "us-east-1"
# Rightsizing also fails when paging stops (a repeated token, the page cap): E7 is then unknown.
RIGHTSIZING_FAILURES: tuple[type[BaseException], ...] = (*FAILURES, SourceError)
SessionFactory = Callable[[], boto3.Session]
Params = Mapping[str, Mapping[str, float]]
_REACH = (ApiCall("sts", "AssumeRole"), ApiCall("ec2", "DescribeRegions"))

# What the collector itself calls: reaching accounts, the listers' and the buckets' listings
# (the signals declare the rest; activity.IAM_ACTIONS adds theirs).
COLLECTOR_IAM_ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(
    (*(c.iam_action for c in (*_REACH, *BUCKET_CALLS)), *listing_actions())))


@dataclass(frozen=True)
class Target:
    """One account to collect, and how to reach it."""

    account: str
    role_arn: str = ""  # empty: use the caller's own credentials


def collect(make_session: SessionFactory, targets: Sequence[Target], params: Params,
            end: datetime, regions: Collection[str] | None = None,
            types: Collection[str] | None = None,
            recorder: CallRecorder | None = None) -> Snapshot:
    """Collect every target account; `regions` None means every enabled region."""
    recorder = recorder or CallRecorder()
    notices: list[str] = []
    unreached: dict[str, str] = {}
    with ThreadPoolExecutor(MAX_WORKERS) as pool:
        reached = _reach(pool, make_session, targets, regions, recorder, notices, unreached)
        drafts = _gather(pool, reached, params, end, regions, notices, unreached)
        if types is not None:
            drafts = [d for d in drafts if d.type in types]
        for draft in drafts:
            request_metrics(draft, params)
        series = _fetch(pool, reached, drafts, end, notices)
    for draft in drafts:
        if draft.type == "s3_bucket":
            draft.monthly_cost = bucket_cost(draft, series)
    resources = tuple(freeze(d, series, end) for d in drafts)
    return Snapshot(resources, tuple(dict.fromkeys(notices)), recorder.by_service(), unreached)


@dataclass
class _Reached:
    account: str
    clients: Clients
    regions: list[str]


def _reach(pool: ThreadPoolExecutor, make_session: SessionFactory, targets: Sequence[Target],
           regions: Collection[str] | None, recorder: CallRecorder, notices: list[str],
           unreached: dict[str, str]) -> list[_Reached]:
    loader = create_loader()  # one model cache for every session: loading models is the slow part

    def one(target: Target) -> _Reached | str:
        try:
            clients = Clients(_account_session(make_session, target, recorder), recorder,
                              loader)
            ec2 = clients.client("ec2", region_name=GLOBAL_REGION)
            enabled = [r["RegionName"] for r in ec2.describe_regions().get("Regions", [])
                       if r.get("OptInStatus") != "not-opted-in"]
        except FAILURES as exc:
            return why(exc, "STS" if target.role_arn else "EC2")
        chosen = [r for r in enabled if regions is None or r in regions]
        return _Reached(target.account, clients, sorted(chosen))

    reached: list[_Reached] = []
    for target, result in zip(targets, pool.map(one, targets), strict=True):
        if isinstance(result, str):
            unreached[target.account] = result
            notices.append(f"account {target.account} not analysed ({result}); its resources "
                           "are unknown")
        else:
            reached.append(result)
    return reached


def _account_session(make_session: SessionFactory, target: Target, recorder: CallRecorder
                     ) -> SessionFactory:
    """The caller's own sessions, or sessions on the target's assumed-role credentials."""
    if not target.role_arn:
        return make_session
    sts = recorder.attach(make_session()).client("sts", region_name=GLOBAL_REGION,
                                                 config=STS_CONFIG)
    creds = sts.assume_role(RoleArn=target.role_arn,
                            RoleSessionName="finops-activity")["Credentials"]
    return lambda: credentials_session(credentials=creds)


def _gather(pool: ThreadPoolExecutor, reached: list[_Reached], params: Params, end: datetime,
            regions: Collection[str] | None, notices: list[str],
            unreached: dict[str, str]) -> list[Draft]:
    jobs: list[tuple[str, str, Any]] = []
    for acct in reached:
        jobs.append((acct.account, "global", pool.submit(_global, acct, regions)))
        jobs += [(acct.account, region, pool.submit(collect_region, acct.clients, acct.account,
                                                    region, params, end))
                 for region in acct.regions]
    drafts: list[Draft] = []
    advice: dict[str, dict[str, Any]] = {}
    for account, region, future in jobs:
        try:
            result = future.result()
        except RegionDenied as denied:
            unreached[f"{account}/{region}"] = str(denied)
            notices.append(f"{account}/{region} not analysed ({denied})")
            continue
        if region == "global":
            found, more, sizing = result
            drafts += found
            notices += more
            advice[account] = sizing
        else:
            drafts += result.drafts
            notices += [f"{account}/{region}: {n}" for n in result.notices]
    for draft in drafts:
        if draft.type == "ec2_instance":
            _rightsizing(draft, advice.get(draft.account))
    return drafts


def _global(acct: _Reached, regions: Collection[str] | None
            ) -> tuple[list[Draft], list[str], dict[str, Any] | str]:
    regional = set(acct.regions) if regions is not None else None
    drafts, notices = collect_buckets(acct.clients, acct.account, regional)
    codes = codes_calling("ec2_instance", "ce", "GetRightsizingRecommendation")
    sizing: dict[str, Any] | str = {}
    try:
        if codes:  # a billed call: only when a registered signal reads it
            sizing = rightsizing(acct.clients.client("ce", region_name=GLOBAL_REGION))
    except RIGHTSIZING_FAILURES as exc:
        sizing = why(exc, "Cost Explorer rightsizing")
        notices.append(f"{sizing} ({', '.join(codes)} unknown)")
    return drafts, [f"{acct.account}: {n}" for n in notices], sizing


def _rightsizing(draft: Draft, sizing: dict[str, Any] | str | None) -> None:
    if sizing is None:
        draft.missing["rightsizing"] = "Cost Explorer rightsizing not read"
    elif isinstance(sizing, str):
        draft.missing["rightsizing"] = sizing
    else:
        draft.facts["rightsizing"] = sizing.get(draft.id, {"type": "", "savings": 0.0})


def _fetch(pool: ThreadPoolExecutor, reached: list[_Reached], drafts: list[Draft],
           end: datetime, notices: list[str]) -> dict[tuple[str, str], Any]:
    clients = {acct.account: acct.clients for acct in reached}
    groups: dict[tuple[str, str], list[Draft]] = defaultdict(list)
    for draft in drafts:
        if draft.requests:
            groups[(draft.account, draft.region)].append(draft)

    def one(key: tuple[str, str]) -> dict[tuple[str, str], Any]:
        account, region = key
        cloudwatch = clients[account].client("cloudwatch", region_name=region)
        try:
            return fetch_metrics(cloudwatch, [r for d in groups[key] for r in d.requests], end)
        except FAILURES as exc:
            reason = why(exc, "CloudWatch")
            notices.append(f"{account}/{region}: {reason} (metric signals unknown)")
            for draft in groups[key]:
                draft.missing.update({r.key: reason for r in draft.requests})
            return {}

    series: dict[tuple[str, str], Any] = {}
    for found in pool.map(one, sorted(groups)):
        series.update(found)
    return series
