"""The demo inventory: deterministic, every resource type, and shaped like the collectors' output
(the metric keys it synthesises are the ones the signals declare)."""

from __future__ import annotations

from finops_lib.activity.demo import DEMO_ACCOUNTS, demo_snapshot
from finops_lib.activity.model import RESOURCE_TYPES
from finops_lib.activity.registry import signals_for

from .conftest import END


def test_demo_is_deterministic_and_covers_every_type() -> None:
    first, second = demo_snapshot(END), demo_snapshot(END)
    assert first == second
    assert {r.type for r in first.resources} == set(RESOURCE_TYPES)
    assert {r.account for r in first.resources} <= set(DEMO_ACCOUNTS)
    assert all(r.end == END for r in first.resources)


def test_demo_metrics_are_declared_by_the_signals() -> None:
    for r in demo_snapshot(END).resources:
        declared = {m.key for s in signals_for(r.type) for m in s.metrics}
        assert set(r.metrics) <= declared, (r.id, set(r.metrics) - declared)
