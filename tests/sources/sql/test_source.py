"""The SQL-backed source (files on DuckDB here, Athena alike): costs, total and scope agree."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from finops_lib.sources.base import CostQuery
from finops_lib.sources.files import open_path
from finops_lib.sources.sql.source import SqlCostSource

CUR2 = Path(__file__).parents[2] / "fixtures" / "cur" / "cur2_sample.csv"
WINDOW = CostQuery(date(2026, 9, 1), date(2026, 9, 4))


def test_total_reads_the_same_figure_by_its_own_statement() -> None:
    source = open_path(str(CUR2))
    assert isinstance(source, SqlCostSource) and source.whole_periods
    assert source.total(WINDOW) == pytest.approx(float(source.costs(WINDOW)["amount"].sum()))


def test_scope_lists_the_accounts_in_the_data() -> None:
    scope = open_path(str(CUR2)).scope()
    assert {a.id for a in scope.accounts} == {"111122223333", "011122223333"}
    assert scope.multi_account
