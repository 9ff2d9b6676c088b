"""Architect consistency checks that can fail: the figures a report shows, added up along
independent paths (services table, accounts table, category tree, daily series, the ungrouped
rows), plus currency and NaN/negative sanity. A registry of small checks; each sees `Figures`."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from .formatting import fmt_money
from .report import Check

__all__ = ["CHECKS", "Figures", "run_checks", "worst"]

CENT = 0.01


@dataclass(frozen=True)
class Figures:
    """The current period's total as each path computes it (None = the path is not shown)."""

    total: float  # fsum of the ungrouped rows
    services: float | None  # the services table as shown (rows, Others included)
    accounts: float | None  # the accounts table as shown (multi-account scope)
    categories: float | None  # the category tree's top level
    days: float  # the daily series over the current period
    shown_rows: int  # rows whose rounding the sums may carry
    currencies: tuple[str, ...]
    nan_rows: int
    negative_services: tuple[str, ...] = ()


Rule = Callable[[Figures], Check | None]
CHECKS: list[Rule] = []


def check(func: Rule) -> Rule:
    """Register a consistency check."""
    CHECKS.append(func)
    return func


def _tolerance(fig: Figures) -> float:
    # Each shown row is rounded to the cent: a sum of n of them may drift by n half-cents.
    return CENT + 0.005 * fig.shown_rows


def _agree(name: str, value: float | None, fig: Figures) -> Check | None:
    if value is None:
        return None
    diff = abs(value - fig.total)
    ok = math.isfinite(diff) and diff <= _tolerance(fig)
    return Check(f"{name} add up to the ungrouped total", ok,
                 f"{fmt_money(value)} vs {fmt_money(fig.total)} (diff {diff:.4f})")


@check
def services_total(fig: Figures) -> Check | None:
    """The services table (with Others) equals the ungrouped total."""
    return _agree("services", fig.services, fig)


@check
def accounts_total(fig: Figures) -> Check | None:
    """The accounts table (with Others) equals the ungrouped total."""
    return _agree("accounts", fig.accounts, fig)


@check
def categories_total(fig: Figures) -> Check | None:
    """The category tree equals the ungrouped total."""
    return _agree("categories", fig.categories, fig)


@check
def days_total(fig: Figures) -> Check | None:
    """The daily series over the period equals the ungrouped total."""
    return _agree("daily series", fig.days, fig)


@check
def one_currency(fig: Figures) -> Check:
    """Every amount is in one currency."""
    ok = len(fig.currencies) <= 1
    return Check("one currency", ok, ", ".join(fig.currencies) or "no rows")


@check
def finite_amounts(fig: Figures) -> Check:
    """No NaN or infinite amounts (they would print as 'nan')."""
    ok = fig.nan_rows == 0 and math.isfinite(fig.total)
    return Check("every amount is a finite number", ok,
                 f"{fig.nan_rows} rows are NaN" if fig.nan_rows else "none")


@check
def not_negative(fig: Figures) -> Check:
    """Credits may make a service negative, never the whole bill."""
    names = fig.negative_services
    listed = f"; credits exceed usage in {', '.join(names[:3])}" if names else ""
    ok = not (fig.total < 0)
    return Check("the total is not negative", ok, f"total {fmt_money(fig.total)}{listed}")


def run_checks(fig: Figures) -> tuple[Check, ...]:
    """Every registered check that applies."""
    return tuple(c for c in (rule(fig) for rule in CHECKS) if c is not None)


def worst(checks: tuple[Check, ...], validation_passed: bool | None) -> str:
    """The headline's verdict: the worst of the consistency checks and validation."""
    failed = [c.name for c in checks if not c.passed]
    if failed:
        return f"consistency checks FAILED: {', '.join(failed)}."
    if validation_passed is False:
        return "consistency checks passed, but validation FAILED (see Validation)."
    return "consistency checks passed."
