"""Allocation dimensions of a FOCUS/CUR table: tag values, cost categories and usage types.

Where the formats keep them:

- tag KEY: FOCUS `Tags` (JSON or map); CUR 2.0 `resource_tags` map, key `user_KEY` (or KEY);
  legacy CUR a `resourceTags/user:KEY` column.
- cost category NAME: FOCUS `x_CostCategories` (AWS's FOCUS export); CUR 2.0 `cost_category`
  map; legacy CUR a `costCategory/NAME` column.
- usage type: FOCUS `x_UsageType` (AWS); CUR `line_item_usage_type`.

The key or name a user asks for is always a bound parameter (a JSON path or map key); only
column names validated by the Layout become SQL text. A value the data lacks is NULL, which the
report shows as "untagged" / "uncategorized".
"""

from __future__ import annotations

from ..base import CostQuery
from ..formats import Layout
from .dialect import Fragment, render

__all__ = ["dimension_filter", "group_value", "tag_values_statement"]

MAX_TAG_PAIRS = 500  # a pick-list longer than this helps nobody
MAX_VALUES_PER_KEY = 30

_NULL = Fragment("CAST(NULL AS VARCHAR)")


def _keyed(layout: Layout, column: str, keys: tuple[str, ...]) -> Fragment:
    """The first non-empty value of `keys` in a JSON text or map column."""
    ref = layout.col(column)
    if layout.dialect.name == "athena":  # Glue types these columns map<string,string>
        parts = [f"NULLIF(element_at({ref}, ?), '')" for _ in keys]
        params: tuple[str, ...] = keys
    else:  # DuckDB: a MAP casts to JSON and JSON text parses; anything else is NULL
        parts = [f"NULLIF(json_extract_string(TRY_CAST({ref} AS JSON), ?), '')" for _ in keys]
        params = tuple('$."' + k.replace('"', "") + '"' for k in keys)
    sql = parts[0] if len(parts) == 1 else "COALESCE(" + ", ".join(parts) + ")"
    return Fragment(sql, params)


def _column_per_key(layout: Layout, names: tuple[str, ...]) -> Fragment | None:
    for name in names:
        if layout.has(name):
            return Fragment(layout.text(name))
    return None


def tag_value(layout: Layout, key: str) -> Fragment:
    """The value of tag `key` on each line (NULL when untagged)."""
    if layout.is_focus:
        return _keyed(layout, "Tags", (key,)) if layout.has("Tags") else _NULL
    if layout.has("resource_tags"):
        return _keyed(layout, "resource_tags", (f"user_{key}", key))
    lower = key.lower()
    found = _column_per_key(layout, (f"resource_tags_user:{lower}", f"resource_tags_user_{lower}",
                                     f"resource_tags_{lower}"))
    return found or _NULL


def category_value(layout: Layout, name: str) -> Fragment:
    """The value of cost category `name` on each line (NULL when uncategorized)."""
    if layout.is_focus:
        return _keyed(layout, "x_CostCategories", (name,)) if layout.has(
            "x_CostCategories") else _NULL
    if layout.has("cost_category"):
        return _keyed(layout, "cost_category", (name,))
    snake = name.lower().replace(" ", "_")
    return _column_per_key(layout, (f"cost_category_{snake}",)) or _NULL


def usage_type(layout: Layout) -> Fragment:
    """The usage type of each line (NULL when the format has none)."""
    name = "x_UsageType" if layout.is_focus else "line_item_usage_type"
    return Fragment(layout.text(name)) if layout.has(name) else _NULL


def group_value(layout: Layout, query: CostQuery) -> Fragment:
    """The expression for the query's `group_by` dimension ('' when it has none)."""
    if query.group_kind == "tag":
        return tag_value(layout, query.group_key)
    if query.group_kind == "cost-category":
        return category_value(layout, query.group_key)
    if query.group_kind == "usage-type":
        return usage_type(layout)
    return Fragment("''")


def dimension_filter(layout: Layout, query: CostQuery) -> Fragment:
    """`AND COALESCE(tag, '') IN (?, …)` per tag / cost-category filter of the query."""
    sql: list[str] = []
    params: list[str] = []
    pairs = [(tag_value(layout, k), v) for k, v in query.tags] + [
        (category_value(layout, n), v) for n, v in query.cost_categories]
    for expr, values in pairs:
        sql.append(f"AND COALESCE({expr.sql}, '') IN ({', '.join('?' for _ in values)})")
        params += [*expr.params, *values]
    return Fragment(" ".join(sql), tuple(params))


def tag_values_statement(layout: Layout, relation: Fragment, query: CostQuery) -> Fragment | None:
    """Distinct tag (key, value) pairs of the JSON tags column (None: DuckDB JSON only)."""
    column = "Tags" if layout.is_focus else "resource_tags"
    if layout.dialect.name != "duckdb" or not layout.has(column):
        return None
    return render("tag_values", {
        "tags": layout.col(column), "relation": relation, "usage_ts": layout.usage_ts,
        "start": Fragment("CAST(? AS TIMESTAMP)", (f"{query.start.isoformat()} 00:00:00",)),
        "end": Fragment("CAST(? AS TIMESTAMP)", (f"{query.end.isoformat()} 00:00:00",)),
        "aws_only": layout.aws_only, "limit": str(MAX_TAG_PAIRS),
        "per_key": str(MAX_VALUES_PER_KEY)})
