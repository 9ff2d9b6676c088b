"""Make every page run through app.py's st.navigation, however it was opened."""

from __future__ import annotations

import streamlit as st

__all__ = ["route_through_app"]


def route_through_app() -> None:
    """Rerun through app.py when Streamlit ran a pages/ script directly.

    Streamlit treats an app with a pages/ folder as a legacy multipage app (each file run on
    its own, no page config, no sign-in) until the entrypoint's st.navigation has run once in
    the server process; a link straight to /sre on a fresh server would hit that. The page
    hash of /sre is the same in both modes, so the rerun lands on the same page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
