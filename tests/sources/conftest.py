"""Fixtures shared by the source tests."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
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


def bench_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, org: Any) -> Iterator[Any]:
    """Serve `org` (a bench/ce_endpoint.py Organization) as every AWS endpoint while the
    test runs: a real HTTP server speaking Cost Explorer's JSON protocol, paging at 500."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from ce_endpoint import serve

    server, url = serve(org)
    for name, value in {"AWS_ENDPOINT_URL": url, "AWS_ACCESS_KEY_ID": "t",
                        "AWS_SECRET_ACCESS_KEY": "t", "AWS_DEFAULT_REGION": "us-east-1",
                        "FINOPS_CACHE_DIR": str(tmp_path)}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    yield org
    server.shutdown()
