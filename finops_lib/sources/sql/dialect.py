"""SQL templates with bound parameters, and the one place DuckDB and Athena differ.

A template's `{slot}`s are filled only with `Fragment`s built from code constants and validated
column identifiers; every value that comes from the user (dates, account ids, service names,
file paths) travels as a bound `?` parameter, collected in textual order. DuckDB receives the
parameters as typed values; Athena receives them as `ExecutionParameters`, which it substitutes
as SQL literals, so `Dialect.execution_parameters` renders each value as a quoted literal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from ...errors import SourceError

__all__ = ["ATHENA", "DUCKDB", "Dialect", "Fragment", "in_list", "load", "quote_ident", "render"]

_SLOT = re.compile(r"\{(\w+)\}")
# Column names as they appear in FOCUS, CUR 2.0 and legacy CUR ("lineItem/UnblendedCost").
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_/:.\- ]*$")


@dataclass(frozen=True)
class Fragment:
    """A piece of SQL and the parameters its `?` placeholders bind, in order."""

    sql: str
    params: tuple[Any, ...] = field(default_factory=tuple)


@cache
def load(name: str) -> str:
    """The text of `sql/<name>.sql` without its full-line `--` comments (sent SQL stays short)."""
    text = resources.files(__package__).joinpath(f"{name}.sql").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))


def render(name: str, slots: dict[str, Fragment | str]) -> Fragment:
    """Fill a template's `{slot}`s; parameters are gathered in the order the slots appear."""
    text = load(name)
    params: list[Any] = []

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in slots:
            raise KeyError(f"{name}.sql: no value for slot {{{key}}}")
        value = slots[key]
        if isinstance(value, str):
            return value
        params.extend(value.params)
        return value.sql

    sql = _SLOT.sub(fill, text)
    if sql.count("?") != len(params):
        raise AssertionError(f"{name}.sql: {sql.count('?')} placeholders, {len(params)} params")
    return Fragment(sql, tuple(params))


def quote_ident(name: str) -> str:
    """A double-quoted identifier; only plain column-name characters are accepted."""
    if not _IDENT.match(name) or '"' in name:
        raise SourceError(f"unsupported column name {name!r} in the cost data")
    return '"' + name + '"'


def in_list(expr: str, values: tuple[str, ...]) -> Fragment:
    """`AND expr IN (?, …)` for a non-empty filter, nothing for an empty one."""
    if not values:
        return Fragment("")
    marks = ", ".join("?" for _ in values)
    return Fragment(f"AND {expr} IN ({marks})", tuple(values))


@dataclass(frozen=True)
class Dialect:
    """What differs between the engines: the relation read and how parameters are sent."""

    name: str
    quote_identifiers: bool

    def ident(self, name: str) -> str:
        """A column reference. Athena lower-cases Glue column names, so it gets them bare."""
        if self.quote_identifiers:
            return quote_ident(name)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise SourceError(f"unsupported column name {name!r} in the Athena table")
        return name

    def execution_parameters(self, params: tuple[Any, ...]) -> list[str]:
        """Athena ExecutionParameters: each value as the SQL literal Athena substitutes."""
        return [_literal(value) for value in params]


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, date):
        value = value.isoformat()
    return "'" + str(value).replace("'", "''") + "'"


DUCKDB = Dialect("duckdb", quote_identifiers=True)
ATHENA = Dialect("athena", quote_identifiers=False)
