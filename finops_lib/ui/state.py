"""Page state <-> URL: the sidebar starts from the link's query parameters, and every
non-default option (plus as_of, always) is written back so the URL reproduces the page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import streamlit as st

from ..app_model import app_options, lenient_from_params, to_widget_value, widget_key
from ..options import Options, option, to_command, to_query_params

__all__ = ["SHARE_KEY", "current_params", "link_params", "publish", "render_share", "seed_widgets"]


SHARE_KEY = "share:{mode}"  # the "Share this view" box's open state, per page


def _stored_key(mode: str) -> str:
    return f"_options:{mode}"


def current_params() -> dict[str, Any]:
    """The URL's query parameters; repeatable options keep every value."""
    params: dict[str, Any] = {}
    for name in st.query_params:
        values = st.query_params.get_all(name)
        multi = name in {o.name for o in app_options()} and option(name).kind == "multi"
        params[name] = values if multi else values[-1]
    return params


def link_params(opts: Options) -> dict[str, str | list[str]]:
    """The query parameters that reproduce `opts`; a repeatable option repeats its parameter
    (its values may contain commas, so they are never joined)."""
    return to_query_params(opts)


def seed_widgets(mode: str) -> list[str]:
    """Give every widget without state its value: from this session's last options for the
    page, else from the link. Returns messages about link parameters that were ignored."""
    missing = [o for o in app_options() if widget_key(mode, o.name) not in st.session_state]
    if not missing:
        return []
    stored = st.session_state.get(_stored_key(mode))
    errors: list[str] = []
    if stored is None:
        stored, errors = lenient_from_params(mode, current_params())
    for opt in missing:
        st.session_state[widget_key(mode, opt.name)] = to_widget_value(opt, stored[opt.name])
    return errors


def publish(opts: Options) -> None:
    """Remember the page's options and mirror them into the URL."""
    st.session_state[_stored_key(opts.mode)] = opts
    wanted = link_params(opts)
    if current_params() != wanted:
        st.query_params.from_dict(wanted)


def render_share(opts: Options) -> None:
    """'Share this view': the link's query string and the equivalent command line, drawn
    only while the box is open (its code boxes load a 1.5 MB highlighter in the browser,
    about a second of a page's drawing; the address bar already holds the link)."""
    box = st.expander("Share this view", icon="🔗", key=SHARE_KEY.format(mode=opts.mode),
                      on_change="rerun")
    if not box.open:
        return
    with box:
        query = urlencode(link_params(opts), doseq=True)
        base = st.context.url or ""
        st.markdown("This page's URL reproduces it exactly, including the as-of day:")
        st.code(f"{base}?{query}", language=None)
        st.markdown("The same figures in a terminal:")
        st.code(to_command(opts), language="bash")
