"""Coercion per option kind: bad values are one-line errors, lists accept repeats and commas."""

from __future__ import annotations

import pytest

from finops_lib.errors import OptionError
from finops_lib.option_kinds import split_items
from finops_lib.options import option, resolve

AS_OF = {"as_of": "2026-11-26"}


@pytest.mark.parametrize(("name", "value", "message"), [
    ("month", "2026-13", "not a month"),
    ("top_n", "-1", "below 0"),
    ("top_n", "ten", "is not a number"),
    ("cost_threshold", "-5", "below 0"),
    ("timeframe", "yearly", "is not one of"),
    ("filter", ["cost=>5"], "cannot read"),
    ("as_of", "26/11/2026", "not a date"),
    ("export", "docx", "is not one of"),
])
def test_bad_values_are_one_line_option_errors(name: str, value: object, message: str) -> None:
    with pytest.raises(OptionError, match=message) as info:
        resolve("architect", {**AS_OF, name: value})
    assert "\n" not in info.value.one_line()


def test_export_accepts_repeats_and_comma_lists() -> None:
    opts = resolve("sre", {**AS_OF, "export": ["csv,json", "markdown", "json"]})
    assert opts.export == ("csv", "json", "markdown")


def test_split_items_reads_comma_lists_and_repeats() -> None:
    assert split_items(["a, b", "", " c"]) == ["a", "b", "c"]
    assert split_items(None) == []


def test_coerce_canonicalises_raw_and_typed_values() -> None:
    assert option("top_n").coerce("10") == 10
    assert option("screenshot").coerce("yes") is True
    assert option("timeframe").coerce(" Weekly ") == "weekly"
