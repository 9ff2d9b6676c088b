"""The one persona page: sidebar → cached report → native elements, downloads, share box.

A page's first view in a session is drawn in two passes (progressive.py): the figures alone,
then, once the browser has painted them, the whole page with its sidebar.
"""

from __future__ import annotations

import streamlit as st

from ..pick_lists import known_values
from ..report import Report
from ..triage import annotate_report
from .boot import route_through_app
from .cache import get_report
from .downloads import render_downloads
from .picklists import render_filter_picks
from .progressive import first_pass, mark_drawn, when_drawn
from .render import render_details, render_figures
from .sidebar import KNOWN_KEY, options_from_state, render_sidebar
from .state import render_share
from .triage import remember_focus, render_triage

__all__ = ["persona_page"]


def _report(mode: str, report: Report) -> Report:
    report = annotate_report(report)  # triage changes show without fetching again
    st.session_state[KNOWN_KEY.format(mode=mode)] = known_values(report)
    return report


def _figures_first(mode: str) -> bool:
    """The first pass: headline, KPI cards and notes only. False (nothing drawn) when the
    options or the report need the full page to explain themselves."""
    opts = options_from_state(mode)
    report = get_report(opts) if opts is not None else None
    if report is None:
        return False
    render_figures(_report(mode, report))
    when_drawn(mode)
    return True


def persona_page(mode: str) -> None:
    """Draw the page of one persona (every persona page is this, with its mode)."""
    route_through_app()
    remember_focus()
    if first_pass(mode):
        mark_drawn(mode)  # whatever happens next, this session's later runs draw in full
        if _figures_first(mode):
            return
    opts = render_sidebar(mode)
    if opts is None:
        return
    report = get_report(opts)
    render_filter_picks(mode, opts)
    if report is not None:
        report = _report(mode, report)
        render_figures(report)
        render_details(report)
        render_triage(report)
        render_downloads(report, opts)
    render_share(opts)
