"""What an option is and how a raw or typed value becomes its canonical value.

`Option` is one declaration (the table of them is `option_specs.OPTIONS`); `Option.coerce` turns
a raw string (CLI, URL) or a typed value (app, notebook) into the canonical value per `kind`, or
raises `OptionError`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .errors import OptionError, shown

__all__ = ["EARLIEST_DAY", "SURFACES", "Option", "split_items"]

SURFACES = frozenset({"cli", "app", "link", "notebook"})
EARLIEST_DAY = date(2000, 1, 1)  # AWS billing data does not go further back

@dataclass(frozen=True)
class Option:
    """One option: its flag, kind, default, help and where it appears."""

    name: str
    kind: str  # choice | str | int | float | bool | date | month | list | multi
    help: str
    default: Any = None
    choices: tuple[str, ...] = ()
    persona_defaults: Mapping[str, Any] = field(default_factory=dict)
    group: str = "General"
    minimum: float | None = None
    maximum: float | None = None
    surfaces: frozenset[str] = SURFACES
    why_not_in_app: str = ""
    check: Callable[[Any], None] | None = None

    @property
    def flag(self) -> str:
        """The command-line flag, e.g. --top-n."""
        return "--" + self.name.replace("_", "-")

    def default_for(self, mode: str) -> Any:
        """This option's default under a persona."""
        return self.persona_defaults.get(mode, self.default)

    def coerce(self, value: Any) -> Any:
        """Turn a raw or typed value into the canonical value, or raise OptionError."""
        try:
            result = _COERCERS[self.kind](self, value)
        except OptionError:
            raise
        except (TypeError, ValueError) as exc:
            raise OptionError(f"{self.flag}: {exc}") from None
        if self.check is not None and result is not None:
            self.check(result)
        return result

    def to_text(self, value: Any) -> str:
        """Serialise a canonical value for a URL or a command line."""
        if self.kind == "bool":
            return "true" if value else "false"
        if isinstance(value, (list, tuple)):
            return ",".join(str(v) for v in value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)


def _choice(opt: Option, value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    if text not in opt.choices:
        raise OptionError(
            f"{opt.flag}: {shown(value)} is not one of {', '.join(opt.choices)}",
            fix=f"use e.g. {opt.flag} {opt.choices[0]}",
        )
    return text


def _str(opt: Option, value: Any) -> str | None:
    text = None if value is None else str(value).strip()
    return text or None


def _number(opt: Option, value: Any, cast: Callable[[Any], Any]) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise OptionError(f"{opt.flag}: {shown(value)} is not a number")
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (ValueError, OverflowError):
        raise OptionError(f"{opt.flag}: {shown(value)} is not a number",
                          fix=f"use e.g. {opt.flag} {opt.to_text(opt.default or 0)}") from None
    if not math.isfinite(number):
        raise OptionError(f"{opt.flag}: {shown(value)} is not a finite number",
                          fix=f"use e.g. {opt.flag} {opt.to_text(opt.default or 0)}")
    if cast is int and not number.is_integer():
        raise OptionError(f"{opt.flag}: {shown(value)} is not a whole number")
    if opt.minimum is not None and number < opt.minimum:
        raise OptionError(f"{opt.flag}: {shown(value)} is below {opt.minimum:g}",
                          fix=f"use a value from {opt.minimum:g}")
    if opt.maximum is not None and number > opt.maximum:
        raise OptionError(f"{opt.flag}: {shown(value)} is above {opt.maximum:g}",
                          fix=f"use a value up to {opt.maximum:g}")
    return int(number) if cast is int else number


def _bool(opt: Option, value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise OptionError(f"{opt.flag}: {shown(value)} is not true or false")


def _date(opt: Option, value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise OptionError(f"{opt.flag}: {shown(value)} is not a date",
                              fix="use YYYY-MM-DD") from None
    if day < EARLIEST_DAY:
        raise OptionError(f"{opt.flag}: {day} is before {EARLIEST_DAY}",
                          fix="use a day from 2000-01-01 to today")
    return day


def _month(opt: Option, value: Any) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise OptionError(f"{opt.flag}: {shown(value)} is not a month",
                          fix="use YYYY-MM, e.g. 2026-10")
    if text < EARLIEST_DAY.strftime("%Y-%m"):
        raise OptionError(f"{opt.flag}: {text} is before {EARLIEST_DAY:%Y-%m}",
                          fix="use a month from 2000-01 on")
    return text


def split_items(value: Any) -> list[str]:
    """Comma lists and repeated values as one list of stripped, non-empty items."""
    if value is None:
        return []
    raw = [value] if isinstance(value, str) else list(value)
    return [part.strip() for item in raw for part in str(item).split(",") if part.strip()]


def _list(opt: Option, value: Any) -> tuple[str, ...]:
    items = split_items(value)
    if opt.choices:
        items = [str(_choice(opt, item)) for item in items]
    return tuple(dict.fromkeys(items))


def _multi(opt: Option, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    raw = [value] if isinstance(value, str) else list(value)
    return tuple(str(v).strip() for v in raw if str(v).strip())


_COERCERS: dict[str, Callable[[Option, Any], Any]] = {
    "choice": _choice,
    "str": _str,
    "int": lambda o, v: _number(o, v, int),
    "float": lambda o, v: _number(o, v, float),
    "bool": _bool,
    "date": _date,
    "month": _month,
    "list": _list,
    "multi": _multi,
}
