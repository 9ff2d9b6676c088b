"""SQL templates: slots filled in order, values bound as parameters, identifiers checked."""

from __future__ import annotations

from datetime import date

import pytest

from finops_lib.errors import SourceError
from finops_lib.sources.sql.dialect import ATHENA, DUCKDB, Fragment, in_list, load, quote_ident, render


def test_templates_lose_their_comment_lines() -> None:
    assert not any(line.lstrip().startswith("--") for line in load("total").splitlines())


def test_in_list_binds_every_value() -> None:
    assert in_list("service", ()) == Fragment("")
    found = in_list("service", ("EC2", "x'); DROP TABLE t; --"))
    assert found.sql == "AND service IN (?, ?)"
    assert found.params == ("EC2", "x'); DROP TABLE t; --")


def test_render_refuses_a_missing_slot() -> None:
    with pytest.raises(KeyError, match="no value for slot"):
        render("total", {})


def test_identifiers_are_checked() -> None:
    assert quote_ident("lineItem/UnblendedCost") == '"lineItem/UnblendedCost"'
    with pytest.raises(SourceError, match="unsupported column name"):
        quote_ident('cost"; DROP')
    assert ATHENA.ident("line_item_unblended_cost") == "line_item_unblended_cost"
    assert DUCKDB.ident("Tags") == '"Tags"'
    with pytest.raises(SourceError, match="Athena table"):
        ATHENA.ident("lineItem/UnblendedCost")


def test_athena_parameters_are_escaped_literals() -> None:
    assert ATHENA.execution_parameters(("it's", 3, 1.5, True, date(2026, 9, 1))) == [
        "'it''s'", "3", "1.5", "true", "'2026-09-01'"]
