"""--regions: the declared region filter keeps that region's rows; a region with no rows."""

from __future__ import annotations

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from tests.independent import assert_cents, total

AS_OF = "2026-11-26"


def test_regions_keeps_only_that_regions_rows_to_the_cent() -> None:
    everything = build_report(resolve("executive", {"as_of": AS_OF}))
    frame = everything.frame
    only = build_report(resolve("executive", {"as_of": AS_OF, "regions": ["us-east-1"]}))
    rows = frame[frame["region"] == "us-east-1"]
    expected = total(rows, everything.periods.current)
    assert 0 < expected < total(frame, everything.periods.current)
    assert_cents(only.kpi("total").value, expected, "us-east-1 total")


def test_a_region_without_rows_is_a_zero_page_not_an_error() -> None:
    report = build_report(resolve("executive", {"as_of": AS_OF, "regions": ["eu-south-2"]}))
    assert report.kpi("total").value == 0
    assert any(n.startswith("No cost") for n in report.notices), report.notices
