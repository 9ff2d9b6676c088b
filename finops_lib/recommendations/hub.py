"""AWS Cost Optimization Hub: one ListRecommendations call (paged) across the organization."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from ..formatting import format_money
from .model import HUB, Feed, Recommendation, arn_region, arn_resource_id, effort_label

__all__ = ["ENROL_HINT", "IAM_ACTIONS", "read_hub", "recommendation_from_hub"]

IAM_ACTIONS = ("cost-optimization-hub:ListRecommendations",)
HUB_REGION = "us-east-1"  # the hub's only endpoint
PAGE_SIZE = 1000
ENROL_HINT = ("enroll in Billing and Cost Management → Cost Optimization Hub (or `aws "
              "cost-optimization-hub update-enrollment-status --status Active "
              "--include-member-accounts` from the management account)")

_ACTIONS = {"Rightsize": "rightsize", "Stop": "stop", "Delete": "delete",
            "MigrateToGraviton": "graviton", "PurchaseSavingsPlans": "commitment",
            "PurchaseReservedInstances": "commitment", "Upgrade": "upgrade",
            "ScaleIn": "scale_in"}
_TYPES = {"Ec2Instance": "EC2 instance", "EbsVolume": "EBS volume", "LambdaFunction":
          "Lambda function", "RdsDbInstance": "RDS DB instance", "EcsService": "ECS service",
          "Ec2AutoScalingGroup": "Auto Scaling group", "ComputeSavingsPlans": "Savings Plans",
          "Ec2InstanceSavingsPlans": "Savings Plans", "SageMakerSavingsPlans": "Savings Plans",
          "Ec2ReservedInstances": "Reserved Instances", "RdsReservedInstances":
          "Reserved Instances"}


def recommendation_from_hub(item: dict[str, Any]) -> Recommendation:
    """One ListRecommendations item as a Recommendation."""
    arn = item.get("resourceArn", "")
    rid = item.get("resourceId") or arn_resource_id(arn) or item.get("recommendationId", "")
    current, wanted = item.get("currentResourceSummary"), item.get("recommendedResourceSummary")
    detail = f"{current} → {wanted}" if current and wanted else (wanted or current or "")
    evidence = [f"{item['recommendationLookbackPeriodInDays']}-day lookback"
                if item.get("recommendationLookbackPeriodInDays") else "",
                f"{item['estimatedSavingsPercentage']:.0f} % of "
                f"{format_money(item.get('estimatedMonthlyCost', 0.0))}/month"
                if item.get("estimatedSavingsPercentage") is not None else "",
                "restart needed" if item.get("restartNeeded") else "",
                f"via {item['source']}" if item.get("source") else ""]
    return Recommendation(
        resource_id=str(rid), resource_type=_TYPES.get(item.get("currentResourceType", ""),
                                                      item.get("currentResourceType", "")),
        account=item.get("accountId", ""), region=item.get("region") or arn_region(arn),
        action=_ACTIONS.get(item.get("actionType", ""), str(item.get("actionType", "")).lower()),
        monthly_savings=float(item.get("estimatedMonthlySavings") or 0.0), detail=detail,
        effort=effort_label(item.get("implementationEffort")),
        evidence="; ".join(e for e in evidence if e), source=HUB)


def read_hub(client: Any) -> Feed:
    """Every current hub recommendation (the highest-savings one per resource); a hub that is
    not enrolled or not permitted gives an unavailable Feed with the reason."""
    items: list[Recommendation] = []
    requests: list[str] = []
    token: str | None = None
    try:
        while True:
            params: dict[str, Any] = {"maxResults": PAGE_SIZE}
            if token:
                params["nextToken"] = token
            page = client.list_recommendations(**params)
            requests.append(f"cost-optimization-hub:ListRecommendations #{len(requests) + 1}: "
                            f"{len(page.get('items', []))} items (free)")
            items += [recommendation_from_hub(i) for i in page.get("items", [])]
            token = page.get("nextToken")
            if not token:
                return Feed(tuple(items), (), tuple(requests))
    except (ClientError, BotoCoreError) as exc:
        return Feed((), (f"Cost Optimization Hub not available ({_reason(exc)}): {ENROL_HINT}; "
                         "using Compute Optimizer instead.",), tuple(requests), available=False)


REASON_CHARS = 160  # an error page as the message must not flood the notice


def _reason(exc: Exception) -> str:
    """The error on one short line."""
    if isinstance(exc, ClientError):
        err = exc.response.get("Error", {})
        text = f"{err.get('Code', 'error')}: {err.get('Message', '')}".rstrip(": ")
    else:
        text = str(exc) or type(exc).__name__
    line = " ".join(text.split())
    return line if len(line) <= REASON_CHARS else line[:REASON_CHARS - 1] + "…"
