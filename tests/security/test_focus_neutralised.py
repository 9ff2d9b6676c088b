"""The FOCUS export quotes every bill-derived cell a spreadsheet would run as a formula, and
keeps its own money and time cells (negative credits included) as plain numbers."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest

from finops_lib.exporters.focus import FOCUS_COLUMNS, render_focus
from finops_lib.sources.base import normalise_frame

FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)", "\tTAB", "\rCR"]


@pytest.mark.parametrize("formula", FORMULAS)
@pytest.mark.parametrize("field", ["service", "account_name", "account_id", "region"])
def test_formula_cells_are_quoted(formula: str, field: str) -> None:
    row = {"date": date(2026, 11, 2), "account_id": "111111111111", "account_name": "ops",
           "service": "Amazon EC2", "region": "us-east-1", "amount": -12.5,
           "currency": "USD", "estimated": False}
    frame = normalise_frame(pd.DataFrame([{**row, field: formula}]))
    (out,) = list(csv.DictReader(io.StringIO(render_focus(frame).decode(), newline="")))
    for column in FOCUS_COLUMNS:
        assert not out[column].startswith(("=", "+", "@", "\t", "\r")), (column, out[column])
        if out[column].startswith("-"):
            assert column in ("BilledCost", "EffectiveCost", "ListCost", "ContractedCost")
    assert out["BilledCost"] == "-12.5000000000"  # a credit stays a number
    assert formula.strip() in out["ServiceName"] + out["SubAccountName"] + \
        out["SubAccountId"] + out["RegionId"] + out["ChargeDescription"]
