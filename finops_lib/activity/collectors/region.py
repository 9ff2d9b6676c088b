"""One account × region: every registered resource lister (`resources/`) with the notices of
what could not be listed; the metrics each type's signals declare are requested afterwards."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from . import resources
from .calls import Clients
from .draft import Draft
from .scan import LISTERS, Params, RegionDenied, RegionScan

__all__ = ["RegionDenied", "RegionResult", "collect_region", "resources"]


@dataclass
class RegionResult:
    """Drafts and notices from one account × region."""

    drafts: list[Draft] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def collect_region(clients: Clients, account: str, region: str, params: Params,
                   end: datetime) -> RegionResult:
    """Everything the registered listers find in the region for the activity analysis."""
    scan = RegionScan(clients, account, region, params, end)
    drafts = [d for lister in LISTERS.values() for d in lister.list(scan)]
    return RegionResult(drafts, scan.notices)
