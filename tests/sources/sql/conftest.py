"""Layouts of the CUR 2.0 and FOCUS 1.0 fixtures, for the SQL builders' tests."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from finops_lib.sources.formats import Layout, layout_for
from finops_lib.sources.sql.dialect import DUCKDB

FIXTURES = Path(__file__).parents[2] / "fixtures"


def _header(path: Path) -> list[str]:
    with path.open(newline="") as handle:
        return next(csv.reader(handle))


@pytest.fixture(scope="module")
def cur2() -> Layout:
    return layout_for(_header(FIXTURES / "cur" / "cur2_sample.csv"), DUCKDB)


@pytest.fixture(scope="module")
def focus() -> Layout:
    return layout_for(_header(FIXTURES / "focus-sample-1.0" / "focus_sample.csv"), DUCKDB)
