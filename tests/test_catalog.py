"""Service names: short aliases resolve case-insensitively, full names pass through, unknown
names are one clear error; every category is a declared one."""

from __future__ import annotations

import pytest

from finops_lib.catalog import (
    CATEGORIES,
    SERVICE_ALIASES,
    SERVICE_CATEGORY,
    category_of,
    resolve_service,
)
from finops_lib.errors import OptionError


@pytest.mark.parametrize("text, name", [
    ("ec2", "Amazon Elastic Compute Cloud - Compute"),
    (" Secrets_Manager ", "AWS Secrets Manager"),
    ("Step Functions", "AWS Step Functions"),
    ("amazon relational database service", "Amazon Relational Database Service"),
    ("NAT", "EC2 - Other"),
])
def test_aliases_and_full_names_resolve(text: str, name: str) -> None:
    assert resolve_service(text) == name


def test_an_unknown_service_is_one_clear_error() -> None:
    with pytest.raises(OptionError, match="unknown service 'EC3'") as caught:
        resolve_service("EC3")
    assert "short name such as EC2" in caught.value.one_line()


def test_categories_are_declared_and_unmapped_services_are_other() -> None:
    assert set(SERVICE_CATEGORY.values()) <= set(CATEGORIES)
    assert category_of("amazon dynamodb") == "Database"
    assert category_of("Amazon Brand New Service") == "Other"
    assert all(category_of(name) in CATEGORIES for name in SERVICE_ALIASES.values())
