"""finops_lib.terminal: the report drawn with rich, display options and --verbose respected."""

from __future__ import annotations

import io

from rich.console import Console

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.terminal import render_terminal, short

AS_OF = "2026-11-26"


def _text(mode: str, verbose: bool = False, **params: object) -> str:
    out = io.StringIO()
    report = build_report(resolve(mode, {"as_of": AS_OF, **params}))
    render_terminal(report, Console(file=out, width=220, color_system=None), verbose=verbose)
    return out.getvalue()


def test_header_figures_tables_and_the_request_count() -> None:
    text = _text("executive")
    assert "Executive cost summary" in text and "Key figures" in text
    assert "Cost by service" in text and "Top movers" in text
    assert "Validation basic: PASSED" in text
    assert text.rstrip().endswith("Cost Explorer requests: 0")


def test_tree_output_draws_the_category_tree_instead_of_the_table() -> None:
    text = _text("architect", output_format="tree", summary_mode="tree")
    assert "Cost by service" not in text and "Categories" in text


def test_actions_are_short_unless_verbose() -> None:
    action = "Investigate now: find the change that raised the cost; see the runbook."
    assert short(action) == "Investigate now"
    assert "Investigate now:" not in _text("sre")
    assert "Investigate now:" in _text("sre", verbose=True)
