"""The sidebar, generated from OPTIONS: one widget per app option, grouped by Option.group,
persona defaults, invalid combinations explained in the group they concern."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import streamlit as st

from ..app_model import (
    WidgetSpec,
    check_profiles,
    from_widget_value,
    grouped_specs,
    profile_choices,
    resolve_in_app,
    widget_key,
)
from ..errors import OptionError
from ..options import OPTIONS, Options, option
from ..pick_lists import pick_choices
from ..sidebar_layout import ADVANCED, in_words, placement
from .cache import configured_profiles, refresh_button
from .state import publish, seed_widgets
from .text import plain

__all__ = ["KNOWN_KEY", "options_from_state", "render_sidebar"]

OPEN_GROUPS = frozenset({"Scope", "Period"})
KNOWN_KEY = "_known:{mode}"  # what the page's last report told about the source
LINK_ERRORS_KEY = "_link_errors:{mode}"  # kept for the full drawing when found without it
EARLIEST_DAY = date(2000, 1, 1)
_FLAG = re.compile(r"--([a-z][a-z0-9-]*)")
_EXCLUSIVE = {"profile": "all_profile", "all_profile": "profile"}


def _choice_label(value: Any) -> str:
    return "(none)" if value in ("", None) else str(value)


def _selectbox(mode: str, spec: WidgetSpec, configured: list[str], **kw: Any) -> Any:
    name = spec.option.name
    if name in _EXCLUSIVE:
        source = st.session_state.get(widget_key(mode, "source"), "auto")
        choices = profile_choices(name, source, st.session_state.get(kw["key"]), configured)
        other = st.session_state.get(widget_key(mode, _EXCLUSIVE[name]))
        # profile and all_profile exclude each other: offer one only while the other is empty
        kw["disabled"] = bool(other) and not st.session_state.get(kw["key"])
    else:
        choices = list(spec.choices)
    return st.selectbox(spec.label, choices, format_func=_choice_label, **kw)


def _number(spec: WidgetSpec, **kw: Any) -> Any:
    opt = spec.option
    cast = int if opt.kind == "int" else float
    minimum = None if opt.minimum is None else cast(opt.minimum)
    maximum = None if opt.maximum is None else cast(opt.maximum)
    return st.number_input(spec.label, min_value=minimum, max_value=maximum, step=cast(1),
                           format="%d" if cast is int else "%.2f", **kw)


def _widget(mode: str, spec: WidgetSpec, configured: list[str]) -> Any:
    """Draw one widget (its value lives in session state under its key) and return its value."""
    kw: dict[str, Any] = {"key": widget_key(mode, spec.option.name), "help": spec.help}
    kind = spec.widget
    if kind == "selectbox":
        return _selectbox(mode, spec, configured, **kw)
    if kind == "toggle":
        return st.toggle(spec.label, **kw)
    if kind == "number_input":
        return _number(spec, **kw)
    if kind == "date_input":
        return st.date_input(spec.label, min_value=EARLIEST_DAY,
                             max_value=datetime.now(UTC).date(), format="YYYY-MM-DD", **kw)
    if kind == "multiselect":
        return st.multiselect(spec.label, list(spec.choices), **kw)
    if kind == "picklist":
        known = st.session_state.get(KNOWN_KEY.format(mode=mode))
        choices = pick_choices(spec.option.name, known, st.session_state.get(kw["key"]))
        return st.multiselect(spec.label, choices, accept_new_options=True,
                              placeholder="type to search, Enter adds", **kw)
    if kind == "text_area":
        return st.text_area(spec.label, placeholder="one per line", **kw)
    placeholder = "YYYY-MM (empty: use the timeframe)" if spec.option.kind == "month" else (
        "comma list" if spec.option.kind == "list" else None)
    return st.text_input(spec.label, placeholder=placeholder, **kw)


def _group_of(exc: OptionError) -> str | None:
    """The first option an error names (by its --flag)."""
    names = {o.name for o in OPTIONS}
    for flag in _FLAG.findall(exc.message):
        name = flag.replace("-", "_")
        if name in names:
            return name
    return None


def _source(mode: str) -> str:
    return str(st.session_state.get(widget_key(mode, "source"), "auto"))


def _placed(mode: str) -> dict[str, list[tuple[str, WidgetSpec]]]:
    """Widgets by the sidebar expander they sit in on this persona's page: its own groups
    first, everything else under Advanced with its group as a heading."""
    front: dict[str, list[tuple[str, WidgetSpec]]] = {}
    advanced: list[tuple[str, WidgetSpec]] = []
    source = _source(mode)
    for group, specs in grouped_specs().items():
        for spec in specs:
            where = placement(spec.option, mode, source)
            if where == ADVANCED:
                heading = "" if advanced and advanced[-1][1].option.group == group else group
                advanced.append((heading, spec))
            else:
                front.setdefault(where, []).append(("", spec))
    return {**front, ADVANCED: advanced} if advanced else front


def options_from_state(mode: str) -> Options | None:
    """The page's options from its widgets' state, drawing nothing (the first, figures-only
    pass); None when the link had problems or they do not resolve: the full drawing says why."""
    link_errors = seed_widgets(mode)
    if link_errors:
        st.session_state[LINK_ERRORS_KEY.format(mode=mode)] = link_errors
        return None
    given = {}
    for specs in grouped_specs().values():
        for spec in specs:
            value = st.session_state[widget_key(mode, spec.option.name)]
            given[spec.option.name] = from_widget_value(spec.option, value)
    try:
        opts = resolve_in_app(mode, given)
        check_profiles(opts, configured_profiles())
    except OptionError:
        return None
    publish(opts)
    return opts


def render_sidebar(mode: str) -> Options | None:
    """Draw the sidebar for a persona page; return the resolved options, or None (with the
    reason shown next to the widgets and on the page) when they do not resolve."""
    link_errors = seed_widgets(mode) or st.session_state.pop(LINK_ERRORS_KEY.format(mode=mode), [])
    configured = configured_profiles()
    given: dict[str, Any] = {}
    boxes = {}
    with st.sidebar:
        refresh_button()
        for message in link_errors:
            st.warning(f"Ignored from the link: {plain(message)}", icon="🔗")
        for group, specs in _placed(mode).items():
            boxes[group] = st.expander(group, expanded=group in OPEN_GROUPS)
            with boxes[group]:
                for heading, spec in specs:
                    if heading:
                        st.markdown(f"**{heading}**")
                    given[spec.option.name] = from_widget_value(
                        spec.option, _widget(mode, spec, configured))
    try:
        opts = resolve_in_app(mode, given)
        check_profiles(opts, configured)
    except OptionError as exc:
        where = _group_of(exc)
        box = boxes.get(placement(option(where), mode, _source(mode))) if where else None
        (box or st.sidebar).error(plain(in_words(exc.one_line())), icon="⚠️")
        st.error(f"Cannot show this page: {plain(in_words(exc.one_line()))}", icon="⚠️")
        return None
    publish(opts)
    return opts
