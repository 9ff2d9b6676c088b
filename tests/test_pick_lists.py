"""Pick-lists: the report's regions first, then every AWS region."""

from __future__ import annotations

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.pick_lists import aws_regions, known_values, pick_choices

AS_OF = "2026-11-26"


def test_pick_list_offers_the_reports_regions_first_then_aws_regions() -> None:
    report = build_report(resolve("executive", {"as_of": AS_OF}))
    seen = known_values(report)["regions"]
    assert "global" in seen and "us-east-1" in seen
    choices = pick_choices("regions", known_values(report), ["xx-test-9"])
    assert choices[:len(seen)] == seen
    assert {"eu-central-1", "ap-southeast-2", "xx-test-9"} <= set(choices)
    assert len(choices) == len(set(choices)) and len(aws_regions()) >= 30
