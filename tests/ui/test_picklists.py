"""The sidebar pick-list: it offers the source's OUs, tag and cost-category values, and a pick
is appended to the Filters text once (the pick-list empties itself)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page(filters: list[str]) -> None:
    import streamlit as st

    from finops_lib.options import resolve
    from finops_lib.ui.picklists import render_filter_picks

    st.session_state.setdefault("executive:filter", "\n".join(filters))
    render_filter_picks("executive", resolve("executive", {"as_of": "2026-11-26",
                                                           "filter": filters}))


def _open(filters: list[str]) -> AppTest:
    return AppTest.from_function(_page, args=(filters,), default_timeout=60).run()


def test_the_pick_list_offers_the_sources_values() -> None:
    at = _open([])
    assert not at.exception
    (picks,) = at.sidebar.multiselect
    assert picks.key == "executive:_filter_picks"
    assert {"ou:Sandbox", "tag:team=data", "tag:team=",
            "cost-category:Business Unit=Commerce"} <= set(picks.options)


def test_a_pick_is_appended_to_the_filters_once() -> None:
    at = _open(["service:Amazon EC2"])
    at.sidebar.multiselect[0].set_value(["tag:team=data", "service:Amazon EC2"]).run()
    assert not at.exception
    assert at.session_state["executive:filter"] == "service:Amazon EC2\ntag:team=data"
    assert at.sidebar.multiselect[0].value == []
