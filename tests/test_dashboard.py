"""The one entry point: options in, the persona's report out; exports refused whole when
strict validation failed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from finops_lib.dashboard import build_report, build_staged, check_strict, export_report, finish
from finops_lib.errors import ValidationFailed
from finops_lib.options import MODES, resolve
from finops_lib.report import Check, Report
from tests.slow_scan import install as install_slow_scan

AS_OF = "2026-11-26"


@pytest.fixture(scope="module")
def strict() -> Report:
    return build_report(resolve("executive", {"as_of": AS_OF, "validation_level": "strict",
                                              "activity_analysis": False}))


@pytest.mark.parametrize("mode", MODES)
def test_each_mode_builds_its_persona_report(mode: str) -> None:
    report = build_report(resolve(mode, {"as_of": AS_OF, "activity_analysis": False}))
    assert report.mode == mode and not report.frame.empty and report.kpis


def test_a_passing_strict_report_exports(strict: Report, tmp_path: Path) -> None:
    assert strict.validation is not None and strict.validation.passed
    check_strict(strict)
    written = export_report(strict, ["json"], tmp_path)
    assert [p.suffix for p in written] == [".json"] and written[0].exists()
    assert export_report(strict, [], tmp_path) == []


def test_a_failed_strict_report_is_never_exported(strict: Report, tmp_path: Path) -> None:
    assert strict.validation is not None
    failed = replace(strict, validation=replace(
        strict.validation, checks=(Check("days", False, "2 days missing"),)))
    with pytest.raises(ValidationFailed, match=r"strict validation failed: days \(2 days"):
        export_report(failed, ["json", "csv"], tmp_path)
    assert list(tmp_path.iterdir()) == []


def _same_report(one: Report, other: Report) -> None:
    """Every field equal but the build time (the frame compares apart: a DataFrame)."""
    for name in Report.__dataclass_fields__:
        if name not in ("generated_at", "frame"):
            assert getattr(one, name) == getattr(other, name), name


@pytest.mark.parametrize("mode", ["executive", "sre"])
def test_a_cold_scan_is_staged_and_finishing_it_is_the_full_report(
        mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scan = install_slow_scan(monkeypatch)
    opts = resolve(mode, {"as_of": AS_OF, "activity_analysis": True})
    monkeypatch.setenv("FINOPS_CACHE_DIR", str(tmp_path / "one"))
    expected = build_report(opts)
    monkeypatch.setenv("FINOPS_CACHE_DIR", str(tmp_path / "two"))  # cold again

    staged = build_staged(opts)

    assert staged.cold() and scan.runs == 1  # planned, not run
    assert staged.scan.size == "9 accounts × every enabled region"
    assert staged.report.table("activity_resources") is None and not staged.report.tree("activity")
    full = finish(staged)
    assert scan.runs == 2 and not staged.cold()  # stored: a later run reads it
    assert full.table("activity_resources") is not None
    assert staged.report.kpis == full.kpis  # the figures drawn first are the final ones
    _same_report(full, expected)
    assert full.extra["request_log"][-2:] == ["ec2: 3 request(s) by the activity analysis",
                                              "cloudwatch: 2 request(s) by the activity analysis"]


def test_a_stored_scan_or_the_architect_builds_in_one_step(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scan = install_slow_scan(monkeypatch)
    monkeypatch.setenv("FINOPS_CACHE_DIR", str(tmp_path))
    executive = resolve("executive", {"as_of": AS_OF})
    # the architect's recommendations and map read the activity result: never staged
    architect = build_staged(resolve("architect", {"as_of": AS_OF, "activity_analysis": True}))
    assert architect.scan is None and architect.report.table("activity_resources")
    assert scan.runs == 1
    warm = build_staged(executive)  # the architect's scan is the executive's: stored
    assert warm.scan is None and not warm.cold() and scan.runs == 1
    assert warm.report.table("activity_resources") is not None
    assert finish(warm) is warm.report
    off = build_staged(resolve("executive", {"as_of": AS_OF, "activity_analysis": False}))
    assert off.scan is None and off.report.table("activity_resources") is None


def test_no_cache_stages_even_a_stored_scan(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    scan = install_slow_scan(monkeypatch)
    monkeypatch.setenv("FINOPS_CACHE_DIR", str(tmp_path))
    build_report(resolve("executive", {"as_of": AS_OF}))
    staged = build_staged(resolve("executive", {"as_of": AS_OF, "no_cache": True}))
    assert staged.cold() and scan.runs == 1  # --no-cache scans again, so it is drawn first
    finish(staged)
    assert scan.runs == 2
