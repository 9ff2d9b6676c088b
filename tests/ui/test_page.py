"""persona_page: sidebar, the cached report's figures to the cent, details, downloads and the
share box; options that do not resolve leave only the reason; a cold activity scan runs after
the cost figures are drawn."""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import ElementTree, parse_tree_from_messages

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.ui import page
from finops_lib.ui.progressive import ONE_PASS_KEY, READY, drawn_flag
from finops_lib.ui.render import kpi_card_value
from tests.slow_scan import install as install_slow_scan

AS_OF = "2026-11-26"


def _page(mode: str) -> None:
    from finops_lib.ui.page import persona_page

    persona_page(mode)


def _open(params: dict[str, str], mode: str = "executive") -> AppTest:
    at = AppTest.from_function(_page, args=(mode,), default_timeout=60)
    at.session_state[ONE_PASS_KEY] = True  # AppTest runs no timers: draw in one pass
    at.query_params.update({"as_of": AS_OF, **params})
    return at.run()


def test_the_page_draws_the_report_downloads_and_share_box() -> None:
    at = _open({"activity_analysis": "false"})
    assert not at.exception, [e.value for e in at.exception]
    expected = build_report(resolve("executive", {"as_of": AS_OF, "activity_analysis": False}))
    total = next(m for m in at.main.metric if m.label == expected.kpi("total").label)
    assert total.value == kpi_card_value(expected.kpi("total"))
    assert len(at.main.dataframe) >= 1
    assert {"csv", "json"} <= {b.key.split(":")[1] for b in at.main.download_button}
    assert at.main.expander[-1].label == "Share this view"
    assert at.session_state["_known:executive"]  # the sidebar's pick-lists learn the values


def test_a_bad_link_parameter_is_named_and_the_page_still_draws() -> None:
    at = _open({"month": "2026-13", "activity_analysis": "false"})
    assert not at.exception
    assert any("Ignored from the link" in w.value and "month=2026-13" in w.value
               for w in at.sidebar.warning)
    assert at.main.metric


def test_options_that_do_not_resolve_leave_only_the_reason() -> None:
    at = _open({"activity_analysis": "false"})
    at.text_input(key="executive:month").set_value("2026-13").run()
    assert not at.exception
    assert not at.main.metric and not at.main.download_button
    assert at.main.error[0].value.startswith("Cannot show this page:")


def _sent_so_far() -> ElementTree:
    """What the running page has sent to the browser until now (AppTest's script runner keeps
    every message of the run it is in)."""
    ctx = get_script_run_ctx()
    assert ctx is not None
    runner = ctx._enqueue.__self__  # type: ignore[attr-defined]
    return parse_tree_from_messages(list(runner.forward_msgs()))


def _counting_figures(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    drawn: list[int] = []
    real = page.render_figures

    def counted(report: Any) -> None:
        drawn.append(len(report.summary_lines))
        real(report)

    monkeypatch.setattr(page, "render_figures", counted)
    return drawn


@pytest.mark.parametrize(("mode", "summary"), [("executive", "could be retired or reviewed"),
                                               ("sre", "resources idle (MUST/SHOULD)")])
def test_a_cold_activity_scan_runs_once_the_cost_figures_are_drawn(
        mode: str, summary: str, monkeypatch: pytest.MonkeyPatch) -> None:
    scan = install_slow_scan(monkeypatch, seconds=0.5)
    during: list[ElementTree] = []
    scan.during.append(lambda: during.append(_sent_so_far()))
    drawn = _counting_figures(monkeypatch)

    at = _open({"activity_analysis": "true"}, mode)

    assert not at.exception, [e.value for e in at.exception]
    (first,) = during  # one scan, after the figures were sent
    kpis = [(m.label, m.value) for m in first.main.metric]
    assert any(label.startswith("Total") for label, _ in kpis)
    (status,) = [i.value for i in first.main.info if "Scanning resource activity" in i.value]
    assert "9 accounts × every enabled region" in status
    assert not first.main.download_button
    assert any(page.DOWNLOADS_WAIT in c.value for c in first.main.caption)
    assert [(m.label, m.value) for m in at.main.metric] == kpis  # the same figures, complete
    assert not [i for i in at.main.info if "Scanning resource activity" in i.value]
    assert any(summary in m.value for m in at.main.markdown)
    assert not any(summary in m.value for m in first.main.markdown)
    titles = {h.value for h in at.main.subheader}
    assert {"Resource activity", "Activity Health Tree"} <= titles
    assert not {"Resource activity", "Activity Health Tree"} & {h.value for h in first.main.subheader}
    assert {"csv", "json"} <= {b.key.split(":")[1] for b in at.main.download_button}
    assert drawn[0] < drawn[1]  # drawn twice: without, then with, the activity summary
    assert scan.runs == 1


def test_a_stored_activity_scan_draws_the_page_once(monkeypatch: pytest.MonkeyPatch) -> None:
    scan = install_slow_scan(monkeypatch)
    build_report(resolve("executive", {"as_of": AS_OF}))  # another run stored the scan
    drawn = _counting_figures(monkeypatch)

    at = _open({})

    assert not at.exception
    assert len(drawn) == 1 and scan.runs == 1
    assert not [i for i in at.main.info if "Scanning resource activity" in i.value]
    assert "Resource activity" in {h.value for h in at.main.subheader}
    assert at.main.download_button


def test_a_first_view_shows_the_scan_status_with_the_figures_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    scan = install_slow_scan(monkeypatch)
    at = AppTest.from_function(_page, args=("executive",), default_timeout=60)
    at.query_params.update({"as_of": AS_OF})
    at.run()  # the first pass (progressive.py): figures only, no scan yet
    assert not at.exception and at.main.metric and scan.runs == 0
    assert any("Scanning resource activity" in i.value for i in at.main.info)
    at.session_state[drawn_flag("executive")] = READY  # what the browser's signal records
    at.run()
    assert not at.exception and scan.runs == 1
    assert any("could be retired or reviewed" in m.value for m in at.main.markdown)
