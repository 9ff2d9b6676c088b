"""Display text shared by the terminal, Markdown, HTML/PDF, notebooks and the app: money, percent,
cells by column kind, KPI text and status icons."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # report imports options, which imports the exporter registry and this module
    from .report import Kpi

__all__ = ["COMPACT_FROM", "STATUS_ICONS", "current_currency", "fmt", "fmt_money",
           "fmt_money_compact", "fmt_pct", "format_money", "in_currency", "is_currency",
           "kpi_text", "money_in", "sparkline", "status_text"]

_BARS = "▁▂▃▄▅▆▇█"
# The currency money cells are shown in while one report renders (set by `money_in`).
_CURRENCY: ContextVar[str] = ContextVar("currency", default="USD")
SYMBOLS: dict[str, str] = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
F = TypeVar("F", bound=Callable[..., Any])


def is_currency(unit: str) -> bool:
    """True for an ISO 4217 code such as USD or EUR (a KPI's unit when it is money)."""
    return len(unit) == 3 and unit.isalpha() and unit.isupper()


def format_money(amount: float | None, currency: str = "USD", signed: bool = False) -> str:
    """$1,234.56 / €1,234.56 / 1,234.56 CHF; -… for decreases, +… with signed=True."""
    if amount is None:
        return "—"
    if not math.isfinite(amount):
        return f"not a number ({amount})"
    sign = "-" if amount < 0 else ("+" if signed and amount > 0 else "")
    symbol = SYMBOLS.get(currency)
    if symbol:
        return f"{sign}{symbol}{abs(amount):,.2f}"
    return f"{sign}{abs(amount):,.2f} {currency}"


def current_currency() -> str:
    """The currency of the report being rendered (USD outside a renderer)."""
    return _CURRENCY.get()


def fmt_money(value: float | None, signed: bool = False, currency: str | None = None) -> str:
    """Money in `currency`, or in the currency of the report being rendered."""
    return format_money(value, currency or _CURRENCY.get(), signed)


@contextmanager
def money_in(currency: str) -> Iterator[None]:
    """Format money in `currency` while the block runs (one report's rendering)."""
    token = _CURRENCY.set(currency or "USD")
    try:
        yield
    finally:
        _CURRENCY.reset(token)


def in_currency(func: F) -> F:
    """Decorator for renderers whose first argument is a Report: money in its currency."""
    @functools.wraps(func)
    def wrapper(report: Any, *args: Any, **kwargs: Any) -> Any:
        with money_in(getattr(report, "currency", "USD")):
            return func(report, *args, **kwargs)
    return wrapper  # type: ignore[return-value]


COMPACT_FROM = 100_000.0  # from this size a headline figure is shown as $453.9k / $1.07M
_SCALES = ((1e12, "T", 2), (1e9, "B", 2), (1e6, "M", 2), (1e3, "k", 1))


def fmt_money_compact(value: float | None, signed: bool = False,
                      currency: str | None = None) -> str:
    """$453.9k, €1.07M, 1.07M CHF (exact below COMPACT_FROM): a figure that fits a card; the
    exact value belongs in its tooltip."""
    code = currency or _CURRENCY.get()
    if value is None or abs(value) < COMPACT_FROM:
        return format_money(value, code, signed)
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    # the largest scale whose rounded figure is at least 1 ($999,960 is $1.00M, not $1,000.0k)
    scale, suffix, places = next(s for s in _SCALES if round(abs(value) / s[0], s[2]) >= 1)
    figure = f"{abs(value) / scale:,.{places}f}{suffix}"
    symbol = SYMBOLS.get(code)
    return f"{sign}{symbol}{figure}" if symbol else f"{sign}{figure} {code}"


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


def fmt(value: Any, kind: str, currency: str | None = None) -> str:
    """Format a table cell by its column kind (money in `currency` or the report's)."""
    if value is None or (isinstance(value, float) and value != value) \
            or (value == "" and kind != "text"):
        return "" if value == "" else "—"
    if kind == "money":
        return fmt_money(float(value), currency=currency)
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


def kpi_text(kpi: Kpi) -> str:
    """A KPI's value (and change) as text, the same on every surface."""
    money_unit = kpi.unit if is_currency(kpi.unit) else None
    if money_unit:
        value = fmt_money(kpi.value if isinstance(kpi.value, (int, float)) else None,
                          currency=money_unit)
    elif kpi.unit == "%":
        # a % KPI is a level (coverage, utilization, share), not a change: no sign
        value = fmt_pct(kpi.value if isinstance(kpi.value, (int, float)) else None, signed=False)
    else:
        value = str(kpi.value)
    extra = []
    if kpi.delta is not None:
        extra.append(fmt_money(kpi.delta, signed=True, currency=money_unit))
    if kpi.delta_pct is not None:
        extra.append(fmt_pct(kpi.delta_pct))
    return value + (f" ({', '.join(extra)})" if extra else "")


# The icon before a status cell (anomaly direction and severity, budget, tier, priority) where
# the surface can show one: terminal and app. The PDF shows the same word in a coloured pill.
STATUS_ICONS: dict[str, str] = {
    "SPIKE": "🔴", "DROP": "🟢", "WATCH": "🟡", "NORMAL": "✅", "NEW": "🆕", "GONE": "⚫",
    "MUST": "🔴", "SHOULD": "🟠", "COULD": "🟡", "KEEP": "✅", "UNKNOWN": "❔",
}


def status_text(status: Any) -> str:
    """A status cell with its icon ("🔴 SPIKE"); a status without one is shown as is."""
    text = "" if status is None else str(status)
    return f"{STATUS_ICONS.get(text, '')} {text}".strip()
