"""The commitments statement: one per format, the report's filters bound as values."""

from __future__ import annotations

from datetime import date

import pytest

from finops_lib.sources.base import CostQuery
from finops_lib.sources.formats import Layout
from finops_lib.sources.sql.commitment_sql import commitments_statement
from finops_lib.sources.sql.dialect import Fragment


@pytest.mark.parametrize("fmt", ["cur2", "focus"])
def test_commitments_statement_per_format(fmt: str, request: pytest.FixtureRequest) -> None:
    layout: Layout = request.getfixturevalue(fmt)
    query = CostQuery(date(2026, 9, 1), date(2026, 9, 4), regions=("eu-west-1",))
    statement = commitments_statement(layout, Fragment('"t"'), query, Fragment(""))
    assert "eu-west-1" in statement.params and "eu-west-1" not in statement.sql
    assert statement.sql.count("?") == len(statement.params)
    words = ("CommitmentDiscount" if fmt == "focus" else "SavingsPlanCoveredUsage")
    assert words in statement.sql
