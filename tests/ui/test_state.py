"""Page state <-> URL: widgets start from the link (bad parameters named and dropped), the
resolved options are written back, and the share box shows the link and the command."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from finops_lib.options import resolve, to_command, to_query_params
from finops_lib.ui.state import SHARE_KEY, link_params

AS_OF = "2026-11-26"


def test_link_params_repeat_a_multi_option_and_keep_as_of() -> None:
    opts = resolve("executive", {"as_of": AS_OF, "filter": ["tag:team=a,b", "service:EC2"],
                                 "top_n": 3})
    params = link_params(opts)
    assert params == to_query_params(opts)
    assert params == {"as_of": AS_OF, "filter": ["tag:team=a,b", "service:EC2"], "top_n": "3"}


def _seed_page() -> None:
    import streamlit as st

    from finops_lib.ui.state import current_params, seed_widgets

    st.session_state["params"] = current_params()
    st.session_state["errors"] = seed_widgets("executive")


def test_seed_widgets_start_from_the_link_and_name_what_was_dropped() -> None:
    at = AppTest.from_function(_seed_page)
    at.query_params.update({"as_of": AS_OF, "top_n": "abc",
                            "filter": ["tag:team=a", "service:EC2"]})
    at.run()
    assert not at.exception
    assert at.session_state["params"]["filter"] == ["tag:team=a", "service:EC2"]
    assert at.session_state["params"]["top_n"] == "abc"
    assert len(at.session_state["errors"]) == 1 and "top_n=abc" in at.session_state["errors"][0]
    assert at.session_state["executive:top_n"] == 10  # the persona default, not the bad value
    assert at.session_state["executive:filter"] == "tag:team=a\nservice:EC2"
    at.run()
    assert at.session_state["errors"] == []  # every widget has its state now


def _share_page(top_n: int) -> None:
    from finops_lib.options import resolve
    from finops_lib.ui.state import publish, render_share

    opts = resolve("executive", {"as_of": "2026-11-26", "top_n": top_n})
    publish(opts)
    render_share(opts)


def test_publish_writes_the_url_and_the_share_box_reproduces_it() -> None:
    at = AppTest.from_function(_share_page, args=(3,)).run()
    assert not at.exception
    assert dict(at.query_params) == {"as_of": AS_OF, "top_n": "3"}
    assert at.main.expander[0].label == "Share this view"
    assert not at.main.code  # closed: its code is drawn only once the reader opens it
    at.session_state[SHARE_KEY.format(mode="executive")] = True
    at.run()
    codes = [c.value for c in at.main.code]
    assert codes[0].endswith(f"?as_of={AS_OF}&top_n=3")
    assert codes[1] == to_command(resolve("executive", {"as_of": AS_OF, "top_n": 3}))
