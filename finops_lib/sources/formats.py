"""What a cost export's columns mean: FOCUS 1.x, CUR 2.0 or legacy CUR, and the metric table.

`detect_format` tells the formats apart by their columns; `Layout` turns a detected format into
the SQL expressions the templates in `sql/` need (usage time, account, service, region, amount
for a metric, from the documented mapping in `metric_mapping`). Every SQL string here is built
from code constants and validated column identifiers, never from user input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..errors import OptionError, SourceError
from .metric_mapping import BY_METRIC, CUR_SERVICE_CODES, FOCUS_SERVICE_NAMES, NET_COLUMNS, TEXT_COLUMNS
from .sql.dialect import Dialect, Fragment

__all__ = [
    "AWS_PROVIDER_NAMES",
    "FORMAT_LABELS",
    "Layout",
    "detect_format",
    "layout_for",
    "legacy_to_snake",
]

FORMAT_LABELS: dict[str, str] = {
    "focus": "FOCUS 1.x",
    "cur2": "CUR 2.0",
    "cur-legacy": "legacy CUR",
}

# FOCUS rows from these providers are AWS's; other providers' rows (a multi-cloud FOCUS file)
# are left out and a notice says so: the dashboard reports AWS spend.
AWS_PROVIDER_NAMES: tuple[str, ...] = ("aws", "amazon web services")


EC2_COMPUTE = "Amazon Elastic Compute Cloud - Compute"
EC2_OTHER = "EC2 - Other"
# Cost Explorer's "- Compute" is instance usage (and its RI/SP lines); EBS, snapshots, NAT,
# data transfer and IPs are "EC2 - Other".
_EC2_USAGE_PATTERNS = ("%BoxUsage%", "%SpotUsage%", "%DedicatedUsage%", "%HostUsage%",
                       "%HeavyUsage%")
_EC2_COMPUTE_FAMILIES = ("Compute Instance", "Compute Instance (bare metal)", "Dedicated Host")

_FOCUS_REQUIRED = ("BilledCost", "ChargePeriodStart", "ServiceName", "SubAccountId")
_CUR_REQUIRED = ("line_item_unblended_cost", "line_item_usage_start_date",
                 "line_item_usage_account_id", "line_item_product_code")


def legacy_to_snake(name: str) -> str:
    """Legacy CUR CSV header → the Athena-style name ("lineItem/UnblendedCost" → line_item_unblended_cost)."""
    parts = [re.sub(r"(?<!^)([A-Z])", r"_\1", part).lower() for part in name.split("/")]
    return "_".join(p.strip("_") for p in parts)


def detect_format(columns: Iterable[str]) -> str:
    """'focus', 'cur2' or 'cur-legacy' from the column names, or a SourceError."""
    names = list(columns)
    lower = {n.lower() for n in names}
    if {c.lower() for c in _FOCUS_REQUIRED} <= lower:
        return "focus"
    snake = {legacy_to_snake(n) if "/" in n else n.lower() for n in names}
    if set(_CUR_REQUIRED) <= snake:
        if any("/" in n for n in names):
            return "cur-legacy"
        if {"line_item_usage_account_name", "bill_payer_account_name", "product"} & snake:
            return "cur2"
        return "cur-legacy"
    raise SourceError(
        "the cost data's columns are neither FOCUS 1.x nor CUR (found e.g. "
        + ", ".join(names[:4]) + ")",
        fix="point --path at a FOCUS or CUR 2.0 export (Parquet or CSV)",
    )


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Layout:
    """SQL expressions for one detected format, over one table's actual column names."""

    format: str
    dialect: Dialect
    columns: Mapping[str, str]  # canonical lower-case/snake name → actual column name

    @property
    def label(self) -> str:
        """Human name of the format, e.g. "CUR 2.0"."""
        return FORMAT_LABELS[self.format]

    @property
    def is_focus(self) -> bool:
        """True for FOCUS data."""
        return self.format == "focus"

    def has(self, name: str) -> bool:
        """True when the data has this column (CUR snake name or FOCUS name)."""
        return name.lower() in self.columns

    def col(self, name: str) -> str:
        """The quoted reference to a column that must exist."""
        return self.dialect.ident(self.columns[name.lower()])

    def text(self, name: str) -> str:
        """A text column with blanks as NULL, or NULL when absent."""
        if not self.has(name):
            return "CAST(NULL AS VARCHAR)"
        return f"NULLIF(CAST({self.col(name)} AS VARCHAR), '')"

    def raw(self, name: str) -> str:
        """The column as stored (for equality tests, where NULL and '' simply do not match)."""
        return self.col(name) if self.has(name) else "CAST(NULL AS VARCHAR)"

    def number(self, name: str) -> str:
        """A numeric column with blanks as 0 (CSV is read as text, so TRY_CAST); a cell that
        is not a finite number is counted by `unparseable` and never passes validation."""
        return f"COALESCE(TRY_CAST({self.col(name)} AS DOUBLE), 0)"

    def unparseable(self, name: str) -> str:
        """1 when the column holds text that is not a finite number (blank is allowed), else 0.
        `ABS(x) < 1e308` is false for NaN and ±Infinity on both DuckDB and Athena."""
        col = self.col(name)
        return (f"CASE WHEN {col} IS NOT NULL AND TRIM(CAST({col} AS VARCHAR)) <> '' "
                f"AND NOT COALESCE(ABS(TRY_CAST({col} AS DOUBLE)) < 1e308, FALSE) "
                "THEN 1 ELSE 0 END")

    def money_columns(self, metric: str) -> list[str]:
        """The money columns (canonical keys) a metric's amount reads, after net fallbacks."""
        mapping = BY_METRIC[metric]
        template = (mapping.focus if self.is_focus else mapping.cur) or ""
        plain_of = {net: p for p, net in NET_COLUMNS.items()}
        out: list[str] = []
        for name in re.findall(r"\{(\w+)\}", template):
            if name in TEXT_COLUMNS:
                continue
            chosen = name if self.has(name) else plain_of.get(name, "")
            if chosen and self.has(chosen) and chosen.lower() not in out:
                out.append(chosen.lower())
        return out

    def unparseable_cells(self, metric: str) -> str:
        """How many money cells of one row the metric cannot read (SQL, summed by callers)."""
        parts = [self.unparseable(name) for name in self.money_columns(metric)]
        return " + ".join(f"({p})" for p in parts) if parts else "0"

    def timestamp(self, name: str) -> str:
        """A timestamp column (text in CSV, a timestamp in Parquet and Athena)."""
        return f"CAST({self.col(name)} AS TIMESTAMP)"

    @property
    def usage_ts(self) -> str:
        """When the cost was incurred (hourly or daily rows)."""
        name = "ChargePeriodStart" if self.is_focus else "line_item_usage_start_date"
        return self.timestamp(name)

    @property
    def billing_period_ts(self) -> str | None:
        """Start of the billing period each row belongs to, for pruning."""
        name = "BillingPeriodStart" if self.is_focus else "bill_billing_period_start_date"
        return self.timestamp(name) if self.has(name) else None

    @property
    def account_id(self) -> str:
        """The usage (sub-)account id."""
        return self.text("SubAccountId" if self.is_focus else "line_item_usage_account_id")

    @property
    def resource_id(self) -> str | None:
        """The resource id column (FOCUS ResourceId, CUR line_item_resource_id), if present."""
        name = "ResourceId" if self.is_focus else "line_item_resource_id"
        return self.text(name) if self.has(name) else None

    @property
    def account_name(self) -> str:
        """The account name from the data (NULL when it has none: the id stands in later)."""
        return self.text("SubAccountName" if self.is_focus else "line_item_usage_account_name")

    @property
    def region(self) -> str:
        """Region code, '' when the line has none."""
        names = ("RegionId",) if self.is_focus else ("product_region_code", "product_region")
        present = [self.text(n) for n in names if self.has(n)]
        return "COALESCE(" + ", ".join([*present, "''"]) + ")"

    @property
    def currency(self) -> str:
        """Billing currency."""
        name = "BillingCurrency" if self.is_focus else "line_item_currency_code"
        return f"COALESCE({self.text(name)}, 'USD')"

    @property
    def provider(self) -> str:
        """The cloud provider of each row (FOCUS ProviderName; CUR is AWS only)."""
        if self.is_focus and self.has("ProviderName"):
            return f"COALESCE({self.raw('ProviderName')}, 'AWS')"
        return "'AWS'"

    @property
    def aws_only(self) -> str:
        """Row filter keeping AWS rows of a multi-provider FOCUS file."""
        if self.provider == "'AWS'":
            return ""
        names = ", ".join(_sql_text(n) for n in AWS_PROVIDER_NAMES)
        return f"AND LOWER({self.provider}) IN ({names})"

    @property
    def service(self) -> str:
        """Cost Explorer service name (catalog names), else the data's own name."""
        return self._focus_service() if self.is_focus else self._cur_service()

    def _case(self, key: str, mapping: Mapping[str, str]) -> list[str]:
        return [f"WHEN {key} = {_sql_text(k)} THEN {_sql_text(v)}" for k, v in mapping.items()]

    def _ec2_split(self, is_compute: str) -> str:
        compute, other = _sql_text(EC2_COMPUTE), _sql_text(EC2_OTHER)
        return f"CASE WHEN {is_compute} THEN {compute} ELSE {other} END"

    def _focus_service(self) -> str:
        name = self.raw("ServiceName")
        category = f"LOWER({self.raw('ServiceCategory')})"
        whens = [
            f"WHEN LOWER({self.raw('ChargeCategory')}) = 'tax' THEN 'Tax'",
            f"WHEN {name} = 'Amazon Elastic Compute Cloud' THEN "
            + self._ec2_split(f"{category} = 'compute'"),
            *self._case(name, FOCUS_SERVICE_NAMES),
        ]
        return "CASE " + " ".join(whens) + f" ELSE COALESCE({self.text('ServiceName')}, 'Other') END"

    def _cur_service(self) -> str:
        code = self.raw("line_item_product_code")
        usage = self.raw("line_item_usage_type")
        family = self.raw("product_product_family")
        likes = " OR ".join(f"{usage} LIKE {_sql_text(p)}" for p in _EC2_USAGE_PATTERNS)
        families = ", ".join(_sql_text(f) for f in _EC2_COMPUTE_FAMILIES)
        name = self.text("product_product_name")
        fallback = f"COALESCE({name}, {self.text('line_item_product_code')}, 'Other')"
        whens = [
            f"WHEN {self.raw('line_item_line_item_type')} = 'Tax' THEN 'Tax'",
            f"WHEN {code} = 'AmazonEC2' THEN "
            + self._ec2_split(f"({likes} OR {family} IN ({families}))"),
            *self._case(code, CUR_SERVICE_CODES),
        ]
        return "CASE " + " ".join(whens) + f" ELSE {fallback} END"

    def amount(self, metric: str) -> str:
        """The amount expression for a metric, or an OptionError when the data cannot say."""
        mapping = BY_METRIC[metric]
        template = mapping.focus if self.is_focus else mapping.cur
        if template is None:
            raise OptionError(
                f"--cost-metric {metric}: {self.label} data has no {metric} cost",
                fix="use --cost-metric unblended or amortized",
            )
        return re.sub(r"\{(\w+)\}", lambda m: self._metric_column(m.group(1), metric), template)

    def _metric_column(self, name: str, metric: str) -> str:
        if name in TEXT_COLUMNS:
            return f"COALESCE({self.raw(name)}, '')"
        if name == "EffectiveCost":
            return f"TRY_CAST({self.col(name)} AS DOUBLE)" if self.has(name) else "NULL"
        if self.has(name):
            return self.number(name)
        plain = {net: p for p, net in NET_COLUMNS.items()}.get(name)
        if plain is not None:
            return self._metric_column(plain, metric)
        if name in ("line_item_blended_cost",):
            raise OptionError(
                f"--cost-metric {metric}: this {self.label} data has no {name} column",
                fix="use --cost-metric unblended or amortized",
            )
        return "0"

    def missing_net_columns(self, metric: str) -> list[str]:
        """net_* columns the metric wants but the data lacks (so they fell back)."""
        if self.is_focus or not metric.startswith("net-"):
            return []
        template = BY_METRIC[metric].cur
        wanted = re.findall(r"\{(\w+)\}", template)
        plain_of = {net: p for p, net in NET_COLUMNS.items()}
        return sorted({w for w in wanted if w in plain_of and not self.has(w)
                       and self.has(plain_of[w])})

    def partition_free_period_filter(self, start: str, end: str) -> Fragment:
        """Billing-period pruning on a column: [first month start, last month end)."""
        column = self.billing_period_ts
        if column is None:
            return Fragment("")
        return Fragment(f"AND {column} >= CAST(? AS TIMESTAMP) AND {column} < CAST(? AS TIMESTAMP)",
                        (start, end))


def layout_for(columns: Iterable[str], dialect: Dialect) -> Layout:
    """Detect the format of `columns` and build its Layout."""
    names = list(columns)
    fmt = detect_format(names)
    mapping: dict[str, str] = {}
    for name in names:
        key = legacy_to_snake(name) if "/" in name else name.lower()
        mapping.setdefault(key, name)
    return Layout(fmt, dialect, mapping)
