"""persona_page: sidebar, the cached report's figures to the cent, details, downloads and the
share box; options that do not resolve leave only the reason."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.ui.progressive import ONE_PASS_KEY
from finops_lib.ui.render import kpi_card_value

AS_OF = "2026-11-26"


def _page(mode: str) -> None:
    from finops_lib.ui.page import persona_page

    persona_page(mode)


def _open(params: dict[str, str]) -> AppTest:
    at = AppTest.from_function(_page, args=("executive",), default_timeout=60)
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
