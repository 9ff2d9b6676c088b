"""render_sidebar: one widget per app option, Scope and Period open, the resolved options
returned; an option that does not resolve is explained and the page gets None."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from finops_lib.app_model import app_options, widget_key


def _page() -> None:
    import streamlit as st

    from finops_lib.ui.sidebar import render_sidebar

    opts = render_sidebar("executive")
    st.session_state["result"] = None if opts is None else dict(opts)


def _open() -> AppTest:
    at = AppTest.from_function(_page, default_timeout=60)
    at.query_params["as_of"] = "2026-11-26"
    return at.run()


def test_every_app_option_has_its_widget_and_the_options_resolve() -> None:
    at = _open()
    assert not at.exception
    for opt in app_options():
        assert widget_key("executive", opt.name) in at.session_state, opt.name
    result = at.session_state["result"]
    assert result["mode"] == "executive" and str(result["as_of"]) == "2026-11-26"
    opened = {e.label for e in at.sidebar.expander if e.proto.expanded}
    assert {"Scope", "Period"} <= opened
    assert "Refresh data" in [b.label for b in at.sidebar.button]


def test_an_option_that_does_not_resolve_is_explained_and_the_page_stops() -> None:
    at = _open()
    at.text_input(key="executive:month").set_value("2026-13").run()
    assert not at.exception
    assert at.session_state["result"] is None
    (page_error,) = at.main.error
    assert page_error.value.startswith("Cannot show this page:") and "month" in page_error.value
    assert any("month" in e.value for e in at.sidebar.error)
