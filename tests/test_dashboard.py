"""The one entry point: options in, the persona's report out; exports refused whole when
strict validation failed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from finops_lib.dashboard import build_report, check_strict, export_report
from finops_lib.errors import ValidationFailed
from finops_lib.options import MODES, resolve
from finops_lib.report import Check, Report

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
