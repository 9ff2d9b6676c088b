"""Demo recommendations: ListRecommendations items, shaped like the API reference, for the
synthetic inventory (some resources are also flagged by activity signals, so merging shows)."""

from __future__ import annotations

from typing import Any

from ..activity.demo import DEMO_ACCOUNTS
from .hub import recommendation_from_hub
from .model import Feed

__all__ = ["demo_feed", "demo_items"]

A, B, C = DEMO_ACCOUNTS

# (resource id, type, account, region, action, current, recommended, monthly cost, savings,
#  effort, restart)
_ROWS: tuple[tuple[str, str, str, str, str, str, str, float, float, str, bool], ...] = (
    ("i-0a1legacyreport", "Ec2Instance", A, "us-east-1", "Stop", "m5.xlarge", "", 156.16,
     140.16, "Low", True),
    ("i-0d4devbox0001", "Ec2Instance", B, "eu-west-1", "Rightsize", "t3.large", "t3.medium",
     68.74, 30.37, "Medium", True),
    ("i-0c3webfront01", "Ec2Instance", A, "us-east-1", "MigrateToGraviton", "m5.large",
     "m6g.large", 72.48, 14.02, "High", True),
    ("vol-0aa1orphan0001", "EbsVolume", A, "us-east-1", "Delete", "gp2 500 GiB", "", 50.00,
     50.00, "VeryLow", False),
    ("app-primary", "RdsDbInstance", A, "us-east-1", "Rightsize", "db.r5.large",
     "db.r6g.large", 239.90, 23.36, "Medium", True),
    ("image-resizer", "LambdaFunction", C, "eu-west-1", "Rightsize", "3008 MB", "1024 MB",
     41.20, 27.39, "VeryLow", False),
    ("compute-savings-plan", "ComputeSavingsPlans", A, "", "PurchaseSavingsPlans",
     "On-Demand", "$52.40/hour Compute Savings Plan, 1 year, no upfront", 52800.00, 14250.00,
     "VeryLow", False),
    ("rds-reserved-instances", "RdsReservedInstances", A, "us-east-1",
     "PurchaseReservedInstances", "On-Demand", "6 × db.r6g.xlarge reserved, 1 year, partial "
     "upfront", 12480.00, 3120.40, "Low", False),
)


def demo_items() -> list[dict[str, Any]]:
    """The demo hub's ListRecommendations items."""
    items = []
    for i, (rid, rtype, acct, region, action, cur, rec, cost, save, effort, restart) in \
            enumerate(_ROWS):
        item: dict[str, Any] = {
            "recommendationId": f"demo-rec-{i + 1:04d}", "accountId": acct, "resourceId": rid,
            "currentResourceType": rtype, "recommendedResourceType": rtype,
            "estimatedMonthlySavings": save, "estimatedMonthlyCost": cost,
            "estimatedSavingsPercentage": round(100 * save / cost, 1), "currencyCode": "USD",
            "implementationEffort": effort, "restartNeeded": restart, "actionType": action,
            "rollbackPossible": action != "Delete", "currentResourceSummary": cur,
            "recommendationLookbackPeriodInDays": 14, "source": "ComputeOptimizer"}
        if region:
            item["region"] = region
        if rec:
            item["recommendedResourceSummary"] = rec
        items.append(item)
    return items


def demo_feed() -> Feed:
    """The demo hub's recommendations."""
    return Feed(tuple(recommendation_from_hub(i) for i in demo_items()),
                ("Recommendations: demo Cost Optimization Hub data.",))
