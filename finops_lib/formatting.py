"""Value formatting shared by the terminal, Markdown, HTML/PDF and the app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["fmt", "fmt_money", "fmt_pct", "sparkline"]

_BARS = "▁▂▃▄▅▆▇█"


def fmt_money(value: float | None, signed: bool = False) -> str:
    """$1,234.56, or -$1,234.56; with signed=True a + for increases."""
    if value is None:
        return "—"
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    return f"{sign}${abs(value):,.2f}"


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
