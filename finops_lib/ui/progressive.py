"""Progressive drawing: a page's first view in a session sends the KPIs alone, then the rest.

Measured in Chromium (bench/app_browser.py): the script of a cached page finishes in well
under a second, but the browser paints nothing new until it has laid out every chart, grid
and expander it was sent, so the first KPI waited for the whole page. Sending the light top
first and the heavy rest one short timer later lets the browser paint the figures in between.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["DEFER_SECONDS", "ONE_PASS_KEY", "draw_rest_now"]

DEFER_SECONDS = 0.3  # long enough for the browser to paint the KPI cards
ONE_PASS_KEY = "_finops_one_pass"  # set in session state to draw every page in one pass
_FLAG = "_drawn:{mode}"
_ARMED, _READY = "armed", "ready"


def _later(flag: str) -> None:
    """Inline run: arm. Timer run (after the browser drew the top): draw the whole page."""
    if st.session_state.get(flag) == _ARMED:
        st.session_state[flag] = _READY
        st.rerun(scope="app")
    st.session_state[flag] = _ARMED


def draw_rest_now(mode: str) -> bool:
    """True when the heavy rest of the page is drawn in this run; else a placeholder line and
    a one-shot timer that reruns the page in full (once per page and session)."""
    flag = _FLAG.format(mode=mode)
    if st.session_state.get(ONE_PASS_KEY) or st.session_state.get(flag) == _READY:
        return True
    st.caption("Drawing charts and tables …")
    st.fragment(_later, run_every=DEFER_SECONDS)(flag)
    return False
