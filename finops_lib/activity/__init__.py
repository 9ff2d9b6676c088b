"""Resource activity analysis: signals, decommission score and the Activity Health Tree."""

from __future__ import annotations

from .registry import SIGNALS, all_signals, parse_overrides, resolved_params, signal, signals_for

__all__ = ["SIGNALS", "all_signals", "parse_overrides", "resolved_params", "signal",
           "signals_for"]
