"""The demo organization's allocation metadata: incomplete tagging like a real one, the Business
Unit cost category by account, usage types with their region prefix."""

from __future__ import annotations

from finops_lib.sources.demo_tags import TAG_KEYS, cost_category_of, tags_of, usage_type_of

EC2 = "Amazon Elastic Compute Cloud - Compute"


def test_shared_and_untaggable_spend_carries_no_tags() -> None:
    assert tags_of("workloads-prod", "EC2 - Other") == {}
    assert tags_of("management", EC2) == {}  # an account no team owns


def test_teams_env_cost_center_and_tier() -> None:
    tags = tags_of("workloads-prod", EC2)
    assert tags == {"team": "checkout", "env": "prod", "cost-center": "CC-100", "tier": "app"}
    assert tags_of("workloads-prod", "Amazon DynamoDB")["team"] == "catalog"
    assert "tier" not in tags_of("data-platform", "Amazon Redshift")
    assert set(tags) <= set(TAG_KEYS)


def test_business_unit_by_account_and_uncategorized() -> None:
    assert cost_category_of("business unit", "data-platform") == "Data & ML"
    assert cost_category_of("Business Unit", "dev-sandbox") == ""
    assert cost_category_of("Owner", "workloads-prod") == ""


def test_usage_types_have_the_region_prefix() -> None:
    assert usage_type_of(EC2, "eu-west-1") == "EUW1-BoxUsage:m6i.xlarge"
    assert usage_type_of("Tax", "us-east-1") == "Tax"
    assert usage_type_of("Amazon Athena", "global") == "Requests"
