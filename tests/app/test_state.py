"""Links: query parameters set the page, widgets write the parameters back, bad links explain."""

from __future__ import annotations

from datetime import date

from finops_lib.app_model import widget_key
from finops_lib.ui.state import SHARE_KEY

from .conftest import AS_OF, command_text, no_exception, open_page, widget


def test_query_params_set_the_page_state() -> None:
    params = {"timeframe": "weekly", "top_n": "5", "filter": ["region:us-east-1",
                                                               "service:EC2,RDS"],
              "validation_level": "mcp", "as_of": "2026-11-20"}
    at = open_page("architect", params)
    no_exception(at)
    assert widget(at, widget_key("architect", "timeframe")).value == "weekly"
    assert widget(at, widget_key("architect", "top_n")).value == 5
    assert widget(at, widget_key("architect", "as_of")).value == date(2026, 11, 20)
    assert widget(at, widget_key("architect", "filter")).value == (
        "region:us-east-1\nservice:EC2,RDS")
    assert at.query_params == params  # nothing lost, every value kept as given
    assert "--filter region:us-east-1 --filter service:EC2,RDS" in command_text(at)
    assert "--as-of 2026-11-20" in command_text(at)


def test_changing_a_widget_updates_the_params() -> None:
    at = open_page("sre")
    assert at.query_params == {"as_of": AS_OF}  # as_of always, defaults never
    widget(at, widget_key("sre", "sort_by")).set_value("current").run()
    assert at.query_params == {"as_of": AS_OF, "sort_by": "current"}
    widget(at, widget_key("sre", "sort_by")).set_value("change").run()
    assert at.query_params == {"as_of": AS_OF}


def test_link_restores_the_page_exactly() -> None:
    first = open_page("executive", {"top_n": "3", "cost_metric": "amortized"})
    second = open_page("executive", dict(first.query_params))
    assert [m.value for m in second.main.metric] == [m.value for m in first.main.metric]
    assert [d.value.to_csv() for d in second.main.dataframe] == [
        d.value.to_csv() for d in first.main.dataframe]
    assert command_text(second) == command_text(first)


def test_unconfigured_profile_in_a_link_is_an_error_not_a_try() -> None:
    at = open_page("executive", {"profile": "prod-admin"})
    no_exception(at)
    errors = [e.value for e in at.main.error]
    assert errors and "'prod-admin' is not configured on this server" in errors[0]
    assert "finops-payer" not in errors[0]  # the server's other profiles are not listed
    assert not at.main.metric  # nothing was fetched


def test_demo_account_is_a_profile_only_with_the_demo_source() -> None:
    at = open_page("executive", {"source": "demo", "profile": "data-platform"})
    assert not at.main.error
    assert "data-platform" in at.main.caption[0].value or any(
        "data-platform" in m.value for m in at.main.markdown)


def test_bad_link_value_is_ignored_with_a_warning() -> None:
    at = open_page("sre", {"top_n": "lots"})
    no_exception(at)
    warnings = [w.value for w in at.sidebar.warning]
    assert any("top_n=lots (not a number)" in w for w in warnings)
    assert at.main.metric  # the page still shows, with the default
    assert widget(at, widget_key("sre", "top_n")).value == 25


def test_invalid_combination_is_explained_in_place() -> None:
    at = open_page("executive")
    widget(at, widget_key("executive", "watch_threshold")).set_value(30.0).run()
    no_exception(at)
    # the executive page keeps SRE thresholds under Advanced; the message is in words
    inside = [e.value for x in at.sidebar.expander if x.label == "Advanced" for e in x.error]
    assert inside and inside[0].startswith(
        "Spike threshold (20%) must be at least watch threshold (30%). Raise spike threshold")
    assert "--" not in inside[0] and "--" not in at.main.error[0].value
    assert not at.main.metric


def test_profile_and_all_profile_exclude_each_other() -> None:
    at = open_page("executive", {"source": "demo", "profile": "workloads-prod"})
    assert widget(at, widget_key("executive", "all_profile")).disabled
    assert not widget(at, widget_key("executive", "profile")).disabled


def test_files_source_without_path_is_explained() -> None:
    at = open_page("executive")
    widget(at, widget_key("executive", "source")).set_value("files").run()
    no_exception(at)
    inside = [e.value for x in at.sidebar.expander if x.label == "Scope" for e in x.error]
    assert inside and "Source files needs path. Add path" in inside[0]


def test_pages_keep_their_own_options_when_switching() -> None:
    at = open_page("executive", {"top_n": "4"})
    at.query_params.clear()  # as a browser does when the navigation changes page
    at.switch_page("pages/sre.py").run()
    assert widget(at, widget_key("sre", "top_n")).value == 25  # SRE persona default
    at.query_params.clear()
    at.switch_page("pages/executive.py").run()
    assert widget(at, widget_key("executive", "top_n")).value == 4
    assert at.query_params.get("top_n") == "4"


def test_refresh_data_clears_the_cache(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import finops_lib.ui.cache as cache

    calls: list[str] = []
    real = cache.build_staged  # every report the app shows is built through it

    def counting(opts, source=None):  # type: ignore[no-untyped-def]
        calls.append(f"{opts.mode}{' --refresh' if opts.refresh else ''}")
        return real(opts, source)

    monkeypatch.setattr(cache, "build_staged", counting)
    at = open_page("sre")
    at.run()
    assert calls == ["sre"]  # the rerun came from the cache
    next(b for b in at.sidebar.button if b.label == "Refresh data").click().run()
    # built again, asking AWS again for what can change (cached replies and scans skipped)
    assert calls == ["sre", "sre --refresh"]
    at.run()
    assert calls == ["sre", "sre --refresh"]  # the refreshed report is cached in turn
    no_exception(at)


def test_share_box_draws_its_code_only_when_opened() -> None:
    at = open_page("executive")
    assert command_text(at).startswith("python -m finops_lib")
    at.session_state[SHARE_KEY.format(mode="executive")] = False  # the reader closes the box
    at.run()
    no_exception(at)
    assert [e.label for e in at.main.expander if e.label == "Share this view"]
    assert not at.main.code  # nothing of it is sent to the browser while it is closed
