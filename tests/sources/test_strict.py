"""Money is parsed strictly: a cost cell that is not a finite number is an error naming the
file, line and column (files source), or a counted failure in validation (the shared SQL)."""

from __future__ import annotations

import csv
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest

from finops_lib.errors import SourceError
from finops_lib.periods import plan_periods
from finops_lib.sources.files import _RELATIONS, FilesSource, _columns, open_path
from finops_lib.sources.formats import layout_for
from finops_lib.sources.sql.dialect import DUCKDB, Fragment
from finops_lib.sources.strict import is_money
from finops_lib.validation import validate
from tests.sources.test_files import SAMPLE, SEPTEMBER

BAD = ("$1,234.00", "abc", "1,5", "NaN", "inf")
ROOT = Path(__file__).resolve().parents[2]


def _broken(tmp_path: Path) -> tuple[Path, list[int]]:
    """The FOCUS sample with five AWS BilledCost cells made unreadable; their line numbers."""
    with SAMPLE.open(newline="") as handle:
        rows = list(csv.reader(handle))
    col, provider = rows[0].index("BilledCost"), rows[0].index("ProviderName")
    lines = [i for i, r in enumerate(rows) if i and r[provider] == "AWS"][3:8]
    for i, text in zip(lines, BAD, strict=True):
        rows[i][col] = text
    path = tmp_path / "broken.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path, [i + 1 for i in lines]


def test_plain_numbers_and_blanks_are_money_text_is_not() -> None:
    assert all(is_money(v) for v in ("", None, "NULL", "12.5", "-3e-4", " 7 "))
    assert not any(is_money(v) for v in (*BAD, "1_000", "12 USD"))


def test_unparseable_cells_stop_the_files_source_naming_file_line_and_column(
        tmp_path: Path) -> None:
    path, lines = _broken(tmp_path)
    with pytest.raises(SourceError) as caught:
        open_path(str(path))
    text = caught.value.one_line()
    assert f"{path} line {lines[0]}, column BilledCost: '$1,234.00' is not a number" in text
    assert "(5 unparseable cost cells)" in text and caught.value.exit_code == 2


def test_parquet_names_the_row_too(tmp_path: Path) -> None:
    path, lines = _broken(tmp_path)
    parquet = tmp_path / "broken.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{path}', all_varchar = true)) "
               f"TO '{parquet}' (FORMAT parquet)")
    row = lines[0] - 1  # Parquet has no header line: rows count from 1
    with pytest.raises(SourceError, match=rf"row {row}, column BilledCost: '\$1,234.00'"):
        open_path(str(parquet))


def test_the_command_exits_2_with_one_line(tmp_path: Path) -> None:
    path, _ = _broken(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "finops_lib", "dashboard", "--source", "files", "--path",
                           str(path), "--as-of", "2024-10-01", "--timeframe", "last-month"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert [ln for ln in proc.stderr.splitlines() if ln.strip()] == [
        ln for ln in proc.stderr.splitlines() if "unparseable cost cells" in ln]


def test_the_shared_sql_counts_them_and_validation_fails(tmp_path: Path) -> None:
    """What the athena source sees (same costs.sql): a count, never folded into a PASS."""
    path, _ = _broken(tmp_path)
    con = duckdb.connect(":memory:")
    relation = Fragment(_RELATIONS["csv"], ([str(path)],))
    layout = layout_for(_columns(con, relation, str(path)), DUCKDB)
    source = FilesSource(name="files", layout=layout, relation=relation, path=str(path),
                         files=(str(path),), connection=con)  # skips open_path's stop
    frame = source.costs(SEPTEMBER)
    assert source.unparseable_cells == 5
    plan = plan_periods("last-month", date(2024, 10, 1))
    result = validate("basic", frame, plan, SEPTEMBER, source)
    assert not result.passed
    check = next(c for c in result.checks if c.name == "every cost cell is a number")
    assert check.detail == "5 unparseable cost cells" and "FAILED" in result.badge


def test_the_clean_sample_passes_the_check() -> None:
    source = open_path(str(SAMPLE))
    frame = source.costs(SEPTEMBER)
    result = validate("basic", frame, plan_periods("last-month", date(2024, 10, 1)),
                      SEPTEMBER, source)
    assert source.unparseable_cells == 0
    assert next(c for c in result.checks if c.name == "every cost cell is a number").passed


@pytest.mark.parametrize(("metric", "column"), [("net-unblended", "BilledCost"),
                                                ("net-amortized", "EffectiveCost")])
def test_net_metrics_on_focus_say_which_column_they_read(metric: str, column: str) -> None:
    source = open_path(str(SAMPLE), metric)
    source.costs(replace(SEPTEMBER, metric=metric))
    assert any(n.startswith(f"{metric} on FOCUS data reads {column}") for n in source.notices)
