"""Allocation metadata of the demo organization: tags, a cost category and usage types.

Like a real organization, tagging is incomplete: shared networking (NAT, EC2 - Other), log
ingestion in CloudWatch, tax, the management and security accounts and the brand-new Bedrock
usage carry no `team` tag, so `--group-by tag:team` shows an untagged row worth chasing.
The cost category "Business Unit" is assigned by account (as CE cost-category rules usually
are); dev-sandbox matches no rule and stays uncategorized.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["COST_CATEGORIES", "TAG_KEYS", "cost_category_of", "tags_of", "usage_type_of"]

TAG_KEYS: tuple[str, ...] = ("team", "env", "cost-center", "tier")
BUSINESS_UNIT = "Business Unit"
COST_CATEGORIES: tuple[str, ...] = (BUSINESS_UNIT,)

_ENV = {"workloads-prod": "prod", "data-platform": "prod", "workloads-staging": "staging",
        "ml-sandbox": "dev", "dev-sandbox": "dev", "shared-services": "prod", "network": "prod"}
_TEAM_BY_ACCOUNT = {"workloads-prod": "checkout", "workloads-staging": "checkout",
                    "data-platform": "data", "ml-sandbox": "ml", "dev-sandbox": "checkout",
                    "shared-services": "platform", "network": "platform"}
_COST_CENTER = {"checkout": "CC-100", "data": "CC-200", "ml": "CC-200", "platform": "CC-300"}
# Services that stay untagged wherever they run (shared or untaggable spend).
_UNTAGGED_SERVICES = frozenset({"EC2 - Other", "AmazonCloudWatch", "Tax", "Amazon Bedrock",
                                "AWS Key Management Service", "AWS Secrets Manager"})
# Services of workloads-prod owned by the catalog team rather than checkout.
_CATALOG = frozenset({"Amazon DynamoDB", "Amazon Simple Storage Service", "Amazon CloudFront"})
_BUSINESS_UNITS = {"workloads-prod": "Commerce", "workloads-staging": "Commerce",
                   "data-platform": "Data & ML", "ml-sandbox": "Data & ML",
                   "management": "Platform", "shared-services": "Platform",
                   "network": "Platform", "security": "Platform"}
# The application tier tag (`--tier-tag tier`): on the services that make up the web stack.
_TIER = {"Amazon CloudFront": "web", "Amazon Elastic Load Balancing": "web",
         "Amazon Elastic Compute Cloud - Compute": "app", "AWS Lambda": "app",
         "Amazon Elastic Container Service for Kubernetes": "app",
         "Amazon Relational Database Service": "data", "Amazon DynamoDB": "data",
         "Amazon ElastiCache": "data", "Amazon Simple Storage Service": "data"}
_REGION_PREFIX = {"us-east-1": "USE1-", "eu-west-1": "EUW1-", "us-west-2": "USW2-", "global": ""}
_USAGE = {
    "Amazon Elastic Compute Cloud - Compute": "BoxUsage:m6i.xlarge",
    "Amazon Relational Database Service": "InstanceUsage:db.r6g.xlarge",
    "EC2 - Other": "NatGateway-Bytes",
    "Amazon Simple Storage Service": "TimedStorage-ByteHrs",
    "AmazonCloudWatch": "DataProcessing-Bytes",
    "AWS Lambda": "Lambda-GB-Second",
    "Amazon DynamoDB": "ReadRequestUnits",
    "Amazon CloudFront": "DataTransfer-Out-Bytes",
    "Amazon Redshift": "Node:ra3.4xlarge",
    "Amazon SageMaker": "ml.g5.2xlarge-Training",
    "Tax": "Tax",
}


def tags_of(account: str, service: str) -> Mapping[str, str]:
    """The resource tags on the demo's (account, service) spend ({} = untagged)."""
    team = _TEAM_BY_ACCOUNT.get(account)
    if team is None or service in _UNTAGGED_SERVICES:
        return {}
    if account == "workloads-prod" and service in _CATALOG:
        team = "catalog"
    tags = {"team": team, "env": _ENV[account], "cost-center": _COST_CENTER.get(team, "CC-100")}
    return tags | ({"tier": _TIER[service]} if service in _TIER else {})


def cost_category_of(name: str, account: str) -> str:
    """The value of cost category `name` for an account's spend ("" = uncategorized)."""
    if name.strip().lower() != BUSINESS_UNIT.lower():
        return ""
    return _BUSINESS_UNITS.get(account, "")


def usage_type_of(service: str, region: str) -> str:
    """A Cost Explorer-style usage type for the demo series (region prefix + operation)."""
    if service == "Tax":
        return "Tax"
    return _REGION_PREFIX.get(region, "") + _USAGE.get(service, "Requests")
