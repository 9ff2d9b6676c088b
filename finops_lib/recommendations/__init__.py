"""Savings recommendations: Cost Optimization Hub, Compute Optimizer when the hub is not
enrolled, and the project's own activity findings, merged into one list per resource."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from . import compute_optimizer, hub
from .demo import demo_feed
from .findings import from_activity
from .merge import merge, total_savings
from .model import ACTIONS, Feed, Recommendation

__all__ = ["ACTIONS", "IAM_ACTIONS", "Feed", "Recommendation", "demo_feed", "from_activity",
           "gather", "live_feed", "merge", "total_savings"]

IAM_ACTIONS: tuple[str, ...] = (*hub.IAM_ACTIONS, *compute_optimizer.IAM_ACTIONS)

MakeClient = Callable[[str, str], Any]  # (service, region) -> boto3 client


def live_feed(make_client: MakeClient, regions: Sequence[str]) -> Feed:
    """The hub's recommendations, or Compute Optimizer's in `regions` when the hub is not
    enrolled (with one notice saying so and how to enroll)."""
    found = hub.read_hub(make_client("cost-optimization-hub", hub.HUB_REGION))
    if found.available:
        return found
    fallback = compute_optimizer.read_compute_optimizer(
        make_client("compute-optimizer", r) for r in regions)
    return Feed(fallback.items, (*found.notices, *fallback.notices),
                (*found.requests, *fallback.requests), fallback.available)


def gather(feed: Feed, activity_resources: Iterable[Mapping[str, Any]] = ()
           ) -> list[Recommendation]:
    """The provider's recommendations merged with the activity findings."""
    return merge(feed.items, from_activity(activity_resources))
