"""One activity scan as a value: which accounts, regions and resource types it reads, and the
snapshot cache entry it fills.

Planning costs no AWS call, so a surface can ask "is this scan already stored?" before running
it: the app draws the cost figures first when it is not (finops_lib/dashboard.py `build_staged`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .collectors import CallRecorder, Target, collect
from .model import Snapshot
from .snapshot_cache import cached_snapshot, is_stored

__all__ = ["ScanPlan"]

Params = Mapping[str, Mapping[str, float]]


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class ScanPlan:
    """What one boto3 activity scan reads (picklable: the app caches it with the report)."""

    caller: str
    targets: tuple[Target, ...]
    regions: tuple[str, ...] | None  # None: every enabled region of each account
    types: tuple[str, ...] | None  # None: every resource type
    params: Params
    end: datetime
    profile: str | None
    read: bool = True  # False (--no-cache): scan again even when a snapshot is stored

    @property
    def what(self) -> dict[str, Any]:
        """The snapshot cache key: who asks and what is scanned, never the persona."""
        return {"caller": self.caller,
                "targets": [[t.account, t.role_arn] for t in self.targets],
                "regions": None if self.regions is None else list(self.regions),
                "types": None if self.types is None else list(self.types),
                "params": self.params, "end": self.end.isoformat()}

    @property
    def size(self) -> str:
        """'3 accounts × 2 regions' (or '× every enabled region'), for a progress line."""
        regions = ("every enabled region" if self.regions is None
                   else _count(len(self.regions), "region"))
        return f"{_count(len(self.targets), 'account')} × {regions}"

    def stored(self) -> bool:
        """True when a fresh snapshot of this scan is on disk (reading it takes no AWS call)."""
        return is_stored(self.what, self.profile)

    def cold(self) -> bool:
        """True when running it means AWS calls: nothing fresh is stored, or it must not be
        read (--no-cache, --refresh)."""
        return not self.read or not self.stored()

    def snapshot(self, make_session: Callable[[], Any]) -> Snapshot:
        """The stored snapshot when fresh and allowed, else a scan (stored for the next run)."""
        return cached_snapshot(
            self.what, self.profile,
            lambda: collect(make_session, self.targets, self.params, self.end,
                            None if self.regions is None else set(self.regions),
                            None if self.types is None else set(self.types), CallRecorder()),
            read=self.read)
