"""Cached library calls: reports and export files keyed by the options, boto3 sessions shared
per profile, and the "Refresh data" control that drops them."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ..app_model import fetch_description, from_link
from ..dashboard import build_report
from ..errors import FinopsError
from ..exporters import render
from ..options import Options, effective_profile, effective_source
from ..report import Report
from ..sources import CostSource
from .state import link_params
from .text import plain

__all__ = ["TTL_SECONDS", "configured_profiles", "export_files", "get_report", "options_key",
           "refresh_button"]

TTL_SECONDS = 15 * 60  # Cost Explorer data changes a few times a day; 15 minutes is fresh enough
PROFILES_TTL_SECONDS = 60
MAX_REPORTS = 64

OptionsKey = tuple[tuple[str, Any], ...]


def options_key(opts: Options) -> OptionsKey:
    """A hashable key that holds everything the report depends on: the link parameters."""
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                        for k, v in link_params(opts).items()))


def _options(mode: str, key: OptionsKey) -> Options:
    return from_link(mode, {k: list(v) if isinstance(v, tuple) else v for k, v in key})


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
def cached_report(mode: str, key: OptionsKey) -> Report:
    """The persona report for these options (one fetch per key and TTL)."""
    opts = _options(mode, key)
    return build_report(opts, _source(opts))


@st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_REPORTS * 4, show_spinner=False)
def export_files(mode: str, key: OptionsKey, fmt: str) -> list[tuple[str, bytes]]:
    """[(file name, bytes)] of one export format, from the same exporters as the command."""
    return render(cached_report(mode, key), fmt)


@st.cache_data(ttl=PROFILES_TTL_SECONDS, show_spinner=False)
def configured_profiles() -> list[str]:
    """AWS profiles configured on the server (re-read every minute)."""
    from ..sources.aws import configured_profiles as read

    return read()


def get_report(opts: Options) -> Report | None:
    """The report, with progress while fetching; a FinopsError is shown as its one line."""
    try:
        with st.spinner(fetch_description(opts) + " …", show_time=True):
            return cached_report(opts.mode, options_key(opts))
    except FinopsError as exc:
        st.error(plain(exc.one_line()), icon="🚫")
        return None


def _clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    st.toast("Cache cleared: figures are fetched again.", icon="🔄")


def refresh_button() -> None:
    """Sidebar control that drops cached reports, exports and AWS sessions (a callback, so the
    caches are empty before the page asks for its report)."""
    st.button("Refresh data", icon="🔄", on_click=_clear_caches,
              help=f"Fetch again instead of using cached results (kept {TTL_SECONDS // 60} "
                   "minutes).")
