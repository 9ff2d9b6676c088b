"""The signal registry: signals register themselves by decorator with their declared parameters,
the CloudWatch metrics and API calls their data comes from; collectors, the IAM policy and the
catalog read those declarations. User overrides (`--activity-param CODE.param=value`) are
validated against the declared parameters."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping

from ..errors import OptionError
from .model import RESOURCE_TYPES, ApiCall, Evaluate, Metric, Param, SignalSpec

__all__ = [
    "SIGNALS",
    "all_signals",
    "catalog_markdown",
    "codes_calling",
    "lookback_days",
    "metric_windows",
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
    calls: tuple[ApiCall, ...] = (),
    metrics: tuple[Metric, ...] = (),
    needs_running: bool = False,
) -> Callable[[Evaluate], Evaluate]:
    """Register the decorated function as signal `code` with its metadata and data sources."""

    def register(fn: Evaluate) -> Evaluate:
        if code in SIGNALS:
            raise ValueError(f"signal {code} registered twice")
        spec = SignalSpec(code, title, resource_type, weight, fn, params, remediation, calls,
                          needs_running, metrics)
        if resource_type not in RESOURCE_TYPES:
            raise ValueError(f"signal {code}: unknown resource type {resource_type!r}")
        _check_metrics(spec)
        SIGNALS[code] = spec
        _rank()
        return fn

    return register


def _check_metrics(spec: SignalSpec) -> None:
    """A metric key means one series per resource type: every signal must declare it alike."""
    windowed = spec.lookback_days is not None
    for metric in spec.metrics:
        if metric.days is None and not windowed:
            raise ValueError(f"signal {spec.code}: metric {metric.key} needs a window "
                             "(a lookback_days parameter or the metric's days)")
        for other in SIGNALS.values():
            for known in other.metrics:
                same = (other.resource_type, known.key, known.variant) == (
                    spec.resource_type, metric.key, metric.variant)
                if same and (known.namespace, known.name, known.statistic, known.period_s,
                             known.dimensions) != (metric.namespace, metric.name,
                                                   metric.statistic, metric.period_s,
                                                   metric.dimensions):
                    raise ValueError(f"signal {spec.code}: metric {metric.key} differs from "
                                     f"{other.code}'s declaration")


def _rank() -> None:
    """Keep SIGNALS in catalog order (EC2, RDS, S3, then the rest) as signals register, so that
    readers (collector threads among them) never see the registry reordered under them."""
    order = list(RESOURCE_TYPES)
    ranked = sorted(SIGNALS.values(), key=lambda s: (order.index(s.resource_type), s.code))
    if list(SIGNALS) != [s.code for s in ranked]:
        SIGNALS.clear()
        SIGNALS.update((s.code, s) for s in ranked)


def all_signals() -> dict[str, SignalSpec]:
    """Every registered signal (importing the signal modules on first use), in catalog order."""
    importlib.import_module("finops_lib.activity.signals")
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


def metric_windows(resource_type: str, params: Mapping[str, Mapping[str, float]],
                   variant: str = "") -> dict[str, tuple[Metric, int]]:
    """Key -> (metric, days) for every metric the type's signals declare (for `variant`), each
    over the longest window among the signals reading it (what a collector must fetch)."""
    out: dict[str, tuple[Metric, int]] = {}
    for spec in signals_for(resource_type):
        for metric in spec.metrics:
            if metric.variant not in ("", variant):
                continue
            days = metric.days if metric.days is not None else int(
                params.get(spec.code, spec.defaults()).get("lookback_days", 0))
            if metric.key not in out or days > out[metric.key][1]:
                out[metric.key] = (metric, days)
    return out


def codes_calling(resource_type: str, service: str, operation: str) -> tuple[str, ...]:
    """Codes of the type's signals whose data comes from that API call (none: skip the call)."""
    return tuple(s.code for s in signals_for(resource_type)
                 if any((c.service, c.operation) == (service, operation) for c in s.calls))


def catalog_markdown() -> str:
    """The signal catalog as a Markdown table (for the README / docs), from the registry."""
    lines = ["| code | resource | signal | window | weight | parameters (default) | metrics | "
             "IAM |", "|---|---|---|---|---|---|---|---|"]
    for spec in all_signals().values():
        window = f"{spec.lookback_days} d" if spec.lookback_days else "—"
        params = ", ".join(f"`{p.name}`={p.default:g} {p.unit}" for p in spec.params
                           if p.name != "lookback_days") or "—"
        metrics = ", ".join(dict.fromkeys(m.label() for m in spec.metrics)) or "—"
        lines.append(f"| {spec.code} | {spec.resource_type} | {spec.title} | {window} | "
                     f"{spec.weight} | {params} | {metrics} | {', '.join(spec.iam_actions)} |")
    return "\n".join(lines) + "\n"
