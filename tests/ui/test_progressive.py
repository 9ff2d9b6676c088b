"""first_pass: a page's first view in a session draws its top alone; once the browser reports
the figures drawn (mark_drawn), or the one-pass switch is set, every run draws the whole page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from finops_lib.ui.progressive import ONE_PASS_KEY, READY, drawn_flag


def _page() -> None:
    import streamlit as st

    from finops_lib.ui.progressive import first_pass

    st.markdown("top")
    if not first_pass("sre"):
        st.markdown("rest")


def _bodies(at: AppTest) -> list[str]:
    return [m.value for m in at.main.markdown]


def test_first_view_draws_the_top_alone_until_the_browser_reports_it_drawn() -> None:
    at = AppTest.from_function(_page).run()
    assert not at.exception
    assert _bodies(at) == ["top"]
    at.session_state[drawn_flag("sre")] = READY  # what the "drawn" signal's callback records
    at.run()
    assert _bodies(at) == ["top", "rest"]


def test_one_pass_switch_draws_everything_at_once() -> None:
    at = AppTest.from_function(_page)
    at.session_state[ONE_PASS_KEY] = True
    at.run()
    assert _bodies(at) == ["top", "rest"]


def test_the_drawn_flag_is_per_page() -> None:
    assert drawn_flag("sre") != drawn_flag("executive")
