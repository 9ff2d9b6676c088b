"""Progressive drawing: a page's first view in a session sends the figures alone; once the
browser has painted them, it asks for the whole page.

Measured in Chromium (bench/app_browser.py): the script of a cached page finishes in well
under a second, but the browser shows nothing new until React has rendered every element it
was sent in one batch, loading each element kind's code on the way (the sidebar's widgets,
the charts, the grids and the code boxes are megabytes of JavaScript). So the first pass holds
only the headline, the KPI cards and the notes, and no sidebar widgets. A small component
placed after them reports "drawn" once the first KPI card is on screen; that report reruns the
page in full. A timer would not do: on a busy machine it fires before the browser has painted,
and the full page then arrives in the same batch as the figures.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["DRAWN_SELECTOR", "FALLBACK_SECONDS", "MAX_WAIT_MS", "ONE_PASS_KEY", "READY",
           "drawn_flag", "first_pass", "mark_drawn", "when_drawn"]

ONE_PASS_KEY = "_finops_one_pass"  # set in session state to draw every page in one pass
READY = "ready"
DRAWN_SELECTOR = '[data-testid="stMetricValue"], [data-testid="stMainBlockContainer"] h1'
MAX_WAIT_MS = 4000  # ask for the rest anyway if the figures are not seen by then
FALLBACK_SECONDS = 10.0  # the page is drawn in full after this even without the signal
_FLAG = "_drawn:{mode}"
_ARMED = "_drawn_fallback:{mode}"

# Runs in the page (a components v2 module, no iframe). It waits until the selector matches,
# then for the next paint; a background tab paints no frames, hence the timeout beside it.
_JS = """
export default function ({ data, setTriggerValue }) {
  let done = false;
  const fire = () => { if (!done) { done = true; setTriggerValue("drawn", true); } };
  const start = performance.now();
  const poll = () => {
    if (done) return;
    if (document.querySelector(data.selector) || performance.now() - start > data.max_wait_ms) {
      requestAnimationFrame(() => setTimeout(fire, 0));
      setTimeout(fire, 250);
    } else {
      setTimeout(poll, 30);
    }
  };
  poll();
  return () => { done = true; };
}
"""
_drawn_signal = st.components.v2.component("finops_drawn", js=_JS)


def drawn_flag(mode: str) -> str:
    """Session-state key that records that `mode`'s page was drawn in full once."""
    return _FLAG.format(mode=mode)


def first_pass(mode: str) -> bool:
    """True on the first view of `mode`'s page in this session (unless one pass is forced)."""
    state = st.session_state
    return not state.get(ONE_PASS_KEY) and state.get(drawn_flag(mode)) != READY


def mark_drawn(mode: str) -> None:
    """Record that the page is drawn in full from now on (its next runs are one pass)."""
    st.session_state[drawn_flag(mode)] = READY


def when_drawn(mode: str) -> None:
    """A placeholder line, then the signal that reruns the page in full once the browser has
    painted what came before it."""
    st.caption("Drawing charts, tables and options …")
    _drawn_signal(key=f"_drawn_signal:{mode}", data={"selector": DRAWN_SELECTOR,
                                                      "max_wait_ms": MAX_WAIT_MS},
                  on_drawn_change=lambda: mark_drawn(mode))
    st.fragment(_fallback, run_every=FALLBACK_SECONDS)(mode)


def _fallback(mode: str) -> None:
    """Inline run: arm. Timer run: the signal never came (its script failed to load), so
    draw the whole page now rather than leave it half drawn."""
    armed = _ARMED.format(mode=mode)
    if st.session_state.get(armed):
        st.rerun(scope="app")
    st.session_state[armed] = True
