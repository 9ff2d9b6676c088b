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

__all__ = ["GROUP_KEY", "KNOWN_KEY", "options_from_state", "render_sidebar"]

OPEN_GROUPS = frozenset({"Scope", "Period"})
KNOWN_KEY = "_known:{mode}"  # what the page's last report told about the source
GROUP_KEY = "sidebar:{mode}:{group}"  # a group's open state: a closed group draws no widgets
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


def _state_values(mode: str) -> dict[str, Any]:
    """Every option's value as its widget's state holds it, drawn or not."""
    state = st.session_state
    return {spec.option.name: from_widget_value(spec.option, state[widget_key(mode, spec.option.name)])
            for specs in grouped_specs().values() for spec in specs}


def _resolve(mode: str, given: dict[str, Any], configured: list[str]) -> Options:
    opts = resolve_in_app(mode, given)
    check_profiles(opts, configured)
    return opts


def _error_group(mode: str, exc: OptionError) -> str | None:
    where = _group_of(exc)
    return placement(option(where), mode, _source(mode)) if where else None


def _open_the_failing_group(mode: str, given: dict[str, Any], configured: list[str]) -> None:
    """Before the groups are drawn: open the one that will hold the options' error."""
    try:
        _resolve(mode, given, configured)
    except OptionError as exc:
        group = _error_group(mode, exc)
        if group is not None:
            st.session_state[GROUP_KEY.format(mode=mode, group=group)] = True


def options_from_state(mode: str) -> Options | None:
    """The page's options from its widgets' state, drawing nothing (the first, figures-only
    pass); None when the link had problems or they do not resolve: the full drawing says why."""
    link_errors = seed_widgets(mode)
    if link_errors:
        st.session_state[LINK_ERRORS_KEY.format(mode=mode)] = link_errors
        return None
    try:
        opts = _resolve(mode, _state_values(mode), configured_profiles())
    except OptionError:
        return None
    publish(opts)
    return opts


def _groups(mode: str, given: dict[str, Any], configured: list[str]) -> dict[str, Any]:
    """One expander per group; only an open one draws its widgets (a closed group's values
    stay in session state, so they still count): most of a sidebar is closed, and drawing
    its widgets was a second of the page's time in Chromium. Returns the expanders."""
    boxes = {}
    for group, specs in _placed(mode).items():
        boxes[group] = box = st.expander(group, expanded=group in OPEN_GROUPS,
                                         key=GROUP_KEY.format(mode=mode, group=group),
                                         on_change="rerun")
        if not box.open:
            continue
        with box:
            for heading, spec in specs:
                if heading:
                    st.markdown(f"**{heading}**")
                given[spec.option.name] = from_widget_value(
                    spec.option, _widget(mode, spec, configured))
    return boxes


def render_sidebar(mode: str) -> Options | None:
    """Draw the sidebar for a persona page; return the resolved options, or None (with the
    reason shown next to the widgets and on the page) when they do not resolve."""
    link_errors = seed_widgets(mode) or st.session_state.pop(LINK_ERRORS_KEY.format(mode=mode), [])
    configured = configured_profiles()
    given = _state_values(mode)
    _open_the_failing_group(mode, given, configured)
    with st.sidebar:
        refresh_button()
        for message in link_errors:
            st.warning(f"Ignored from the link: {plain(message)}", icon="🔗")
        boxes = _groups(mode, given, configured)
    try:
        opts = _resolve(mode, given, configured)
    except OptionError as exc:
        group = _error_group(mode, exc)
        box = boxes.get(group) if group else None
        (box or st.sidebar).error(plain(in_words(exc.one_line())), icon="⚠️")
        st.error(f"Cannot show this page: {plain(in_words(exc.one_line()))}", icon="⚠️")
        return None
    publish(opts)
    return opts
