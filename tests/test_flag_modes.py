"""Every flag means one thing in every mode: each display and table flag value is rendered for
each persona, and the output differs from the default wherever the flag is meant to change it."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.report import Report
from finops_lib.terminal import render_terminal

AS_OF = "2026-11-26"
MODES = ("executive", "architect", "sre")
DISPLAY = {"output_format": ("table", "tree", "both"),
           "summary_mode": ("table", "tree", "both", "none")}
REBUILT = {"sort_by": ("current", "previous", "change"), "cost_threshold": (20000.0,),
           "top_n": (3,)}
_BUILT: dict[tuple[str, str, Any], Report] = {}


def _report(mode: str, flag: str = "", value: Any = None) -> Report:
    key = (mode, flag, value)
    if key not in _BUILT:
        given: dict[str, Any] = {"as_of": AS_OF, "validation_level": "basic",
                                 "activity_analysis": False}
        if flag:
            given[flag] = value
        _BUILT[key] = build_report(resolve(mode, given))
    return _BUILT[key]


def _text(report: Report, verbose: bool = False) -> str:
    buffer = io.StringIO()
    render_terminal(report, Console(file=buffer, width=400, color_system=None), verbose)
    return buffer.getvalue()


def _titles(text: str) -> set[str]:
    wanted = ("Cost by category", "Categories", "Cost by service", "Change status",
              "Changes by category", "Cost anomalies", "Cost by account")
    return {w for w in wanted if w in text}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("flag", "value"), [(f, v) for f, vs in DISPLAY.items() for v in vs])
def test_display_flags_change_what_is_drawn(mode: str, flag: str, value: str) -> None:
    base = _report(mode)
    shown = replace(base, options=base.options.replace(**{flag: value}))
    text, default = _text(shown), _text(base)
    assert (text != default) == (value != base.options[flag]), (mode, flag, value)
    titles = _titles(text)
    if flag == "output_format":
        detail_table = "Change status" if mode == "sre" else "Cost by service"
        assert (detail_table in titles) == (value in ("table", "both"))
        if mode == "sre":
            assert ("Changes by category" in titles) == (value in ("tree", "both"))
        elif shown.options.summary_mode in ("none", "table"):  # no summary tree drawn
            assert ("(prev " in text) == (value in ("tree", "both"))
    elif shown.options.output_format == "table":  # no detail tree of the same title
        assert ("Cost by category" in titles) == (value in ("table", "both"))
        assert ("Categories" in titles) == (value in ("tree", "both"))
    if mode == "sre":
        assert "Cost anomalies" in titles  # the point of the report, in every format


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("flag", "value"), [(f, v) for f, vs in REBUILT.items() for v in vs])
def test_table_flags_change_the_tables(mode: str, flag: str, value: Any) -> None:
    base, changed = _report(mode), _report(mode, flag, value)
    if value == base.options[flag]:
        assert _text(changed) == _text(base) or flag != "sort_by"
        return
    key = "change_status" if mode == "sre" else "services"
    before, after = base.table(key), changed.table(key)
    assert before is not None and after is not None
    assert [dict(r) for r in after.rows] != [dict(r) for r in before.rows], (mode, flag)
    if flag == "sort_by" and mode != "sre":
        values = [abs(r["change"]) if value == "change" else r[value] for r in after.rows
                  if not str(r["service"]).startswith("Others (")]
        assert values == sorted(values, reverse=True)
    if flag == "cost_threshold":
        assert "20,000.00 in both periods" in after.note and " rows under " in after.note
        assert all(max(abs(r["current"]), abs(r["previous"])) >= 20000 for r in after.rows
                   if not str(r[after.columns[0].key]).startswith("Others ("))
    if flag == "top_n":
        assert len(after.rows) <= 4


def test_sre_actions_are_visible_short_and_full_with_verbose() -> None:
    report = _report("sre")
    short, full = _text(report), _text(report, verbose=True)
    assert "Investigate now" in short and "Cost Explorer by usage type" not in short
    assert "Cost Explorer by usage type" in full


def test_sre_change_percent_keeps_full_precision_and_status_is_derivable() -> None:
    rows = _report("sre").table("change_status").rows
    from finops_lib.changes import StatusRules, classify

    rules = StatusRules(20.0, 10.0, 0.0)
    assert all(classify(r["current"], r["previous"], rules) == r["status"] for r in rows)
    assert any(r["change_pct"] is not None and round(r["change_pct"], 2) != r["change_pct"]
               for r in rows)


def test_every_flag_is_explained_for_every_mode() -> None:
    from finops_lib.flag_modes import FLAG_MODES, flag_modes_markdown

    assert all(set(modes) == set(MODES) for _, modes in FLAG_MODES.values())
    assert {f"--{f.replace('_', '-')}" for f in (*DISPLAY, *REBUILT)} <= set(FLAG_MODES)
    assert flag_modes_markdown().count("\n") == len(FLAG_MODES) + 1


# The printed pack (PDF, and the PNG shot from the same page) follows the same display flags:
# one PDF per case, read back with pdftotext, the kind of each section told by its header row
# (tables head with their first column, e.g. CATEGORY; trees with ITEM … ITEMS).
PDF_CASES = [("sre", "", None), ("sre", "output_format", "tree"), ("sre", "output_format", "both"),
             ("sre", "summary_mode", "table"), ("sre", "summary_mode", "tree"),
             ("executive", "output_format", "tree"), ("architect", "summary_mode", "none")]


def _pdf_sections(report: Report, tmp_path: Path) -> set[tuple[str, str]]:
    """(title, 'table' | 'tree') of every section the PDF prints, read back with pdftotext."""
    from finops_lib.exporters import render

    path = tmp_path / "pack.pdf"
    path.write_bytes(render(report, "pdf")[0][1])
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    titles = {t.title for t in (*report.tables, *report.trees)}
    return {(line, "tree" if nxt.startswith("ITEM ") else "table")
            for line, nxt in pairwise(lines) if line in titles}


@pytest.mark.skipif(not (shutil.which("wkhtmltopdf") and shutil.which("pdftotext")),
                    reason="needs wkhtmltopdf and poppler-utils")
@pytest.mark.parametrize(("mode", "flag", "value"), PDF_CASES)
def test_the_pdf_pack_follows_the_display_flags(mode: str, flag: str, value: str | None,
                                                tmp_path: Path) -> None:
    base = _report(mode)
    shown = replace(base, options=base.options.replace(**{flag: value})) if flag else base
    got = _pdf_sections(shown, tmp_path)
    fmt, summary = shown.options.output_format, shown.options.summary_mode
    detail = "Change status" if mode == "sre" else "Cost by service"
    assert ((detail, "table") in got) == (fmt in ("table", "both")), got
    if mode == "sre":
        assert (("Changes by category", "tree") in got) == (fmt in ("tree", "both")), got
        assert ("Cost anomalies (expected vs actual)", "table") in got  # always, as in the terminal
    assert (("Cost by category", "table") in got) == (summary in ("table", "both")), got
    assert (("Cost by category", "tree") in got) == (
        summary in ("tree", "both") or fmt in ("tree", "both")), got
