"""The runbook library: every entry is complete and is the match for its own pattern."""

from __future__ import annotations

from typing import Any

import pytest

from finops_lib.runbooks import library, match, parse

# for each library entry, an anomaly of the pattern it is written for
CASES: dict[str, dict[str, Any]] = {
    "ec2-scale-out": {"service": "Amazon Elastic Compute Cloud - Compute", "direction": "spike",
                      "usage_types": ["USE1-BoxUsage:m5.2xlarge"]},
    "nat-data-transfer": {"service": "EC2 - Other", "direction": "spike",
                          "usage_types": ["USE1-NatGateway-Bytes"]},
    "s3-growth": {"service": "Amazon Simple Storage Service", "direction": "spike",
                  "usage_types": ["Requests-Tier1"]},
    "rds-instance-change": {"service": "Amazon Relational Database Service",
                            "direction": "spike", "usage_types": ["InstanceUsage:db.r6g.4xl"]},
    "cloudwatch-logs-storm": {"service": "AmazonCloudWatch", "direction": "spike",
                              "usage_types": ["USE1-DataProcessing-Bytes"]},
    "lambda-recursion": {"service": "AWS Lambda", "direction": "spike",
                         "usage_types": ["USE1-Request"]},
    "new-service": {"service": "Amazon Bedrock", "direction": "spike", "is_new": True},
    "drop-after-deployment": {"service": "Amazon Kinesis", "direction": "drop"},
    "commitment-expiry": {"service": "Amazon Elastic Compute Cloud - Compute",
                          "direction": "drop", "usage_types": ["USE1-HeavyUsage:m5.large"]},
}


def test_every_library_entry_has_a_case_and_the_sections() -> None:
    assert sorted(rb.slug for rb in library()) == sorted(CASES)
    for rb in library():
        assert rb.title and rb.owner, rb.slug
        for section in ("**Symptoms.**", "**Confirm.**", "**Stop the bleeding.**", "**Owner.**"):
            assert section in rb.body, (rb.slug, section)
        assert "python -m finops_lib" in rb.body and "aws " in rb.body, rb.slug


@pytest.mark.parametrize("slug", sorted(CASES))
def test_each_pattern_matches_its_runbook(slug: str) -> None:
    found = match(CASES[slug])
    assert found is not None and found.slug == slug
    assert found.link == f"docs/runbooks/{slug}.md"


def test_direction_and_new_series_are_respected() -> None:
    assert match({"service": "AWS Lambda", "direction": "drop"}).slug == (  # type: ignore[union-attr]
        "drop-after-deployment")
    assert match({"service": "Amazon Bedrock", "direction": "spike", "is_new": False}) is None
    assert match({"service": "", "direction": "spike"}) is None  # an account-level event


def test_front_matter_is_declared_next_to_each_runbook() -> None:
    rb = parse("x", "---\ntitle: T\nservices: A, B\nusage_types: U\ndirection: Drop\n"
                    "new_series: yes\nowner: O\n---\n# T\nbody\n")
    assert (rb.services, rb.usage_types, rb.direction, rb.new_series, rb.owner) == (
        ("A", "B"), ("U",), "drop", True, "O")
    assert parse("y", "no front matter").direction == "any"
