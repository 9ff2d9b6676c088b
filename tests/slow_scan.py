"""A real organization whose activity scan is cold and slow, for tests of the app's
costs-first drawing (finops_lib/dashboard.py `build_staged`).

The demo's costs declared real billing data (so the activity analysis scans AWS), and the
boto3 collector replaced by a scan that waits, then returns the demo inventory. Installed with
pytest's monkeypatch in the test's own process (AppTest runs the page there too).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

import pytest

from finops_lib.activity import plan
from finops_lib.activity.demo import demo_snapshot
from finops_lib.activity.model import Snapshot
from finops_lib.sources import demo
from finops_lib.sources.demo import DemoSource

SCAN_REQUESTS = {"ec2": 3, "cloudwatch": 2}


class RealDemo(DemoSource):
    """The demo organization's costs, declared real: its activity is a scan of AWS."""

    real: ClassVar[bool] = True
    resource_credentials: ClassVar[bool] = True

    def __init__(self, as_of: date) -> None:
        super().__init__(as_of)
        self.is_demo = False


@dataclass
class SlowScan:
    """Stands in for `collectors.collect`: counts its runs, runs `during` hooks, then waits."""

    seconds: float
    runs: int = 0
    during: list[Callable[[], None]] = field(default_factory=list)

    def __call__(self, make_session: Any, targets: Sequence[Any], params: Any, end: datetime,
                 regions: Collection[str] | None = None, types: Collection[str] | None = None,
                 recorder: Any = None) -> Snapshot:
        self.runs += 1
        for hook in self.during:
            hook()
        time.sleep(self.seconds)
        found = demo_snapshot(end)
        return Snapshot(found.resources, found.notices, dict(SCAN_REQUESTS), {})


def install(monkeypatch: pytest.MonkeyPatch, seconds: float = 0.0) -> SlowScan:
    """Make the default source a RealDemo and its activity scan a SlowScan (returned)."""
    scan = SlowScan(seconds)
    monkeypatch.setattr(plan, "collect", scan)
    monkeypatch.setattr(demo, "open", lambda opts: RealDemo(opts.as_of))
    return scan
