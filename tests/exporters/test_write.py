"""Writing exports: all-or-nothing, named by mode, scope, as-of and time, no temporary file
left behind, a clear error for an unwritable folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from finops_lib.dashboard import build_report
from finops_lib.errors import ExportError
from finops_lib.exporters import EXPORTERS, Exporter, write_exports
from finops_lib.options import resolve

AS_OF = "2026-11-26"


def test_write_is_atomic_and_names_files_by_mode_scope_as_of_and_time(tmp_path: Path) -> None:
    report = build_report(resolve("executive", {"as_of": AS_OF}))
    paths = write_exports(report, ["csv", "json", "markdown"], tmp_path / "out")
    names = sorted(p.name for p in paths)
    day = AS_OF.replace("-", "")
    assert all(n.startswith(f"finops-executive-org-asof{day}-"
                            f"{report.generated_at:%Y%m%dT%H%M%SZ}") for n in names)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == names  # no temp files left


def test_a_failing_format_leaves_no_file(tmp_path: Path, monkeypatch) -> None:
    report = build_report(resolve("executive", {"as_of": AS_OF}))

    def broken(_report):
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(EXPORTERS, "markdown", Exporter("markdown", broken))
    with pytest.raises(OSError):
        write_exports(report, ["csv", "json", "markdown"], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_rename_rolls_back_the_files_already_placed(tmp_path: Path,
                                                              monkeypatch) -> None:
    import os

    report = build_report(resolve("executive", {"as_of": AS_OF}))
    real, calls = os.link, []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "link", flaky)
    with pytest.raises(ExportError, match="No space left"):
        write_exports(report, ["csv", "json", "markdown"], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output_dir_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    report = build_report(resolve("executive", {"as_of": AS_OF}))
    with pytest.raises(ExportError, match="cannot write to --output-dir"):
        write_exports(report, ["json"], blocker / "sub")
