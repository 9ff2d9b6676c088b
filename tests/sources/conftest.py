"""Fixtures shared by the source tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from finops_lib.sources.cost_explorer import CostExplorerSource


@pytest.fixture
def captured(make_ce_source: Callable[..., CostExplorerSource]) -> Iterator[Any]:
    """A source plus the GetCostAndUsage parameters it sends (seen by a botocore event hook)."""
    source = make_ce_source()
    sent: list[dict[str, Any]] = []

    def record(params: dict[str, Any], **_: Any) -> None:
        sent.append(dict(params))

    source.client("ce").meta.events.register(
        "provide-client-params.ce.GetCostAndUsage", record)
    yield source, sent
