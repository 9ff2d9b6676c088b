"""The documented cost-metric mapping and service names for FOCUS and CUR exports.

`METRICS` is THE cost-metric mapping (`formats.Layout` builds its SQL from it, and
docs/cost-metrics.md is rendered from it by `cost_metrics_markdown`); `CUR_SERVICE_CODES` and
`FOCUS_SERVICE_NAMES` map the exports' service names to Cost Explorer's.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BY_METRIC",
    "CUR_SERVICE_CODES",
    "FOCUS_SERVICE_NAMES",
    "METRICS",
    "NET_COLUMNS",
    "TEXT_COLUMNS",
    "MetricMapping",
    "cost_metrics_markdown",
    "metric_table_markdown",
]


@dataclass(frozen=True)
class MetricMapping:
    """How one `--cost-metric` is computed from each format."""

    metric: str
    cur: str  # SQL over CUR column names; {column} marks a column reference
    focus: str | None  # SQL over FOCUS columns, or None when FOCUS cannot express it
    fallback: str  # what happens when a column is absent


_CUR_AMORTIZED = """CASE
  WHEN {line_item_line_item_type} = 'SavingsPlanCoveredUsage' THEN {savings_plan_savings_plan_effective_cost}
  WHEN {line_item_line_item_type} = 'SavingsPlanRecurringFee' THEN {savings_plan_total_commitment_to_date} - {savings_plan_used_commitment}
  WHEN {line_item_line_item_type} = 'SavingsPlanNegation' THEN 0
  WHEN {line_item_line_item_type} = 'SavingsPlanUpfrontFee' THEN 0
  WHEN {line_item_line_item_type} = 'DiscountedUsage' THEN {reservation_effective_cost}
  WHEN {line_item_line_item_type} = 'RIFee' THEN {reservation_unused_amortized_upfront_fee_for_billing_period} + {reservation_unused_recurring_fee}
  WHEN {line_item_line_item_type} = 'Fee' AND {reservation_reservation_a_r_n} <> '' THEN 0
  ELSE {line_item_unblended_cost}
END"""  # noqa: E501  (the CUDOS amortization CASE, kept readable as one statement)

NET_COLUMNS: dict[str, str] = {
    "savings_plan_savings_plan_effective_cost": "savings_plan_net_savings_plan_effective_cost",
    "reservation_effective_cost": "reservation_net_effective_cost",
    "reservation_unused_amortized_upfront_fee_for_billing_period":
        "reservation_net_unused_amortized_upfront_fee_for_billing_period",
    "reservation_unused_recurring_fee": "reservation_net_unused_recurring_fee",
    "line_item_unblended_cost": "line_item_net_unblended_cost",
}


# Columns of the metric templates that hold text, not money.
TEXT_COLUMNS = ("reservation_reservation_a_r_n", "line_item_line_item_type")


def _net(sql: str) -> str:
    for plain, net in NET_COLUMNS.items():
        sql = sql.replace("{" + plain + "}", "{" + net + "}")
    return sql


METRICS: tuple[MetricMapping, ...] = (
    MetricMapping(
        "unblended", "{line_item_unblended_cost}", "{BilledCost}",
        "required column; a file without it is not read as CUR/FOCUS",
    ),
    MetricMapping(
        "amortized", _CUR_AMORTIZED, "COALESCE({EffectiveCost}, {BilledCost})",
        "CUR: an absent Savings Plan or reservation column counts 0 (the bill has none); "
        "FOCUS: an empty EffectiveCost falls back to BilledCost, an EffectiveCost of 0 stays 0",
    ),
    MetricMapping(
        "net-unblended", _net("{line_item_unblended_cost}"), "{BilledCost}",
        "CUR: without net_* columns (no discounts on the bill) each falls back to its non-net "
        "column and a notice says so; FOCUS: BilledCost already includes invoice discounts",
    ),
    MetricMapping(
        "net-amortized", _net(_CUR_AMORTIZED), "COALESCE({EffectiveCost}, {BilledCost})",
        "CUR: each net_* column falls back to its non-net column when absent (notice); "
        "FOCUS: EffectiveCost already includes discounts",
    ),
    MetricMapping(
        "blended", "{line_item_blended_cost}", None,
        "CUR without line_item_blended_cost and every FOCUS file: a one-line error asking for "
        "another metric (FOCUS has no blended cost)",
    ),
)

BY_METRIC = {m.metric: m for m in METRICS}

# CUR line_item_product_code → Cost Explorer SERVICE name (catalog names). AmazonEC2 is split
# into "… - Compute" and "EC2 - Other" like Cost Explorer does (see _EC2_COMPUTE).
CUR_SERVICE_CODES: dict[str, str] = {
    "AmazonS3": "Amazon Simple Storage Service",
    "AmazonRDS": "Amazon Relational Database Service",
    "AWSLambda": "AWS Lambda",
    "AmazonCloudWatch": "AmazonCloudWatch",
    "AWSELB": "Amazon Elastic Load Balancing",
    "AmazonVPC": "Amazon Virtual Private Cloud",
    "AmazonDynamoDB": "Amazon DynamoDB",
    "AmazonCloudFront": "Amazon CloudFront",
    "AmazonECS": "Amazon Elastic Container Service",
    "AmazonEKS": "Amazon Elastic Container Service for Kubernetes",
    "AmazonECR": "Amazon EC2 Container Registry (ECR)",
    "AmazonElastiCache": "Amazon ElastiCache",
    "AmazonRedshift": "Amazon Redshift",
    "AmazonES": "Amazon OpenSearch Service",
    "AWSQueueService": "Amazon Simple Queue Service",
    "AmazonSNS": "Amazon Simple Notification Service",
    "awskms": "AWS Key Management Service",
    "AWSSecretsManager": "AWS Secrets Manager",
    "AmazonGuardDuty": "Amazon GuardDuty",
    "AWSConfig": "AWS Config",
    "AWSCloudTrail": "AWS CloudTrail",
    "AmazonRoute53": "Amazon Route 53",
    "awswaf": "AWS WAF",
    "AmazonAthena": "Amazon Athena",
    "AWSGlue": "AWS Glue",
    "AmazonKinesis": "Amazon Kinesis",
    "AmazonSageMaker": "Amazon SageMaker",
    "AmazonBedrock": "Amazon Bedrock",
    "AmazonEFS": "Amazon Elastic File System",
    "AWSBackup": "AWS Backup",
    "AmazonApiGateway": "Amazon API Gateway",
    "AmazonStates": "AWS Step Functions",
    "AWSDirectConnect": "AWS Direct Connect",
    "AWSSecurityHub": "AWS Security Hub",
    "AWSSupportBusiness": "AWS Support (Business)",
    "ComputeSavingsPlans": "Savings Plans for AWS Compute usage",
}

# FOCUS ServiceName → Cost Explorer name where they differ (most AWS FOCUS names already match).
FOCUS_SERVICE_NAMES: dict[str, str] = {
    "Elastic Load Balancing": "Amazon Elastic Load Balancing",
}


def metric_table_markdown() -> str:
    """The documented cost-metric mapping as Markdown: one table, then the CASE statements."""
    lines = [
        "| Metric | CUR 2.0 and legacy CUR | FOCUS 1.x | When a column is absent |",
        "|---|---|---|---|",
    ]
    cases: list[str] = []
    for m in METRICS:
        cur = m.cur.replace("{", "").replace("}", "")
        if "CASE" in cur:
            cases += [f"`{m.metric}` on CUR:", "", "```sql", cur, "```", ""]
            cur_cell = "the CASE below"
        else:
            cur_cell = f"`{cur}`"
        focus = f"`{m.focus.replace('{', '').replace('}', '')}`" if m.focus else \
            "not available (one-line error)"
        lines.append(f"| `{m.metric}` | {cur_cell} | {focus} | {m.fallback} |")
    return "\n".join([*lines, "", *cases])


_DOC_INTRO = """# Cost metrics and service names in FOCUS and CUR exports

<!-- Generated by finops_lib.sources.metric_mapping.cost_metrics_markdown(); do not edit by hand. -->

`--source files` (DuckDB) and `--source athena` read the same SQL over FOCUS 1.x, CUR 2.0 or
legacy CUR data. The columns tell the formats apart: FOCUS has `BilledCost`,
`ChargePeriodStart`, `ServiceName` and `SubAccountId`; CUR has `line_item_unblended_cost` and
friends, and CUR 2.0 adds `line_item_usage_account_name` / `bill_payer_account_name` / the
`product` map. Legacy CUR CSV headers such as `lineItem/UnblendedCost` are read under their
Athena names (`line_item_unblended_cost`; `reservation/ReservationARN` becomes
`reservation_reservation_a_r_n`).

## `--cost-metric`

Amortized follows AWS's CUDOS dashboards: each line-item type contributes its effective cost.
"""

_DOC_NOTES = """
## Notes on FOCUS data

- Only AWS rows count: a FOCUS file with several providers (`ProviderName`) is filtered to
  `AWS` / `Amazon Web Services` (case-insensitive) and a notice names what was left out.
- `NULL` written as text and empty cells are both read as null; `ChargeCategory` and
  `ProviderName` are compared case-insensitively; `ChargeFrequency` (`Usage-Based` and
  `Usage-based` both occur) plays no part in the amounts; negative rows (credits) are summed
  like any other.
- CSV timestamps are read as UTC (FOCUS requires UTC); time-zone-aware Parquet timestamps are
  converted to UTC before rows are bucketed into days.
- Hourly (or any finer) rows are summed into days by `ChargePeriodStart`.
- `EffectiveCost` is taken as given. In the FinOps Foundation's 1.0 sample it is 0 on most AWS
  rows where `BilledCost` is not, so amortized shows about $13 where unblended shows about $18;
  a notice counts those rows. Only an empty `EffectiveCost` falls back to `BilledCost`.
- `BilledCost` and `EffectiveCost` already include the discounts the invoice shows, so the net
  metrics read the same columns as their plain counterparts.

## Service names

Services are reported under Cost Explorer's names (the catalog's), so every persona groups
them the same way whatever the source. Where no mapping exists the data's own name is kept.

- Tax lines (CUR `line_item_line_item_type = 'Tax'`, FOCUS `ChargeCategory = 'Tax'`) → `Tax`.
- EC2 is split like Cost Explorer: instance usage (usage types `BoxUsage`, `SpotUsage`,
  `DedicatedUsage`, `HostUsage`, `HeavyUsage`, or product family `Compute Instance` /
  `Dedicated Host`; FOCUS `ServiceCategory = 'Compute'`) →
  `Amazon Elastic Compute Cloud - Compute`; EBS, snapshots, NAT gateways, data transfer and
  IPs → `EC2 - Other`.
- Legacy CUR without a mapped product code uses `product_product_name`.

| CUR `line_item_product_code` | Cost Explorer service |
|---|---|
"""


def cost_metrics_markdown() -> str:
    """The whole of docs/cost-metrics.md, rendered from the tables in this module."""
    codes = "".join(f"| `{code}` | {name} |\n" for code, name in CUR_SERVICE_CODES.items())
    focus = "".join(f"| `{k}` | {v} |\n" for k, v in FOCUS_SERVICE_NAMES.items())
    return (_DOC_INTRO + "\n" + metric_table_markdown() + _DOC_NOTES + codes
            + "\n| FOCUS `ServiceName` | Cost Explorer service |\n|---|---|\n" + focus)
