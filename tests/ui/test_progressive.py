"""draw_rest_now: the first view of a page draws the top alone and arms a one-shot timer; the
timer's run (or the one-pass switch) draws everything."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from finops_lib.ui.progressive import ONE_PASS_KEY


def _page() -> None:
    import streamlit as st

    from finops_lib.ui.progressive import draw_rest_now

    st.markdown("top")
    if draw_rest_now("sre"):
        st.markdown("rest")


def _bodies(at: AppTest) -> list[str]:
    return [m.value for m in at.main.markdown]


def test_first_view_defers_the_rest_until_the_timer_ran() -> None:
    at = AppTest.from_function(_page).run()
    assert not at.exception
    assert _bodies(at) == ["top"]
    assert any("Drawing charts and tables" in c.value for c in at.main.caption)
    assert at.session_state["_drawn:sre"] == "armed"
    at.session_state["_drawn:sre"] = "ready"  # what the timer's rerun records
    at.run()
    assert _bodies(at) == ["top", "rest"]
    assert not any("Drawing charts" in c.value for c in at.main.caption)


def test_one_pass_switch_draws_everything_at_once() -> None:
    at = AppTest.from_function(_page)
    at.session_state[ONE_PASS_KEY] = True
    at.run()
    assert _bodies(at) == ["top", "rest"]
    assert "_drawn:sre" not in at.session_state
