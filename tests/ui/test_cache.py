"""Cached library calls: the cache key holds every link parameter, a FinopsError is one line on
the page, and "Refresh data" empties the caches before the page asks again."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from finops_lib.options import resolve
from finops_lib.ui.cache import TTL_SECONDS, options_key
from finops_lib.ui.state import link_params

AS_OF = "2026-11-26"


def test_options_key_is_hashable_and_holds_the_link_parameters() -> None:
    opts = resolve("executive", {"as_of": AS_OF, "filter": ["tag:team=a", "service:EC2"]})
    key = options_key(opts)
    assert key == (("as_of", AS_OF), ("filter", ("tag:team=a", "service:EC2")))
    assert hash(key) == hash(options_key(opts.replace()))
    assert dict((k, list(v) if isinstance(v, tuple) else v) for k, v in key) == link_params(opts)


def test_options_that_change_the_report_change_the_key() -> None:
    base = resolve("executive", {"as_of": AS_OF})
    assert options_key(base) != options_key(base.replace(top_n=3))
    assert options_key(base) != options_key(resolve("executive", {"as_of": "2026-11-25"}))


def _report_page(opts: object) -> None:  # a script: annotations must be builtins
    import streamlit as st

    from finops_lib.ui.cache import get_report

    report = get_report(opts)  # type: ignore[arg-type]
    st.markdown("no report" if report is None else report.title)


def test_get_report_shows_a_finops_error_as_one_line() -> None:
    opts = resolve("executive", {"as_of": AS_OF, "source": "files",
                                 "path": "/nonexistent/costs.csv"})
    at = AppTest.from_function(_report_page, args=(opts,), default_timeout=60).run()
    assert not at.exception
    assert [m.value for m in at.main.markdown] == ["no report"]
    (error,) = at.main.error
    # the app reads no local files unless the operator allows folders: the reason, one line
    assert "files is not offered by this server" in error.value and "\n" not in error.value


def test_get_report_returns_the_report() -> None:
    opts = resolve("executive", {"as_of": AS_OF, "activity_analysis": False})
    at = AppTest.from_function(_report_page, args=(opts,), default_timeout=60).run()
    assert not at.exception and not at.main.error
    assert at.main.markdown[0].value.startswith("Executive")


def _refresh_page() -> None:
    import streamlit as st

    from finops_lib.ui.cache import refresh_button

    @st.cache_data
    def figure() -> int:
        st.session_state["misses"] = st.session_state.get("misses", 0) + 1
        return 42

    refresh_button()
    st.markdown(f"figure {figure()}")


def test_refresh_button_drops_cached_results() -> None:
    at = AppTest.from_function(_refresh_page).run()
    at.run()
    assert at.session_state["misses"] == 1  # the second run used the cache
    (button,) = at.button
    assert button.label == "Refresh data" and f"{TTL_SECONDS // 60} minutes" in button.help
    button.click().run()
    assert not at.exception
    assert at.session_state["misses"] == 2  # emptied before the page asked again
    assert [t.value for t in at.toast] == ["Cache cleared: figures are fetched again."]
