"""Resource listers: one per resource type, registered with the API calls it makes. Adding a
resource type is one lister (describe/list, shape into Drafts) plus its signals; the collector
runs every registered lister in each region and asks CloudWatch for what the signals declare."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..model import RESOURCE_TYPES, ApiCall, ResourceType, register_type
from .calls import FAILURES, Clients, why
from .draft import Draft

__all__ = ["LISTERS", "Lister", "RegionDenied", "RegionScan", "ResourceLister", "listing_actions", "resource"]

Params = Mapping[str, Mapping[str, float]]


class RegionDenied(Exception):
    """A lister could not list the region at all (e.g. an SCP denies it): the region is skipped."""


@dataclass
class RegionScan:
    """What a lister sees for one account × region: clients, parameters, the window's end,
    listings shared between types (volumes, target health) and the notices it adds."""

    clients: Clients
    account: str
    region: str
    params: Params
    end: datetime
    notices: list[str] = field(default_factory=list)
    _shared: dict[str, Any] = field(default_factory=dict)

    def client(self, service: str) -> Any:
        """A client for `service` in this region."""
        return self.clients.client(service, region_name=self.region)

    def shared(self, what: str, call: Callable[[], Any]) -> Any:
        """`call()` once per region, or None with a notice when it fails."""
        if what not in self._shared:
            try:
                self._shared[what] = call()
            except FAILURES as exc:
                self.notices.append(f"{why(exc, what)}: not listed")
                self._shared[what] = None
        return self._shared[what]


Lister = Callable[[RegionScan], list[Draft]]


@dataclass(frozen=True)
class ResourceLister:
    """A registered resource type: its lister and the calls the listing makes."""

    kind: ResourceType
    list: Lister
    calls: tuple[ApiCall, ...] = ()


LISTERS: dict[str, ResourceLister] = {}


def resource(kind: str | ResourceType, *, calls: tuple[ApiCall, ...] = ()
             ) -> Callable[[Lister], Lister]:
    """Register the decorated function as the regional lister of `kind` (a new ResourceType is
    added to the catalog; a known one is named by its key)."""
    known = RESOURCE_TYPES[kind] if isinstance(kind, str) else register_type(kind)

    def register(fn: Lister) -> Lister:
        if known.key in LISTERS:
            raise ValueError(f"resource type {known.key} has a lister already")
        LISTERS[known.key] = ResourceLister(known, fn, calls)
        return fn

    return register


def listing_actions() -> tuple[str, ...]:
    """The IAM actions every registered lister's calls need."""
    return tuple(dict.fromkeys(c.iam_action for r in LISTERS.values() for c in r.calls))
