"""The one persona page: sidebar → cached report → native elements, downloads, share box."""

from __future__ import annotations

from .boot import route_through_app
from .cache import get_report
from .downloads import render_downloads
from .picklists import render_filter_picks
from .render import render_report
from .sidebar import render_sidebar
from .state import render_share

__all__ = ["persona_page"]


def persona_page(mode: str) -> None:
    """Draw the page of one persona (every persona page is this, with its mode)."""
    route_through_app()
    opts = render_sidebar(mode)
    if opts is None:
        return
    report = get_report(opts)
    render_filter_picks(mode, opts)
    if report is not None:
        render_report(report)
        render_downloads(report, opts)
    render_share(opts)
