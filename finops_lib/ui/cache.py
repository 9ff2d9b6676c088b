"""Cached library calls: reports and export files keyed by the options, boto3 sessions shared
per profile, and the "Refresh data" control that drops them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from ..app_model import fetch_description, from_link
from ..dashboard import Staged, build_staged, finish
from ..errors import FinopsError
from ..exporters import render
from ..options import Options, effective_profile, effective_source
from ..report import Report
from ..sources import CostSource
from .state import link_params
from .text import plain

__all__ = ["TTL_SECONDS", "configured_profiles", "export_files", "get_report", "get_staged",
           "options_key", "refresh_button"]

TTL_SECONDS = 15 * 60  # Cost Explorer data changes a few times a day; 15 minutes is fresh enough
PROFILES_TTL_SECONDS = 60
MAX_REPORTS = 64
REFRESH_KEY = "finops_refresh_next"  # set by Refresh data; the next report built consumes it

OptionsKey = tuple[tuple[str, Any], ...]
T = TypeVar("T")


def options_key(opts: Options) -> OptionsKey:
    """A hashable key that holds everything the report depends on: the link parameters."""
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                        for k, v in link_params(opts).items()))


def _options(mode: str, key: OptionsKey, refresh: bool = False) -> Options:
    opts = from_link(mode, {k: list(v) if isinstance(v, tuple) else v for k, v in key})
    return opts.replace(refresh=True) if refresh else opts


@st.cache_resource(show_spinner=False)
def aws_session(profile: str | None) -> Any:
    """One boto3 session per profile for the server's lifetime (cleared by Refresh data)."""
    from ..sources import aws

    return aws.make_session(profile)


def _source(opts: Options) -> CostSource | None:
    """Sources that share a session (Cost Explorer) reuse the cached one; others open as usual."""
    from ..sources import open_source, source_class

    if not source_class(effective_source(opts)).shares_session:
        return None
    return open_source(opts, session=aws_session(effective_profile(opts)))


@st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_REPORTS, show_spinner=False)
def staged_report(mode: str, key: OptionsKey, _refresh: bool = False) -> Staged:
    """The report as far as it is ready without a cold activity scan (one fetch per key and
    TTL): the page draws it first, then waits for `cached_report`. `_refresh` (not part of the
    cache key) reads AWS again after Refresh data, as --refresh does."""
    opts = _options(mode, key, _refresh)
    return build_staged(opts, _source(opts))


@st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_REPORTS, show_spinner=False)
def cached_report(mode: str, key: OptionsKey, _refresh: bool = False) -> Report:
    """The complete persona report for these options (downloads and exports use it): the
    staged report with its activity scan run, or read from the scan's own disk cache."""
    return finish(staged_report(mode, key, _refresh))


@st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_REPORTS * 4, show_spinner=False)
def export_files(mode: str, key: OptionsKey, fmt: str) -> list[tuple[str, bytes]]:
    """[(file name, bytes)] of one export format, from the same exporters as the command."""
    return render(cached_report(mode, key), fmt)


@st.cache_data(ttl=PROFILES_TTL_SECONDS, show_spinner=False)
def configured_profiles() -> list[str]:
    """AWS profiles configured on the server (re-read every minute)."""
    from ..sources.aws import configured_profiles as read

    return read()


def _fetching(opts: Options, fetch: Callable[[str, OptionsKey, bool], T]) -> T | None:
    """fetch(mode, key, refresh) with progress; a FinopsError is shown as its one line."""
    refresh = bool(st.session_state.pop(REFRESH_KEY, False))
    try:
        with st.spinner(fetch_description(opts) + " …", show_time=True):
            return fetch(opts.mode, options_key(opts), refresh)
    except FinopsError as exc:
        st.error(plain(exc.one_line()), icon="🚫")
        return None


def get_report(opts: Options) -> Report | None:
    """The complete report, with progress while fetching; a FinopsError is shown as its one
    line."""
    return _fetching(opts, cached_report)


def get_staged(opts: Options) -> Staged | None:
    """`get_report`, but not waiting for a cold activity scan (`Staged.scan` is then set)."""
    return _fetching(opts, staged_report)


def _clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    st.session_state[REFRESH_KEY] = True
    st.toast("Cache cleared: figures are fetched again.", icon="🔄")


def refresh_button() -> None:
    """Sidebar control that drops cached reports, exports and AWS sessions (a callback, so the
    caches are empty before the page asks for its report)."""
    st.button("Refresh data", icon="🔄", on_click=_clear_caches,
              help=f"Fetch again instead of using this page's cached report (kept "
                   f"{TTL_SECONDS // 60} minutes): Cost Explorer replies and the activity scan are "
                   "read from AWS again, while closed days the Cost Explorer day store holds "
                   "are reused (they no longer change), like the command's --refresh.")
