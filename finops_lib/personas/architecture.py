"""What the architect adds to the cost breakdown: savings recommendations, network cost and the
dependency map (demo data on the demo source; AWS reads with the report's credentials otherwise)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from .. import network_cost as net
from .. import recommendations as recs
from ..cost_metrics import USAGE_NAMES
from ..options import effective_profile
from ..report import Section, fold
from ..topology import MAX_MAP_NODES, Topology, collapse, collect_topology, labelled, merge_topologies
from ..topology_demo import DEMO_GATEWAY_ENDPOINTS, demo_nat_traffic, demo_topology
from ..topology_view import edges_table, map_chart
from .common import Context, activity_section

__all__ = ["architecture_section"]

HOURS_PER_MONTH = 730
DAYS_PER_MONTH = 30  # the NAT-vs-endpoint check is a monthly figure, whatever the period
GLOBAL_REGION = "us-east-1"
NO_CREDENTIALS = ("Recommendations and the dependency map read AWS APIs (Cost Optimization Hub, "
                  "Compute Optimizer, EC2, ELB, RDS): pass --profile to read them; skipped.")
ASK_NETWORK = "Network cost: pass --network-cost on to read it (one more {}, grouped by usage type)."
MakeClient = Callable[[str, str], Any]


def _is_demo(ctx: Context) -> bool:
    return bool(ctx.source.is_demo)


def _make_client(ctx: Context) -> MakeClient | None:
    """Regional boto3 clients on the report's credentials (None: there are none)."""
    from ..sources import aws

    session = getattr(ctx.source, "session", None)
    profile = effective_profile(ctx.opts)
    if session is None and not ctx.source.resource_credentials and not profile:
        return None
    cache: dict[tuple[str, str], Any] = {}

    def make(service: str, region: str) -> Any:
        nonlocal session
        if session is None:
            session = aws.make_session(profile)
        if (service, region) not in cache:
            cache[(service, region)] = aws.client(session, service, region)
        return cache[(service, region)]
    return make


def _regions(ctx: Context, activity: Section) -> list[str]:
    """The report's region filter, else the regions the activity inventory found, else the
    global region."""
    if ctx.selection.regions:
        return sorted(ctx.selection.regions)
    found = {str(r["region"]) for r in _resources(activity) if r.get("region")}
    return sorted(found) or [GLOBAL_REGION]


def _resources(activity: Section) -> list[Mapping[str, Any]]:
    data = activity.data.get("activity") or {}
    return list(data.get("resources", [])) if isinstance(data, Mapping) else []


def _demo_account(ctx: Context, account: str) -> str:
    """The demo's account ids, or the one account of a single-account demo scope."""
    one = ctx.scope.kind == "account" and ctx.scope.caller_account
    return str(ctx.scope.caller_account) if one and account else account


def _in_selection(ctx: Context, account: str, region: str) -> bool:
    """Inside the report's account and region filters (global items pass a region filter)."""
    accounts, regions = ctx.selection.accounts, ctx.selection.regions
    return (not accounts or not account or account in accounts) and \
        (not regions or not region or region in regions)


def _scoped_topology(ctx: Context, topology: Topology) -> Topology:
    nodes = [replace(n, account=_demo_account(ctx, n.account)) for n in topology.nodes]
    kept = [n for n in nodes if _in_selection(ctx, n.account, n.region)]
    return merge_topologies([Topology(tuple(kept), topology.edges)])


def monthly_spend(ctx: Context) -> float:
    """The current period's spend scaled to a 730-hour month."""
    return ctx.total("current") / max(ctx.plan.current.days, 1) * HOURS_PER_MONTH / 24


# ------------------------------------------------------------------ recommendations


def _recommendations(ctx: Context, activity: Section, make: MakeClient | None
                     ) -> Section:
    if _is_demo(ctx):
        feed = recs.demo_feed()
        feed = replace(feed, items=tuple(replace(r, account=_demo_account(ctx, r.account))
                                         for r in feed.items))
    elif make is None:
        return Section("recommendations", notices=(NO_CREDENTIALS,))
    else:
        feed = recs.live_feed(make, _regions(ctx, activity))
    found = [r for r in recs.gather(feed, _resources(activity))
             if _in_selection(ctx, r.account, r.region)]
    notices = list(feed.notices)
    spend = monthly_spend(ctx)
    if ctx.currency != "USD":  # AWS estimates savings in USD: never divide them by EUR spend
        spend = 0.0
        notices.append(f"Recommendations: savings are AWS's USD estimates; the bill is in "
                       f"{ctx.currency}, so no share of spend is shown.")
    if not ctx.opts.activity_analysis:
        notices.append("Recommendations: add --activity-analysis to merge in the resources "
                       "activity signals flag as idle.")
    from ..recommendations.views import savings_chart, savings_kpis, savings_table

    for line in feed.requests:  # Cost Optimization Hub and Compute Optimizer are free
        ctx.requests.note(line)
    return Section(
        "recommendations", "Recommendations", kpis=tuple(savings_kpis(found, spend)),
        tables=(savings_table(found, ctx.opts.top_n),), charts=(savings_chart(found),),
        notices=tuple(notices),
        data={"recommendations": [r.__dict__ | {"action_label": r.action_label} for r in found]})


# ------------------------------------------------------------------ network cost


def _usage_frame(ctx: Context) -> tuple[pd.DataFrame | None, str]:
    """Usage-type rows of the current period, or None and why not."""
    period = ctx.plan.current
    if _is_demo(ctx):
        accounts = sorted(ctx.in_period("current")["account_id"].unique()) or ["self"]
        return net.demo_usage(accounts, period.days), ""
    if ctx.source.has_client("ce"):
        metric = USAGE_NAMES[ctx.opts.cost_metric]
        params = net.usage_request(period.start, period.end, metric, ctx.source.ce_filter(ctx.query))
        pages = ctx.source._pages(params)  # type: ignore[attr-defined]
        return net.frame_from_pages(pages, metric), ""
    # files and athena answer the usage-type dimension of the canonical query
    query = replace(ctx.query, start=period.start, end=period.end, granularity="DAILY",
                    group_by="usage-type")
    rows = ctx.source.costs(query)
    return rows.rename(columns={"group": "usage_type"}), ""


def _network(ctx: Context, topology: Topology | None) -> Section:
    if ctx.opts.network_cost == "off" or ctx.opts.mode != "architect":
        return Section("network")
    if ctx.source.paid_query and ctx.opts.network_cost != "on":
        return Section("network", notices=(ASK_NETWORK.format(ctx.source.paid_query),))
    frame, why = _usage_frame(ctx)
    if frame is None:
        return Section("network", notices=(why,))
    savings: list[net.EndpointSaving] = []
    if _is_demo(ctx):
        nats = {n.id for n in topology.nodes} if topology is not None else set()
        traffic = [replace(t, account=_demo_account(ctx, t.account))
                   for t in demo_nat_traffic(DAYS_PER_MONTH) if t.nat_id in nats]
        savings = net.endpoint_savings(traffic, DEMO_GATEWAY_ENDPOINTS)
    elif topology is not None:
        savings = net.endpoint_savings(_unmeasured_nat(topology), _gateway_endpoints(topology))
    names = {a.id: a.name for a in ctx.scope.accounts}
    parts = net.network_parts(frame, names, savings, ctx.currency)
    return Section("network", "Network cost", kpis=parts.kpis, tables=parts.tables,
                   charts=parts.charts)


def _gateway_endpoints(topology: Topology) -> set[tuple[str, str]]:
    return {(n.vpc, n.name.split(" ", 1)[0]) for n in topology.nodes
            if n.kind == "endpoint" and n.detail == "gateway"}


def _unmeasured_nat(topology: Topology) -> list[net.NatTraffic]:
    """Live NAT gateways: bytes by destination need flow logs, so the traffic is unknown."""
    return [net.NatTraffic(n.id, n.vpc, n.account, n.region, 0.0,
                           {"s3": None, "dynamodb": None})
            for n in topology.nodes if n.kind == "nat"]


# ------------------------------------------------------------------ dependency map


def _costs(ctx: Context, activity: Section) -> dict[str, tuple[float | None, str]]:
    found = {str(r["id"]): (r.get("monthly_cost"), str(r.get("tier", "")))
             for r in _resources(activity)}
    if not found and _is_demo(ctx):
        from datetime import UTC, datetime, time

        from ..activity.demo import demo_snapshot

        snap = demo_snapshot(datetime.combine(ctx.opts.as_of, time(), UTC))
        found = {r.id: (r.monthly_cost, "") for r in snap.resources}
    return found


def _topology(ctx: Context, activity: Section, make: MakeClient | None
              ) -> tuple[Topology | None, tuple[str, ...]]:
    """The map (or None) and its notices; its describe passes go to the request log."""
    if _is_demo(ctx):
        return _scoped_topology(ctx, demo_topology()), ()
    if make is None:
        return None, ()
    account = ctx.scope.caller_account or ""
    parts, notices = [], []
    from botocore.exceptions import BotoCoreError, ClientError

    for region in _regions(ctx, activity):
        try:
            parts.append(collect_topology(make("ec2", region), make("elbv2", region),
                                          make("rds", region), account, region))
            ctx.requests.note(f"dependency map {region}: EC2, ELB and RDS describe calls (free)")
        except (ClientError, BotoCoreError) as exc:
            notices.append(f"Dependency map: {region} not read ({str(exc).splitlines()[0]}).")
    if len(ctx.scope.accounts) > 1:
        notices.append("Dependency map: the credentials' own account only (member accounts "
                       "are not assumed for the map in this version).")
    return merge_topologies(parts), tuple(notices)


def _map_parts(topology: Topology, costs: Mapping[str, tuple[float | None, str]]
               ) -> Section:
    drawn = collapse(labelled(topology, costs), MAX_MAP_NODES)
    return Section("dependency_map", "Dependency map", tables=(edges_table(drawn),),
                   charts=(map_chart(drawn),), data={"dependency_map": drawn.to_dict()})


def architecture_section(ctx: Context) -> Section:
    """Recommendations, network cost and the dependency map for the architect report."""
    activity = activity_section(ctx)
    make = None if _is_demo(ctx) else _make_client(ctx)
    topology, map_notices = _topology(ctx, activity, make)
    pieces = (_recommendations(ctx, activity, make), _network(ctx, topology),
              _map_parts(topology, _costs(ctx, activity)) if topology is not None else
              Section("dependency_map"),
              Section("map_notices", notices=map_notices))
    parts = fold(pieces)
    return Section("architecture", "Architecture", kpis=parts["kpis"], tables=parts["tables"],
                   charts=parts["charts"], notices=parts["notices"], data=parts["extra"])
