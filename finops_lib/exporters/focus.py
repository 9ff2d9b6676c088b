"""The canonical cost table as a FOCUS 1.0 CSV (`--export focus`).

Columns, their order and their value formats follow the FinOps Foundation's FOCUS 1.0 sample
(timestamps "YYYY-MM-DD HH:MM:SS", decimals with 10 places). One FOCUS row per canonical row
(a day — for an hourly report, an hour — × account × service × region); BilledCost and
EffectiveCost both carry the report's amount for its cost metric, so `--source files` reads the
file back to the same totals with either unblended or amortized. Null cells are written empty;
text cells that start like a spreadsheet formula are prefixed with a quote, as in the CSV export.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from ..catalog import category_of
from ..report import Report
from ..sources.base import CANONICAL_COLUMNS
from .csv_export import neutralise

__all__ = ["FOCUS_COLUMNS", "render", "render_focus", "write_focus"]

FOCUS_COLUMNS: tuple[str, ...] = (
    "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName",
    "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
    "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart",
    "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName",
    "CommitmentDiscountStatus", "CommitmentDiscountType", "ConsumedQuantity", "ConsumedUnit",
    "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName", "ListCost",
    "ListUnitPrice", "PricingCategory", "PricingQuantity", "PricingUnit", "ProviderName",
    "PublisherName", "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType",
    "ServiceCategory", "ServiceName", "SkuId", "SkuPriceId", "SubAccountId", "SubAccountName",
    "Tags",
)

# The catalog's categories → FOCUS 1.0 ServiceCategory values.
_FOCUS_CATEGORY: dict[str, str] = {
    "Compute": "Compute", "Containers": "Compute", "Storage": "Storage",
    "Database": "Databases", "Networking": "Networking", "Edge/CDN": "Networking",
    "Analytics": "Analytics", "AI/ML": "AI and Machine Learning", "Security": "Security",
    "Management": "Management and Governance", "Other": "Other",
}
_AWS = "Amazon Web Services, Inc."
_TIME = "%Y-%m-%d %H:%M:%S"
# Money and time cells are written by this module; every other cell may come from a bill.
_OWN_COLUMNS = frozenset({"BilledCost", "EffectiveCost", "ListCost", "ContractedCost",
                          "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart",
                          "ChargePeriodEnd"})


def _focus_frame(frame: pd.DataFrame) -> pd.DataFrame:
    rows = frame.reindex(columns=list(CANONICAL_COLUMNS))
    start = pd.to_datetime(rows["date"])
    day = start.dt.normalize()
    # hourly reports keep the hour in `date`: each row then charges one hour, not the day
    hourly = bool((start != day).any())
    charge_start, step, grain = (start, pd.Timedelta(hours=1), "hourly") if hourly else (
        day, pd.Timedelta(days=1), "daily")
    month = day.dt.to_period("M").dt.to_timestamp()
    amount = pd.to_numeric(rows["amount"], errors="coerce").fillna(0.0).map(
        lambda v: f"{v:.10f}")
    service = rows["service"].fillna("").astype(str)
    account = rows["account_id"].fillna("").astype(str)
    name = rows["account_name"].fillna("").astype(str).where(lambda s: s != "", account)
    out = pd.DataFrame({column: "" for column in FOCUS_COLUMNS}, index=rows.index)
    out = out.assign(
        BilledCost=amount, EffectiveCost=amount, ListCost=amount, ContractedCost=amount,
        BillingAccountId=account, BillingAccountName=name,
        BillingCurrency=rows["currency"].fillna("USD").replace("", "USD"),
        BillingPeriodStart=month.dt.strftime(_TIME),
        BillingPeriodEnd=(month + pd.offsets.MonthBegin(1)).dt.strftime(_TIME),
        ChargePeriodStart=charge_start.dt.strftime(_TIME),
        ChargePeriodEnd=(charge_start + step).dt.strftime(_TIME),
        ChargeCategory=service.map(lambda s: "Tax" if s == "Tax" else "Usage"),
        ChargeDescription=service + f" {grain} cost",
        ChargeFrequency="Usage-Based",
        InvoiceIssuerName=_AWS, PublisherName=_AWS, ProviderName="AWS",
        RegionId=rows["region"].fillna("").astype(str),
        ServiceName=service,
        ServiceCategory=service.map(lambda s: _FOCUS_CATEGORY.get(category_of(s), "Other")),
        SubAccountId=account, SubAccountName=name,
    )
    out = out[list(FOCUS_COLUMNS)]
    # a spreadsheet runs a cell starting with = + - @ as a formula: quote such names; a bare
    # carriage return would split the row for some readers, so text cells are one line
    for column in FOCUS_COLUMNS:
        if column not in _OWN_COLUMNS:
            out[column] = out[column].map(neutralise).map(_one_line)
    return out


def _one_line(value: object) -> object:
    return value.replace("\r", " ").replace("\n", " ") if isinstance(value, str) else value


def render_focus(frame: pd.DataFrame) -> bytes:
    """The canonical table as FOCUS 1.0 CSV bytes (UTF-8, header first)."""
    buffer = io.StringIO()
    _focus_frame(frame).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def write_focus(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write the canonical table as a FOCUS 1.0 CSV file; returns the path."""
    target = Path(path)
    target.write_bytes(render_focus(frame))
    return target


def render(report: Report) -> list[tuple[str, bytes]]:
    """The report's canonical rows as a FOCUS 1.0 CSV."""
    return [("-focus.csv", render_focus(report.frame))]
