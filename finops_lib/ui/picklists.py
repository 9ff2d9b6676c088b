"""Sidebar pick-list of the source's OUs, tag values and cost-category values: a choice is
appended to the Filters text (one filter per line), so the link and the command carry it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ..allocation_values import filter_choices
from ..app_model import widget_key
from ..errors import FinopsError
from ..options import Options
from ..periods import plan_periods
from ..selection import selection_from_options
from ..sources import CostQuery, open_source
from .cache import TTL_SECONDS, OptionsKey, _options, _source, options_key

__all__ = ["render_filter_picks"]


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _choices(mode: str, key: OptionsKey) -> tuple[str, ...]:
    opts = _options(mode, key)
    source = _source(opts) or open_source(opts)
    scope = source.scope()
    plan = plan_periods(opts.timeframe, opts.as_of, opts.month)
    sel = selection_from_options(opts.replace(filter=()), scope)
    return filter_choices(source, scope, CostQuery(plan.fetch.start, plan.fetch.end,
                                                   accounts=sel.accounts))


def _add(mode: str) -> None:
    """Move the picked filters into the Filters text (callbacks run before the next script)."""
    picks_key, text_key = widget_key(mode, "_filter_picks"), widget_key(mode, "filter")
    lines = [ln for ln in str(st.session_state.get(text_key) or "").splitlines() if ln.strip()]
    lines += [p for p in st.session_state.get(picks_key, []) if p not in lines]
    st.session_state[text_key] = "\n".join(lines)
    st.session_state[picks_key] = []


def render_filter_picks(mode: str, opts: Options) -> None:
    """The pick-list under the sidebar (nothing when the source lists no values)."""
    try:
        choices: Any = _choices(mode, options_key(opts))
    except FinopsError:
        return
    if not choices:
        return
    st.sidebar.multiselect(
        "Add a filter: OU, tag or cost category", list(choices),
        key=widget_key(mode, "_filter_picks"), on_change=_add, args=(mode,),
        help="Values the source reports; each choice is added to Filters (tag:KEY= is untagged)")
