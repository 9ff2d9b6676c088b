"""The signal registry: signals register themselves by decorator with their declared parameters;
user overrides (`--activity-param CODE.param=value`) are validated against those declarations."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping

from ..errors import OptionError
from .model import RESOURCE_TYPES, Evaluate, Param, SignalSpec

__all__ = [
    "SIGNALS",
    "all_signals",
    "catalog_markdown",
    "lookback_days",
    "parse_overrides",
    "resolved_params",
    "signal",
    "signals_for",
]

SIGNALS: dict[str, SignalSpec] = {}


def signal(
    code: str,
    title: str,
    resource_type: str,
    *,
    weight: int,
    params: tuple[Param, ...] = (),
    remediation: str,
    iam_actions: tuple[str, ...] = (),
    needs_running: bool = False,
) -> Callable[[Evaluate], Evaluate]:
    """Register the decorated function as signal `code` with its metadata."""

    def register(fn: Evaluate) -> Evaluate:
        if code in SIGNALS:
            raise ValueError(f"signal {code} registered twice")
        SIGNALS[code] = SignalSpec(code, title, resource_type, weight, fn, params, remediation,
                                   iam_actions, needs_running)
        return fn

    return register


def all_signals() -> dict[str, SignalSpec]:
    """Every registered signal (importing the signal modules on first use)."""
    importlib.import_module("finops_lib.activity.signals")
    order = list(RESOURCE_TYPES)
    ranked = sorted(SIGNALS.values(), key=lambda s: (order.index(s.resource_type), s.code))
    if list(SIGNALS) != [s.code for s in ranked]:  # catalog order: EC2, RDS, S3, then the rest
        SIGNALS.clear()
        SIGNALS.update((s.code, s) for s in ranked)
    return SIGNALS


def signals_for(resource_type: str) -> tuple[SignalSpec, ...]:
    """The signals of one resource type, in registration (catalog) order."""
    return tuple(s for s in all_signals().values() if s.resource_type == resource_type)


def _param(spec: SignalSpec, name: str) -> Param:
    for p in spec.params:
        if p.name == name:
            return p
    names = ", ".join(p.name for p in spec.params) or "none"
    raise OptionError(f"--activity-param: signal {spec.code} has no parameter {name!r}",
                      fix=f"its parameters are: {names}")


def _value(spec: SignalSpec, p: Param, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise OptionError(f"--activity-param: {spec.code}.{p.name} expects a number in {p.unit}, "
                          f"got {text!r}") from None
    bad = value < p.minimum or (p.maximum is not None and value > p.maximum) or (
        p.integer and not value.is_integer()) or value != value
    if bad:
        top = f"..{p.maximum:g}" if p.maximum is not None else " or more"
        kind = "a whole number " if p.integer else ""
        raise OptionError(f"--activity-param: {spec.code}.{p.name} must be {kind}{p.minimum:g}"
                          f"{top} ({p.unit}), got {text!r}")
    return value


def parse_overrides(items: Iterable[str]) -> dict[str, dict[str, float]]:
    """`CODE.param=value` texts -> {code: {param: value}}, or a one-line OptionError."""
    signals = all_signals()
    out: dict[str, dict[str, float]] = {}
    for item in items:
        head, sep, text = str(item).partition("=")
        code, dot, name = head.strip().partition(".")
        if not sep or not dot or not name.strip() or not text.strip():
            raise OptionError(f"--activity-param: cannot read {item!r}",
                              fix="use CODE.param=value, e.g. E2.cpu_percent_below=5")
        spec = signals.get(code.strip().upper())
        if spec is None:
            raise OptionError(f"--activity-param: unknown signal code {code.strip()!r}",
                              fix=f"use one of {', '.join(sorted(signals))}")
        p = _param(spec, name.strip())
        out.setdefault(spec.code, {})[p.name] = _value(spec, p, text.strip())
    return out


def resolved_params(overrides: Mapping[str, Mapping[str, float]] | None = None
                    ) -> dict[str, dict[str, float]]:
    """Every signal's parameters: declared defaults with the user's overrides applied."""
    overrides = overrides or {}
    return {code: spec.defaults() | dict(overrides.get(code, {}))
            for code, spec in all_signals().items()}


def lookback_days(params: Mapping[str, Mapping[str, float]], codes: Iterable[str]) -> int:
    """The longest window among `codes` (what a collector must fetch to serve them all)."""
    return max((int(params[c].get("lookback_days", 0)) for c in codes), default=0)


def catalog_markdown() -> str:
    """The signal catalog as a Markdown table (for the README / docs), from the registry."""
    lines = ["| code | resource | signal | window | weight | parameters (default) | IAM |",
             "|---|---|---|---|---|---|---|"]
    for spec in all_signals().values():
        window = f"{spec.lookback_days} d" if spec.lookback_days else "—"
        params = ", ".join(f"`{p.name}`={p.default:g} {p.unit}" for p in spec.params
                           if p.name != "lookback_days") or "—"
        lines.append(f"| {spec.code} | {spec.resource_type} | {spec.title} | {window} | "
                     f"{spec.weight} | {params} | {', '.join(spec.iam_actions)} |")
    return "\n".join(lines) + "\n"
