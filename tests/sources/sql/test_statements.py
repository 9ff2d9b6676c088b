"""The cost, total and coverage statements: billing-period pruning and bound filter values."""

from __future__ import annotations

from datetime import date

from finops_lib.sources.base import CostQuery
from finops_lib.sources.formats import Layout
from finops_lib.sources.sql.dialect import Fragment
from finops_lib.sources.sql.statements import (
    costs_statement,
    coverage_statement,
    total_statement,
)

RELATION = Fragment('"cur"')
HOSTILE = "EC2'); DROP TABLE cur; --"


def test_filter_values_are_parameters_never_sql(cur2: Layout) -> None:
    query = CostQuery(date(2026, 9, 1), date(2026, 9, 4), services=(HOSTILE,),
                      accounts=("111122223333",))
    for statement in (costs_statement(cur2, RELATION, query, Fragment("")),
                      total_statement(cur2, RELATION, query, Fragment(""))):
        assert HOSTILE in statement.params and "111122223333" in statement.params
        assert HOSTILE not in statement.sql and "DROP" not in statement.sql
        assert statement.sql.count("?") == len(statement.params)


def test_coverage_reads_the_relation(focus: Layout) -> None:
    statement = coverage_statement(focus, RELATION)
    assert '"cur"' in statement.sql and statement.sql.count("?") == len(statement.params)
