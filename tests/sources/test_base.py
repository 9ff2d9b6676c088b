"""The cost-source interface: query checks, the canonical table, the safe capability defaults."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from finops_lib.sources.base import (
    CANONICAL_COLUMNS,
    CostQuery,
    CostSource,
    Scope,
    empty_frame,
    normalise_frame,
)


def test_query_refuses_empty_windows_and_unknown_values() -> None:
    with pytest.raises(ValueError, match="empty query window"):
        CostQuery(date(2026, 9, 2), date(2026, 9, 2))
    with pytest.raises(ValueError, match="unknown metric"):
        CostQuery(date(2026, 9, 1), date(2026, 9, 2), metric="gross")
    with pytest.raises(ValueError, match="unknown query dimension"):
        CostQuery(date(2026, 9, 1), date(2026, 9, 2), group_by="colour")
    query = CostQuery(date(2026, 9, 1), date(2026, 9, 2), group_by="tag:team")
    assert (query.group_kind, query.group_key, query.hourly) == ("tag", "team", False)


def test_frames_are_canonical() -> None:
    assert tuple(empty_frame().columns) == CANONICAL_COLUMNS
    frame = normalise_frame(pd.DataFrame({"date": ["2026-09-01 13:00"], "amount": ["1.5"],
                                          "service": [None], "estimated": [False]}))
    assert frame.loc[0, "date"] == pd.Timestamp("2026-09-01")
    assert frame.loc[0, "amount"] == 1.5 and frame.loc[0, "service"] == ""
    assert frame["estimated"].dtype == bool and not frame.loc[0, "estimated"]


def test_scope_slug_and_multi_account() -> None:
    assert Scope("account", "one", "123456789012").slug == "acct-123456789012"
    assert Scope("organization", "org").multi_account


def test_capability_defaults_are_the_safe_ones() -> None:
    # A source that forgets to declare is treated as demo data, free, daily, without AWS.
    assert not CostSource.real and not CostSource.hourly
    assert CostSource.aws_clients == frozenset() and CostSource.paid_query == ""
    assert not CostSource.resource_credentials and not CostSource.shares_session
    assert CostSource.profile_names() == []
