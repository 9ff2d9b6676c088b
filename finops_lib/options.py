"""Resolved options: explicit values beat persona defaults, cross-option rules, links, commands.

Every option is declared once in `option_specs.OPTIONS` (what an option is: `option_kinds`);
this module resolves given values into an immutable `Options` and turns them back into link
parameters and command lines.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

from .errors import OptionError
from .option_kinds import EARLIEST_DAY, SURFACES, Option, split_items
from .option_specs import (
    EXPORT_FORMATS,
    FILTER_RE,
    GROUP_BY_FIXED,
    KEYED_FILTER_RE,
    MODES,
    OPTIONS,
    OU_FILTER_RE,
)
from .sources import auto_source, hourly_sources, source_class

__all__ = [
    "DELIVERY_OPTIONS",
    "EARLIEST_DAY",
    "EXPORT_FORMATS",
    "GROUP_BY_FIXED",
    "MODES",
    "OPTIONS",
    "SURFACES",
    "Option",
    "Options",
    "effective_profile",
    "effective_source",
    "from_query_params",
    "option",
    "parse_filters",
    "reads_cached_replies",
    "resolve",
    "to_command",
    "to_query_params",
]

_BY_NAME: dict[str, Option] = {opt.name: opt for opt in OPTIONS}


def option(name: str) -> Option:
    """The declared option called `name`."""
    return _BY_NAME[name]


class Options(Mapping[str, Any]):
    """Resolved option values, immutable; attribute access by option name."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_values", dict(values))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Options are immutable; use .replace()")

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __hash__(self) -> int:
        return hash(tuple((k, _hashable(v)) for k, v in sorted(self._values.items())))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Options) and self._values == other._values

    def __repr__(self) -> str:
        return f"Options({self._values!r})"

    def __reduce__(self) -> tuple[type[Options], tuple[dict[str, Any]]]:
        # pickling (st.cache_data, multiprocessing) must bypass the immutable __setattr__
        return (Options, (self._values,))

    def replace(self, **changes: Any) -> Options:
        """A copy with some options changed (re-resolved, so checks still apply)."""
        given = {k: v for k, v in self._values.items() if v != option(k).default_for(self.mode)}
        given.update(changes)
        return resolve(given.pop("mode", self.mode), given)

    def is_default(self, name: str) -> bool:
        """True when the value equals the persona default."""
        return bool(self._values[name] == option(name).default_for(self.mode))


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _today() -> date:
    return datetime.now(UTC).date()


def resolve(mode: str, given: Mapping[str, Any] | None = None) -> Options:
    """Explicit values beat persona defaults; cross-option rules are checked here."""
    mode = str(option("mode").coerce(mode))
    given = dict(given or {})
    unknown = sorted(set(given) - set(_BY_NAME) - {"mode"})
    if unknown:
        raise OptionError(f"unknown option {unknown[0]!r}")
    values: dict[str, Any] = {"mode": mode}
    for opt in OPTIONS[1:]:
        raw = given.get(opt.name)
        value = opt.coerce(raw) if raw is not None else None
        values[opt.name] = opt.default_for(mode) if value is None else value
    return Options(_cross_checks(values))


def _cross_checks(values: dict[str, Any]) -> dict[str, Any]:
    if values["profile"] and values["all_profile"]:
        raise OptionError("--profile and --all-profile cannot be used together",
                          fix="use --profile for one account or --all-profile for the organization")
    if values["as_of"] is None:
        values["as_of"] = _today()
    if values["as_of"] > _today():
        raise OptionError(f"--as-of: {values['as_of']} is in the future",
                          fix="use a day up to today (UTC)")
    if values["month"] and values["month"] > values["as_of"].strftime("%Y-%m"):
        raise OptionError(f"--month {values['month']} is after --as-of {values['as_of']}")
    if values["watch_threshold"] > values["spike_threshold"]:
        raise OptionError(f"--spike-threshold ({values['spike_threshold']:g}%) must be at least "
                          f"--watch-threshold ({values['watch_threshold']:g}%)",
                          fix="Raise --spike-threshold or lower --watch-threshold")
    _check_required(values)
    values["page_size"] = values["page_size"].lower() if values["page_size"] else "a4"
    if values["timeframe"] == "hourly" and not values["month"]:
        _check_hourly(values)
    return values


def _check_required(values: dict[str, Any]) -> None:
    """The options the chosen source cannot read without (files: --path)."""
    source = effective_source(Options(values))
    for name, placeholder in source_class(source).required_options.items():
        if not values[name]:
            flag = option(name).flag
            raise OptionError(f"--source {source} needs {flag}", fix=f"Add {flag} {placeholder}")


def _check_hourly(values: dict[str, Any]) -> None:
    # Export files and Athena tables are read as daily totals; Cost Explorer keeps hourly data
    # only for its last 14 days (the demo has no such limit).
    from .periods import check_hourly_retention

    source = effective_source(Options(values))
    found = source_class(source)
    if not found.hourly:
        raise OptionError(f"--timeframe hourly is not available with --source {source}",
                          fix=f"hourly needs --source {' or '.join(hourly_sources())}; "
                              "or use --timeframe daily")
    if found.hourly_recent_only:
        check_hourly_retention(values["as_of"], _today())


def effective_profile(opts: Options) -> str | None:
    """The profile in use: --all-profile, --profile, then AWS_PROFILE."""
    return opts.all_profile or opts.profile or os.environ.get("AWS_PROFILE") or None


def reads_cached_replies(opts: Options) -> bool:
    """False when --no-cache or --refresh asks AWS again instead of reusing cached replies
    and activity scans (the day store's closed days: only --no-cache)."""
    return not (opts.get("no_cache") or opts.get("refresh"))


def effective_source(opts: Options) -> str:
    """Resolve source=auto: ce when a profile is given or AWS_PROFILE is set, else demo."""
    if opts.source != "auto":
        return str(opts.source)
    return auto_source(bool(effective_profile(opts)))


def to_query_params(opts: Options) -> dict[str, str | list[str]]:
    """Non-default options as URL query parameters; as_of always, so links stay reproducible.
    A repeatable option repeats its parameter: its values may contain commas."""
    params: dict[str, str | list[str]] = {}
    for opt in OPTIONS:
        if "link" not in opt.surfaces or opt.name == "mode":
            continue
        value = opts[opt.name]
        if opt.name == "as_of" or value != opt.default_for(opts.mode):
            params[opt.name] = list(value) if opt.kind == "multi" else opt.to_text(value)
    return params


def from_query_params(mode: str, params: Mapping[str, Any]) -> Options:
    """Options from URL query parameters (unknown parameters are ignored, bad values raise)."""
    given = {k: v for k, v in params.items() if k in _BY_NAME and "link" in _BY_NAME[k].surfaces}
    given.pop("mode", None)
    for name, value in list(given.items()):
        if _BY_NAME[name].kind == "multi" and isinstance(value, str):
            given[name] = [value]
    return resolve(mode, given)


# Options that say where and how a report is delivered, not what it contains.
DELIVERY_OPTIONS = frozenset({"export", "output_dir", "screenshot"})


def to_command(opts: Options, extra: Mapping[str, Any] | None = None,
               omit: frozenset[str] = frozenset()) -> str:
    """The `python -m finops_lib dashboard …` line that reproduces these options."""
    import shlex

    parts = ["python", "-m", "finops_lib", "dashboard", "--mode", opts.mode]
    values = dict(opts) | dict(extra or {})
    for opt in OPTIONS[1:]:
        if opt.name in omit:
            continue
        value = values[opt.name]
        if opt.name != "as_of" and value == opt.default_for(opts.mode):
            continue
        if opt.kind == "bool":
            parts.append(opt.flag if value else "--no-" + opt.flag[2:])
        elif opt.kind == "multi":
            for item in value:
                parts += [opt.flag, item]
        else:
            parts += [opt.flag, opt.to_text(value)]
    return " ".join(shlex.quote(p) for p in parts)


def parse_filters(filters: tuple[str, ...]) -> list[tuple[str, str, Any]]:
    """`--filter` texts as (field, op, value) triples; dimension values are comma lists."""
    parsed: list[tuple[str, str, Any]] = []
    for text in filters:
        keyed = KEYED_FILTER_RE.match(text.strip())
        if keyed:  # field "tag:KEY" / "cost-category:NAME"; "" in the values = untagged
            values = [v.strip() for v in keyed.group(3).split(",")] or [""]
            parsed.append((f"{keyed.group(1).lower()}:{keyed.group(2).strip()}", "in",
                           list(dict.fromkeys(values))))
            continue
        ou = OU_FILTER_RE.match(text.strip())
        if ou:
            parsed.append(("ou", "in", split_items(ou.group(1))))
            continue
        match = FILTER_RE.match(text.strip())
        assert match is not None  # checked at resolve time
        if match.group(1):
            parsed.append((match.group(1).lower(), "in", split_items(match.group(2))))
        else:
            parsed.append(("cost", match.group(3), float(match.group(4))))
    return parsed
