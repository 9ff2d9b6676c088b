"""`--budgets FILE`: budgets from a YAML or CSV file (format in docs/budgets.md).

YAML: a list (or a mapping with a `budgets:` list) of entries with `name`, `scope`, `period`,
`amount`, `currency` and optional `planned` (period start YYYY-MM-DD or YYYY-MM → amount).
CSV: one budget per row with the columns name, scope, period, amount, currency. `scope` is
`organization` or one or more `--filter` texts separated by ` AND ` (tag:team=web AND ou:Prod).
Every problem is reported as one line naming the file and the entry.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .budgets import PERIODS, Budget
from .errors import OptionError
from .options import option

__all__ = ["coverage_target", "load_budgets", "parse_budgets"]

_PERIOD_ALIASES = {"month": "monthly", "quarter": "quarterly", "year": "annually",
                   "yearly": "annually", "annual": "annually"}


def _fail(where: str, what: str, fix: str = "see docs/budgets.md for the format") -> OptionError:
    return OptionError(f"--budgets {where}: {what}", fix=fix)


def _filters(where: str, scope: Any) -> tuple[str, ...]:
    text = str(scope or "organization").strip()
    if text.lower() in ("organization", "org", "all", "*"):
        return ()
    parts = tuple(p.strip() for p in text.replace(" and ", " AND ").split(" AND ") if p.strip())
    try:
        option("filter").coerce(list(parts))
    except OptionError as exc:
        raise _fail(where, f"scope {text!r} is not readable ({exc.message})",
                    "use organization, account:ID, ou:NAME, service:NAME, tag:KEY=VALUE or "
                    "cost-category:NAME=VALUE") from None
    if any(p.lower().startswith("cost") and p[4:5] in "<> " for p in parts):
        raise _fail(where, f"scope {text!r}: cost bounds are not a budget scope")
    return parts


def _amount(where: str, value: Any, what: str = "amount") -> float:
    try:
        number = float(str(value).replace(",", "").strip())
    except (TypeError, ValueError):
        raise _fail(where, f"{what} {value!r} is not a number") from None
    if number <= 0:
        raise _fail(where, f"{what} must be above 0, got {value!r}")
    return number


def _planned(where: str, planned: Any) -> dict[str, float]:
    if planned in (None, ""):
        return {}
    if not isinstance(planned, Mapping):
        raise _fail(where, "planned must map period starts (YYYY-MM-DD) to amounts")
    out = {}
    for key, value in planned.items():
        text = str(key).strip()
        start = text + "-01" if len(text) == 7 else text
        out[start] = _amount(where, value, f"planned amount for {text}")
    return out


def _budget(entry: Any, where: str) -> Budget:
    if not isinstance(entry, Mapping):
        raise _fail(where, "each budget must be a mapping with name, scope, period, amount")
    period = str(entry.get("period") or "monthly").strip().lower()
    period = _PERIOD_ALIASES.get(period, period)
    if period not in PERIODS:
        raise _fail(where, f"period {entry.get('period')!r} is not one of {', '.join(PERIODS)}")
    if entry.get("amount") in (None, ""):
        raise _fail(where, "amount is missing")
    currency = str(entry.get("currency") or "USD").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise _fail(where, f"currency {entry.get('currency')!r} is not an ISO code like USD")
    filters = _filters(where, entry.get("scope"))
    name = str(entry.get("name") or (" AND ".join(filters) or "organization")).strip()
    return Budget(name, filters, period, _amount(where, entry["amount"]), currency,
                  _planned(where, entry.get("planned")))


def parse_budgets(text: str, name: str) -> tuple[Budget, ...]:
    """Budgets from the text of a YAML (.yaml/.yml) or CSV (.csv) file called `name`."""
    if name.lower().endswith(".csv"):
        rows: list[Any] = list(csv.DictReader(io.StringIO(text)))
        entries = [{k.strip().lower(): v for k, v in r.items() if k} for r in rows]
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise _fail(name, f"not valid YAML ({str(exc).splitlines()[0]})") from None
        data = data.get("budgets") if isinstance(data, Mapping) else data
        if not isinstance(data, list):
            raise _fail(name, "expected a list of budgets (or budgets: [...])")
        entries = data
    if not entries:
        raise _fail(name, "holds no budgets")
    budgets = tuple(_budget(e, f"{name} entry {i}") for i, e in enumerate(entries, start=1))
    names = [b.name for b in budgets]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise _fail(name, f"two budgets are called {duplicate!r}", "give each budget its name")
    return budgets


def load_budgets(path: str | Path) -> tuple[Budget, ...]:
    """Read and parse a budgets file; a missing or unreadable file is one clear line."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(str(path), f"cannot read the file ({type(exc).__name__})",
                    "check the path given to --budgets") from None
    return parse_budgets(text, file.name)


def coverage_target(path: str | Path) -> float | None:
    """The YAML file's top-level `commitment_coverage_target` (%), None when it has none."""
    file = Path(path)
    if file.name.lower().endswith(".csv"):
        return None
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # load_budgets reports an unreadable file in one line
    value = data.get("commitment_coverage_target") if isinstance(data, Mapping) else None
    if value in (None, ""):
        return None
    target = _amount(file.name, value, "commitment_coverage_target")
    if target > 100:
        raise _fail(file.name, f"commitment_coverage_target {value!r} is over 100 %")
    return target
