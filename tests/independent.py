"""Independent recomputation of report figures with plain Python (no pandas groupby), so tests
do not check the library against itself."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from finops_lib.catalog import category_of
from finops_lib.periods import Period


def cents(value: float) -> Decimal:
    """A float rounded to cents as a Decimal."""
    return Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def sums(frame, period: Period, key: str | tuple[str, ...]) -> dict:
    """Sum of `amount` per key over the rows whose day is inside `period`, by iteration."""
    out: dict = defaultdict(float)
    keys = (key,) if isinstance(key, str) else key
    for row in frame.to_dict("records"):
        day: date = row["date"].date()
        if period.start <= day < period.end:
            label = tuple(category_of(row["service"]) if k == "category" else row[k]
                          for k in keys)
            out[label[0] if len(label) == 1 else label] += row["amount"]
    return dict(out)


def total(frame, period: Period) -> float:
    """Sum of `amount` inside `period`."""
    return sum(row["amount"] for row in frame.to_dict("records")
               if period.start <= row["date"].date() < period.end)


def assert_cents(actual: float, expected: float, what: str = "") -> None:
    """Right to the cent: the shown figure is the exact sum rounded (within half a cent; a sum
    that lands on a half cent may round either way depending on addition order)."""
    assert abs(Decimal(repr(actual)) - Decimal(repr(expected))) <= Decimal("0.005000001"), \
        f"{what}: {actual} != {expected}"
    assert cents(actual) == Decimal(repr(actual)).quantize(Decimal("0.01")), \
        f"{what}: {actual} is not rounded to cents"


def labels(rows: Iterable[dict], key: str) -> list:
    """The label column of table rows, without the Others row."""
    return [r[key] for r in rows if not str(r[key]).startswith("Others (")]


def by_currency(frame, period: Period) -> dict[str, float]:
    """Sum of `amount` per billing currency inside `period`, by iteration."""
    return sums(frame, period, "currency")


def focus_file_sums(path, period: Period, key: str = "BillingCurrency",
                    column: str = "BilledCost") -> dict[str, Decimal]:
    """Straight from a FOCUS CSV with csv and Decimal (no DuckDB, no pandas): `column` of the
    AWS rows charged inside `period`, summed per `key` (a FOCUS column)."""
    import csv

    out: dict[str, Decimal] = defaultdict(Decimal)
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            day = date.fromisoformat(row["ChargePeriodStart"][:10])
            if row["ProviderName"].lower() not in ("aws", "amazon web services") \
                    or not period.start <= day < period.end:
                continue
            text = row[column]
            out[row[key]] += Decimal(0) if text in ("", "NULL") else Decimal(text)
    return dict(out)
