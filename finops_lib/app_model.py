"""The app described without Streamlit: which options are sidebar widgets, of which kind, how
values travel between an option and its widget, and the texts the pages show.

Generated from `OPTIONS`, so an option added there appears in the app with no app change.
`finops_lib.ui.sidebar` draws these specs; this module stays importable (and testable) without
Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from .errors import OptionError
from .errors import shown as _shown
from .options import OPTIONS, Option, Options, effective_profile, effective_source, resolve
from .periods import plan_periods
from .pick_lists import PICK_LISTS
from .server_policy import SERVER_ONLY, allowed_roots, check_data_path, server_settings
from .sources import find_source, source_class

__all__ = [
    "PROFILE_OPTIONS",
    "SourceInUse",
    "WidgetSpec",
    "app_options",
    "check_profiles",
    "fetch_description",
    "from_link",
    "from_widget_value",
    "grouped_specs",
    "lenient_from_params",
    "persona_questions",
    "profile_choices",
    "resolve_in_app",
    "source_in_use",
    "to_widget_value",
    "widget_key",
]

PROFILE_OPTIONS: tuple[str, ...] = ("profile", "all_profile")
# Option kind -> Streamlit widget; lists with declared choices become a multiselect.
WIDGET_BY_KIND: dict[str, str] = {
    "choice": "selectbox", "bool": "toggle", "int": "number_input", "float": "number_input",
    "date": "date_input", "month": "text_input", "list": "text_input", "multi": "text_area",
    "str": "text_input",
}


@dataclass(frozen=True)
class WidgetSpec:
    """One sidebar widget: the option it edits, the widget kind and its fixed choices."""

    option: Option
    widget: str
    choices: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """Human label, e.g. 'Top n' for top_n."""
        return self.option.name.replace("_", " ").capitalize()

    @property
    def help(self) -> str:
        """The option's help, with its flag so users can find it in the command line."""
        return f"{self.option.help} (`{self.option.flag}`)"


def app_options() -> tuple[Option, ...]:
    """Options that are sidebar widgets (surfaces include "app")."""
    return tuple(opt for opt in OPTIONS if "app" in opt.surfaces)


def _spec(opt: Option) -> WidgetSpec:
    if opt.name in PROFILE_OPTIONS:
        return WidgetSpec(opt, "selectbox")  # choices depend on the server: see profile_choices
    if opt.kind == "list" and opt.choices:
        return WidgetSpec(opt, "multiselect", opt.choices)
    if opt.name in PICK_LISTS:
        return WidgetSpec(opt, "picklist")  # choices come from the source: see pick_lists
    return WidgetSpec(opt, WIDGET_BY_KIND[opt.kind], opt.choices)


def grouped_specs() -> dict[str, list[WidgetSpec]]:
    """Widget specs by `Option.group`, in declaration order."""
    groups: dict[str, list[WidgetSpec]] = {}
    for opt in app_options():
        groups.setdefault(opt.group, []).append(_spec(opt))
    return groups


def widget_key(mode: str, name: str) -> str:
    """Session-state key of an option's widget; per page, since persona defaults differ."""
    return f"{mode}:{name}"


def to_widget_value(opt: Option, value: Any) -> Any:
    """A canonical option value as its widget holds it."""
    if opt.kind in ("str", "month"):
        return value or ""
    if opt.kind == "list":
        return list(value) if opt.choices or opt.name in PICK_LISTS else ", ".join(value)
    if opt.kind == "multi":
        return "\n".join(value)
    return value


def from_widget_value(opt: Option, value: Any) -> Any:
    """A widget's value as a raw option value for `resolve` (None = not given)."""
    if opt.kind in ("str", "month", "list") and isinstance(value, str):
        return value.strip() or None
    if opt.kind == "multi":
        lines = [line.strip() for line in str(value or "").splitlines()]
        return [line for line in lines if line]
    return value


def _allowed_profiles(name: str, source: str, configured: Sequence[str]) -> list[str]:
    allowed = list(configured)
    found = find_source(source)  # the sidebar's widget may still say "auto"
    if name == "profile" and found is not None:
        allowed += [n for n in found.profile_names() if n not in allowed]
    return allowed


def profile_choices(name: str, source: str, current: str | None,
                    configured: Sequence[str]) -> list[str]:
    """Selectbox choices for profile/all_profile: none, the server's configured profiles (and
    the demo accounts when the source is demo), plus the current value so a bad link can be
    shown and corrected."""
    choices = ["", *_allowed_profiles(name, source, configured)]
    if current and current not in choices:
        choices.append(current)
    return choices


def check_profiles(opts: Options, configured: Sequence[str]) -> None:
    """Refuse a profile that is not configured on this server (never try it, and never list
    the server's other profiles to whoever holds the link)."""
    source = effective_source(opts)
    for name in PROFILE_OPTIONS:
        value = opts[name]
        if value and value not in _allowed_profiles(name, source, configured):
            flag = "--" + name.replace("_", "-")
            raise OptionError(f"{flag}: profile {value!r} is not configured on this server",
                              fix="choose one from the Profile list in the sidebar")


def resolve_in_app(mode: str, given: Mapping[str, Any]) -> Options:
    """Resolve options the way the app must: server-only settings come from the server's
    environment, and a file path must lie under FINOPS_DATA_DIRS (made absolute)."""
    values = {k: v for k, v in given.items() if k not in SERVER_ONLY} | server_settings()
    opts = resolve(mode, values)
    _check_server_offers(effective_source(opts), opts)
    if opts.path:
        safe = check_data_path(opts.path)
        if safe != opts.path:
            opts = Options({**opts, "path": safe})
    return opts


def _check_server_offers(source: str, opts: Options) -> None:
    """A source the operator did not set up is refused with who can set it up, and how."""
    refusal = source_class(source).server_refusal(opts, bool(allowed_roots()))
    if refusal is not None:
        raise refusal


def _link_values(params: Mapping[str, Any]) -> dict[str, Any]:
    given = {k: v for k, v in params.items()
             if k in _LINK_NAMES and k != "mode" and v is not None}
    return {k: [v] if _KIND[k] == "multi" and isinstance(v, str) else v
            for k, v in given.items()}


_LINK_NAMES = frozenset(o.name for o in OPTIONS if "link" in o.surfaces)
_KIND = {o.name: o.kind for o in OPTIONS}


def from_link(mode: str, params: Mapping[str, Any]) -> Options:
    """Options from a link's query parameters (unknown ones ignored, bad values raise)."""
    return resolve_in_app(mode, _link_values(params))


def _reason(name: str, value: Any, exc: OptionError) -> str:
    """`exc`'s message without the flag and the value it repeats: 'before 2000-01-01'."""
    text = exc.message
    flag = "--" + name.replace("_", "-")
    for prefix in (f"{flag}: ", f"{flag} "):
        text = text.removeprefix(prefix)
    for shown in (repr(value), str(value), _shown(value)):
        text = text.removeprefix(f"{shown} is ").removeprefix(f"{shown} ")
    return text


def lenient_from_params(mode: str, params: Mapping[str, Any]
                        ) -> tuple[Options, list[str]]:
    """Options from a link, dropping parameters that do not resolve; returns one message per
    dropped parameter ("as_of=1900-01-01 (before 2000-01-01)") so the page can say so."""
    errors = [f"{k}={_shown(v)} (set by the server)" for k, v in params.items()
              if k in SERVER_ONLY]
    given = _link_values(params)
    try:
        return from_link(mode, given), errors
    except OptionError:
        pass
    kept: dict[str, Any] = {}
    for name, value in given.items():
        try:
            from_link(mode, {**kept, name: value})
        except OptionError as exc:
            errors.append(f"{name}={_shown(value)} ({_reason(name, value, exc)})")
            continue
        kept[name] = value
    try:
        return from_link(mode, kept), errors
    except OptionError as exc:  # a cross-option rule no single parameter breaks alone
        return resolve_in_app(mode, {}), [*errors, exc.one_line()]


def fetch_description(opts: Options) -> str:
    """What a report fetch reads, for progress messages."""
    plan = plan_periods(opts.timeframe, opts.as_of, opts.month)
    source = effective_source(opts)
    profile = effective_profile(opts)
    who = f" (profile {profile})" if profile and source_class(source).aws_clients else ""
    last = plan.fetch.end - timedelta(days=1)
    return (f"Fetching {opts.cost_metric} daily costs {plan.fetch.start} … {last} "
            f"from the {source} source{who}")


def persona_questions() -> dict[str, str]:
    """The question each persona page answers (first line of its builder's docstring)."""
    from .personas import architect, executive, sre

    return {m.__name__.rsplit(".", 1)[-1]: (m.__doc__ or "").strip().splitlines()[0]
            for m in (executive, architect, sre)}


@dataclass(frozen=True)
class SourceInUse:
    """What a page opened without options reads."""

    source: str
    profile: str | None
    configured_profiles: tuple[str, ...]

    @property
    def is_demo(self) -> bool:
        """True when pages show the synthetic demo organization."""
        return not source_class(self.source).real


def source_in_use(configured: Sequence[str]) -> SourceInUse:
    """The source and profile a page uses by default (AWS_PROFILE on the server selects ce)."""
    opts = resolve_in_app("executive", {})
    return SourceInUse(effective_source(opts), effective_profile(opts), tuple(configured))
