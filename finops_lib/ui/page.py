"""The one persona page: sidebar → cached report → native elements, downloads, share box.

A page's first view in a session is drawn in two passes (progressive.py): the figures alone,
then, once the browser has painted them, the whole page with its sidebar. When the report's
activity scan is cold (seconds to minutes of AWS calls), the page is drawn without it first,
with a status line where its summary goes; the scan then runs and the page is drawn again,
complete (the elements before the status are the same, so the figures stay put).
"""

from __future__ import annotations

import streamlit as st

from ..dashboard import Staged
from ..errors import FinopsError
from ..options import Options
from ..pick_lists import known_values
from ..report import Report
from ..triage import annotate_report
from .boot import route_through_app
from .cache import cached_report, get_report, get_staged, options_key
from .downloads import render_downloads
from .picklists import render_filter_picks
from .progressive import first_pass, mark_drawn, when_drawn
from .render import render_details, render_figures
from .sidebar import KNOWN_KEY, options_from_state, render_sidebar
from .state import render_share
from .text import plain
from .triage import remember_focus, render_triage

__all__ = ["SCANNED_KEY", "persona_page", "scanning_text"]

SCANNED_KEY = "_activity_scanned:{mode}"  # the options whose scan this session has run
DOWNLOADS_WAIT = "Downloads are offered once the activity scan ends (every file holds it)."


def _report(mode: str, report: Report) -> Report:
    report = annotate_report(report)  # triage changes show without fetching again
    st.session_state[KNOWN_KEY.format(mode=mode)] = known_values(report)
    return report


def scanning_text(staged: Staged) -> str:
    """The status line drawn where the activity summary will go."""
    size = f" ({staged.scan.size})" if staged.scan is not None else ""
    return f"Scanning resource activity …{size}; the summary appears here."


def _waits(opts: Options, staged: Staged) -> bool:
    """True when the activity scan is cold and this session has not just run it (a snapshot
    that could not be stored must not send the page round again)."""
    done = st.session_state.get(SCANNED_KEY.format(mode=opts.mode))
    return staged.cold() and done != options_key(opts)


def _figures_first(mode: str) -> bool:
    """The first pass: headline, KPI cards and notes only. False (nothing drawn) when the
    options or the report need the full page to explain themselves."""
    opts = options_from_state(mode)
    staged = get_staged(opts) if opts is not None else None
    if staged is None:
        return False
    render_figures(_report(mode, staged.report))
    if staged.cold():
        st.info(scanning_text(staged), icon="⏳")
    when_drawn(mode)
    return True


def _scan(opts: Options, status: st.delta_generator.DeltaGenerator) -> None:
    """Run the cold scan (the complete report is then cached), and draw the page again."""
    try:
        cached_report(opts.mode, options_key(opts))
    except FinopsError as exc:  # the costs stay on the page; the status says why
        status.error(plain(f"Activity analysis: {exc.one_line()}"), icon="🚫")
        return
    st.session_state[SCANNED_KEY.format(mode=opts.mode)] = options_key(opts)
    st.rerun()


def _draw(mode: str, opts: Options, staged: Staged) -> None:
    """The complete report; or, while its activity scan is cold, the report without it and a
    status where its summary goes, then the scan and the complete page."""
    waiting = _waits(opts, staged)
    report = staged.report if waiting else get_report(opts)
    if report is None:
        render_share(opts)
        return
    report = _report(mode, report)
    with st.container():  # the activity summary, when it comes, never shifts what follows
        render_figures(report)
    status = st.empty()
    if waiting:
        status.info(scanning_text(staged), icon="⏳")
    render_details(report)
    render_triage(report)
    if waiting:
        st.caption(DOWNLOADS_WAIT)
    else:
        render_downloads(report, opts)
    render_share(opts)
    if waiting:
        _scan(opts, status)


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
    staged = get_staged(opts)
    render_filter_picks(mode, opts)
    if staged is None:
        render_share(opts)
    else:
        _draw(mode, opts, staged)
