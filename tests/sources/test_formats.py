"""Telling FOCUS, CUR 2.0 and legacy CUR apart by their columns, and the layout they give."""

from __future__ import annotations

import pytest

from finops_lib.errors import OptionError, SourceError
from finops_lib.sources.formats import detect_format, layout_for, legacy_to_snake
from finops_lib.sources.sql.dialect import DUCKDB

CUR_COLUMNS = ["line_item_unblended_cost", "line_item_usage_start_date",
               "line_item_usage_account_id", "line_item_product_code", "product_product_name"]
FOCUS_COLUMNS = ["BilledCost", "ChargePeriodStart", "ServiceName", "SubAccountId",
                 "EffectiveCost"]


def test_legacy_athena_style_snake_case_detected() -> None:
    assert detect_format(CUR_COLUMNS) == "cur-legacy"
    assert detect_format([*CUR_COLUMNS, "line_item_usage_account_name"]) == "cur2"


def test_focus_is_told_by_its_columns_whatever_their_case() -> None:
    assert detect_format([c.lower() for c in FOCUS_COLUMNS]) == "focus"


def test_legacy_csv_headers_read_under_their_athena_names() -> None:
    assert legacy_to_snake("lineItem/UsageStartDate") == "line_item_usage_start_date"
    headers = ["lineItem/UnblendedCost", "lineItem/UsageStartDate", "lineItem/UsageAccountId",
               "lineItem/ProductCode"]
    assert detect_format(headers) == "cur-legacy"


def test_other_columns_are_one_line_source_error() -> None:
    with pytest.raises(SourceError, match=r"neither FOCUS 1\.x nor CUR") as info:
        detect_format(["date", "cost"])
    assert "\n" not in str(info.value)


def test_layout_names_its_format_and_refuses_blended_on_focus() -> None:
    layout = layout_for(FOCUS_COLUMNS, DUCKDB)
    assert layout.label == "FOCUS 1.x" and layout.is_focus
    with pytest.raises(OptionError, match="blended"):
        layout.amount("blended")
    assert "line_item_unblended_cost" in layout_for(CUR_COLUMNS, DUCKDB).amount("unblended")
