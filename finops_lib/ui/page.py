"""The one persona page: sidebar → cached report → native elements, downloads, share box."""

from __future__ import annotations

import streamlit as st

from ..pick_lists import known_values
from ..triage import annotate_report
from .boot import route_through_app
from .cache import get_report
from .downloads import render_downloads
from .picklists import render_filter_picks
from .render import render_report
from .sidebar import KNOWN_KEY, render_sidebar
from .state import render_share
from .triage import remember_focus, render_triage

__all__ = ["persona_page"]


def persona_page(mode: str) -> None:
    """Draw the page of one persona (every persona page is this, with its mode)."""
    route_through_app()
    remember_focus()
    opts = render_sidebar(mode)
    if opts is None:
        return
    report = get_report(opts)
    render_filter_picks(mode, opts)
    if report is not None:
        report = annotate_report(report)  # triage changes show without fetching again
        st.session_state[KNOWN_KEY.format(mode=mode)] = known_values(report)
        render_report(report)
        render_triage(report)
        render_downloads(report, opts)
    render_share(opts)
