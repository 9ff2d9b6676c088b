"""Bad flags: each is refused at the option declaration with exit 2 and one line that says
what is wrong (long values cut), before any data is fetched or any file is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from .hostile import AS_OF, assert_empty_or_complete, one_line_failure, run_cli

LONG = "x" * 100_000

# (flags, words the one line must contain)
BAD_FLAGS: list[tuple[tuple[str, ...], str]] = [
    (("--spike-threshold", "nan"), "not a finite number"),
    (("--spike-threshold", "inf"), "not a finite number"),
    (("--spike-threshold=-inf",), "not a finite number"),
    (("--spike-threshold", "1e999"), "not a finite number"),
    (("--spike-threshold", "1e9"), "above"),
    (("--spike-threshold", "-1"), "below 0"),
    (("--watch-threshold", "NaN"), "not a finite number"),
    (("--watch-threshold", "50", "--spike-threshold", "20"), "must be at least"),
    (("--cost-threshold", "nan"), "not a finite number"),
    (("--cost-threshold", "Infinity"), "not a finite number"),
    (("--cost-threshold", "1e308"), "above"),
    (("--cost-threshold", "-0.01"), "below 0"),
    (("--cost-threshold", "twelve dollars"), "not a number"),
    (("--anomaly-min-percent", "nan"), "not a finite number"),
    (("--anomaly-min-dollars", "inf"), "not a finite number"),
    (("--baseline-weeks", "100000000"), "above 52"),
    (("--baseline-weeks", "1"), "below 2"),
    (("--baseline-weeks", "2.5"), "not a whole number"),
    (("--baseline-weeks", "nan"), "not a finite number"),
    (("--top-n", "-1"), "below 0"),
    (("--top-n", "1e12"), "above"),
    (("--top-n", "ten"), "not a number"),
    (("--month", "0000-01"), "before 2000-01"),
    (("--month", "1999-12"), "before 2000-01"),
    (("--month", "2026-13"), "not a month"),
    (("--month", "2026-1"), "not a month"),
    (("--month", "9999-01"), "after --as-of"),
    (("--as-of", "1900-01-01"), "before 2000-01-01"),
    (("--as-of", "0001-01-01"), "before 2000-01-01"),
    (("--as-of", "9999-12-31"), "in the future"),
    (("--as-of", "2026-02-30"), "not a date"),
    (("--as-of", "yesterday"), "not a date"),
    (("--timeframe", "yearly"), "is not one of"),
    (("--source", "ftp"), "is not one of"),
    (("--cost-metric", "cheapest"), "is not one of"),
    (("--filter", "cost=>5"), "cannot read"),
    (("--filter", "colour:red"), "cannot read"),
    (("--filter", "region:"), "cannot read"),
    (("--services", "Nope"), "unknown service"),
    (("--export", "xlsx"), "is not one of"),
    (("--assume-role-name", "bad role!"), "not an IAM role name"),
    (("--profile", "a", "--all-profile", "b"), "cannot be used together"),
    (("--source", "files"), "needs --path"),
    (("--path", "/nonexistent/finops/x.csv", "--source", "files"), "/nonexistent"),
    (("--timeframe", "hourly", "--source", "files", "--path", "x.csv"), "not available"),
    (("--activity-param", "E2.nope=1"), "E2"),
    (("--month", LONG), "characters"),
    (("--filter", LONG), "characters"),
    (("--timeframe", LONG), "characters"),
    (("--assume-role-name", LONG), "characters"),
]


@pytest.mark.parametrize(("flags", "words"), BAD_FLAGS,
                         ids=[" ".join(f)[:40] for f, _ in BAD_FLAGS])
def test_bad_flag_is_exit_2_one_line_and_writes_nothing(flags: tuple[str, ...], words: str,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = run_cli("dashboard", "--as-of", AS_OF, *flags, "--export", "csv,json",
                  "--output-dir", str(out), "--no-activity-analysis")
    line = one_line_failure(run)
    assert words in line
    assert LONG not in line
    assert assert_empty_or_complete(out) == 0


@pytest.mark.parametrize("mode", ["executive", "architect", "sre"])
@pytest.mark.parametrize("flag", ["region:xx-nowhere-9", "account:000000000000"])
def test_filters_matching_nothing_are_an_empty_report_not_a_crash(mode: str, flag: str,
                                                                 tmp_path: Path) -> None:
    run = run_cli("dashboard", "--mode", mode, "--as-of", AS_OF, "--filter", flag,
                  "--export", "csv,json", "--output-dir", str(tmp_path), "--no-activity-analysis")
    assert run.code == 0, run.stderr
    assert "No cost matched the filters" in run.stdout
    assert run.stderr == ""
    assert assert_empty_or_complete(tmp_path) == 1


# file name -> (bytes, words the one line must contain)
BAD_FILES: dict[str, tuple[bytes | None, str]] = {
    "wrong-columns.csv": (b"a,b\n1,2\n", "neither FOCUS 1.x nor CUR"),
    "empty.csv": (b"", "the file is empty"),
    "garbage.csv": (bytes(range(256)) * 12, "not a readable"),
    "bad.parquet": (b"PK\x03\x04junk", "not a readable"),
    "empty-folder": (None, "no Parquet or CSV files found"),
    "missing.csv": (b"-", "no such file or folder"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_cost_files_are_exit_2_one_line(name: str, tmp_path: Path) -> None:
    data, words = BAD_FILES[name]
    target = tmp_path / name
    if data is None:
        target.mkdir()
    elif data != b"-":
        target.write_bytes(data)
    out = tmp_path / "out"
    run = run_cli("dashboard", "--as-of", AS_OF, "--source", "files", "--path", str(target),
                  "--export", "csv,json", "--output-dir", str(out), "--no-activity-analysis")
    assert words in one_line_failure(run)
    assert assert_empty_or_complete(out) == 0


@pytest.mark.parametrize("flags", [("--source", "files", "--path"), ("--accounts",),
                                   ("--services",), ("--profile",)])
def test_a_100000_character_value_is_cut_in_the_message(flags: tuple[str, ...],
                                                        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    run = run_cli("dashboard", "--as-of", AS_OF, *flags, LONG, "--no-activity-analysis")
    line = one_line_failure(run)
    assert LONG[:1000] not in line and "characters" in line
