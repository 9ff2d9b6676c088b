"""Value formatting shared by the terminal, Markdown, HTML/PDF and the app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["COMPACT_FROM", "fmt", "fmt_money", "fmt_money_compact", "fmt_pct", "sparkline"]

_BARS = "▁▂▃▄▅▆▇█"


def fmt_money(value: float | None, signed: bool = False) -> str:
    """$1,234.56, or -$1,234.56; with signed=True a + for increases."""
    if value is None:
        return "—"
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    return f"{sign}${abs(value):,.2f}"


COMPACT_FROM = 100_000.0  # from this size a headline figure is shown as $453.9k / $1.07M
_SCALES = ((1e12, "T", 2), (1e9, "B", 2), (1e6, "M", 2), (1e3, "k", 1))


def fmt_money_compact(value: float | None, signed: bool = False) -> str:
    """$453.9k, $1.07M (exact below COMPACT_FROM): a figure that fits a card; the exact
    value belongs in its tooltip."""
    if value is None or abs(value) < COMPACT_FROM:
        return fmt_money(value, signed)
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    # the largest scale whose rounded figure is at least 1 ($999,960 is $1.00M, not $1,000.0k)
    scale, suffix, places = next(s for s in _SCALES if round(abs(value) / s[0], s[2]) >= 1)
    return f"{sign}${abs(value) / scale:,.{places}f}{suffix}"


def fmt_pct(value: float | None, signed: bool = True) -> str:
    """+12.3% (or — when there is no comparison)."""
    if value is None:
        return "—"
    return f"{value:+.1f}%" if signed else f"{value:.1f}%"


def sparkline(values: Sequence[float]) -> str:
    """A unicode sparkline of daily values."""
    if not values:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    return "".join(_BARS[int((v - low) / span * (len(_BARS) - 1))] for v in values)


def fmt(value: Any, kind: str) -> str:
    """Format a table cell by its column kind."""
    if value is None or (value == "" and kind != "text"):
        return "" if value == "" else "—"
    if kind == "money":
        return fmt_money(float(value))
    if kind == "percent":
        return fmt_pct(float(value))
    if kind == "share":
        return fmt_pct(float(value), signed=False)
    if kind == "spark":
        return sparkline(value)
    if kind == "codes" and isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    if kind == "number" and isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
