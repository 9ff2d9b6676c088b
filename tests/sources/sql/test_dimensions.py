"""Tag, cost category and usage-type columns per format, and their filters bound as values."""

from __future__ import annotations

from datetime import date

from finops_lib.sources.base import CostQuery
from finops_lib.sources.formats import Layout
from finops_lib.sources.sql.dialect import Fragment
from finops_lib.sources.sql.dimensions import dimension_filter, group_value, tag_values_statement

WINDOW = CostQuery(date(2026, 9, 1), date(2026, 9, 4))


def test_no_dimension_groups_by_an_empty_value(cur2: Layout) -> None:
    assert group_value(cur2, WINDOW).sql == "''"


def test_tags_are_read_from_each_formats_own_column(cur2: Layout, focus: Layout) -> None:
    tag = CostQuery(WINDOW.start, WINDOW.end, group_by="tag:team")
    assert "resource_tags" in group_value(cur2, tag).sql
    assert '"Tags"' in group_value(focus, tag).sql


def test_tag_filter_values_are_bound(focus: Layout) -> None:
    query = CostQuery(WINDOW.start, WINDOW.end, tags=(("team", ("web", "")),))
    found = dimension_filter(focus, query)
    assert "web" in found.params and "web" not in found.sql
    assert found.sql.count("?") == len(found.params)


def test_tag_values_pick_list_statement(cur2: Layout) -> None:
    statement = tag_values_statement(cur2, Fragment('"cur"'), WINDOW)
    assert statement is not None and statement.sql.count("?") == len(statement.params)
