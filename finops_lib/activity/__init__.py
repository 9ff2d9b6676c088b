"""Resource activity analysis: signals, decommission score and the Activity Health Tree.

`analyze(opts, scope, source)` lists the resources in scope (the synthetic inventory for the
demo source, boto3 collectors otherwise), evaluates every registered signal (fired / clear /
unknown), scores each resource and returns report-model values every renderer shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time
from typing import Any

from ..options import Options, effective_profile, reads_cached_replies
from ..report import Table, Tree
from ..selection import selection_from_options
from ..sources.base import CostSource, Scope
from .collectors import COLLECTOR_IAM_ACTIONS, Target
from .demo import DEMO_DENIED, demo_snapshot
from .model import RESOURCE_TYPES, Assessment, Resource, Snapshot
from .plan import ScanPlan
from .registry import SIGNALS, all_signals, parse_overrides, resolved_params, signal, signals_for
from .scoring import assess
from .tree import build_data, build_summary, build_table, build_tree

__all__ = [
    "DEFAULT_ROLE_NAME",
    "IAM_ACTIONS",
    "SIGNALS",
    "ActivityResult",
    "Assessment",
    "Resource",
    "ScanPlan",
    "all_signals",
    "analyze",
    "assess",
    "is_demo_source",
    "parse_overrides",
    "resolved_params",
    "scan_plan",
    "scanned",
    "signal",
    "signals_for",
]

DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole"

# Every action a signal or collector needs: iam.py folds these into docs/iam-policy.json.
IAM_ACTIONS: tuple[str, ...] = tuple(sorted(
    set(COLLECTOR_IAM_ACTIONS) | {a for s in all_signals().values() for a in s.iam_actions}))


@dataclass(frozen=True)
class ActivityResult:
    """What the persona builders place in a report."""

    table: Table
    tree: Tree
    summary: Mapping[str, tuple[str, ...]]
    notices: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    api_requests: Mapping[str, int] = field(default_factory=dict)

    @property
    def total_requests(self) -> int:
        """All AWS requests the analysis made."""
        return sum(self.api_requests.values())


def is_demo_source(source: CostSource) -> bool:
    """True when the source gets the demo inventory (the demo, a stand-in without real data)."""
    return bool(source.is_demo or not source.real)


def _selection(opts: Options, scope: Scope) -> tuple[set[str] | None, set[str] | None,
                                                     set[str] | None]:
    """(regions, account ids, resource types) the options restrict to; None = no restriction.
    The one resolver costs use too: dimensions intersect and unknown account names are refused."""
    chosen = selection_from_options(opts, scope)
    regions = set(chosen.regions) or None
    accounts = set(chosen.accounts) or None
    types = ({k for k, t in RESOURCE_TYPES.items() if t.service in chosen.services}
             if chosen.services else None)
    return regions, accounts, types


def _targets(opts: Options, scope: Scope, accounts: set[str] | None) -> list[Target]:
    role = getattr(opts, "assume_role_name", None) or DEFAULT_ROLE_NAME
    if scope.kind in ("organization", "payer") and scope.accounts:
        return [Target(a.id, "" if a.id == scope.caller_account
                       else f"arn:aws:iam::{a.id}:role/{role}")
                for a in scope.accounts
                if a.status == "ACTIVE" and (accounts is None or a.id in accounts)]
    return [Target(scope.caller_account or "self")]


def _demo(end: datetime, scope: Scope, regions: set[str] | None, accounts: set[str] | None,
          types: set[str] | None, role: str) -> Snapshot:
    snap = demo_snapshot(end)
    resources = list(snap.resources)
    if scope.kind == "account" and scope.caller_account:
        resources = [replace(r, account=scope.caller_account) for r in resources]
    keep = [r for r in resources
            if (regions is None or r.region in regions)
            and (accounts is None or r.account in accounts)
            and (types is None or r.type in types)]
    unreached: dict[str, str] = {}
    notices = list(snap.notices)
    if scope.kind in ("organization", "payer") and (accounts is None or DEMO_DENIED in accounts):
        # Shows what a member account without the assumable role looks like.
        unreached[DEMO_DENIED] = f"STS: access denied assuming role {role}"
        notices.append(f"account {DEMO_DENIED} not analysed ({unreached[DEMO_DENIED]}); its "
                       "resources are unknown")
    return Snapshot(tuple(keep), tuple(notices), {}, unreached)


def scan_plan(opts: Options, scope: Scope) -> ScanPlan:
    """The boto3 scan the options ask for (no AWS call): accounts, regions, types, end."""
    params = resolved_params(parse_overrides(getattr(opts, "activity_param", ()) or ()))
    regions, accounts, types = _selection(opts, scope)
    return ScanPlan(scope.caller_account or "", tuple(_targets(opts, scope, accounts)),
                    None if regions is None else tuple(sorted(regions)),
                    None if types is None else tuple(sorted(types)), params,
                    datetime.combine(opts.as_of, time(), UTC), effective_profile(opts),
                    read=reads_cached_replies(opts))


def scanned(plan: ScanPlan, opts: Options,
            session_factory: Callable[[], Any] | None = None) -> ActivityResult:
    """Run (or read) a planned scan, then score it: the result of `analyze` on a real source."""
    from ..sources.aws import make_session

    make = session_factory or (lambda: make_session(plan.profile))
    return result_from(plan.snapshot(make), plan.params, opts)


def analyze(opts: Options, scope: Scope, source: CostSource, *,
            session_factory: Callable[[], Any] | None = None) -> ActivityResult:
    """Inventory, signals, scores, tree and summaries for the accounts and regions in scope.

    `session_factory` (tests, notebooks) returns a fresh boto3.Session; by default one is made
    from the effective profile.
    """
    if not is_demo_source(source):
        return scanned(scan_plan(opts, scope), opts, session_factory)
    params = resolved_params(parse_overrides(getattr(opts, "activity_param", ()) or ()))
    regions, accounts, types = _selection(opts, scope)
    role = getattr(opts, "assume_role_name", None) or DEFAULT_ROLE_NAME
    snapshot = _demo(datetime.combine(opts.as_of, time(), UTC), scope, regions, accounts, types,
                     role)
    return result_from(snapshot, params, opts)


def result_from(snapshot: Snapshot, params: Mapping[str, Mapping[str, float]],
                opts: Options | None = None) -> ActivityResult:
    """Score a snapshot and build the table, tree, summaries and data."""
    assessments = [assess(r, params) for r in snapshot.resources]
    tree = build_tree(assessments, snapshot.unreached)
    summary = build_summary(assessments)
    overrides = {c: {k: v for k, v in p.items() if v != SIGNALS[c].defaults()[k]}
                 for c, p in params.items()}
    extra = {
        "as_of": None if opts is None else opts.as_of.isoformat(),
        "notices": list(snapshot.notices), "unreached": dict(snapshot.unreached),
        "api_requests": dict(snapshot.api_requests),
        "params": {c: p for c, p in overrides.items() if p},
        "signals": [s.to_dict() for s in SIGNALS.values()],
    }
    return ActivityResult(build_table(assessments), tree, summary, snapshot.notices,
                          build_data(assessments, tree, summary, extra),
                          dict(snapshot.api_requests))
