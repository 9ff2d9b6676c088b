"""Streamlit helpers for app.py and pages/ (the only part of finops_lib that imports streamlit).

Nothing else in finops_lib imports this package, so `import finops_lib` stays Streamlit-free.
"""

from __future__ import annotations

from .cache import get_report, refresh_button
from .downloads import render_downloads
from .page import persona_page
from .render import render_report
from .sidebar import render_sidebar
from .state import render_share

__all__ = [
    "get_report",
    "persona_page",
    "refresh_button",
    "render_downloads",
    "render_report",
    "render_share",
    "render_sidebar",
]
