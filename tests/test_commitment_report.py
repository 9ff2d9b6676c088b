"""The executive report carries commitment coverage against the target."""

from __future__ import annotations

from finops_lib.dashboard import build_report
from finops_lib.options import resolve


def test_executive_report_carries_coverage_against_the_target() -> None:
    report = build_report(resolve("executive", {"as_of": "2026-11-26", "commitment_target": 70,
                                                "activity_analysis": False}))
    table = report.table("commitments")
    kpi = report.kpi("commitment_coverage")
    assert kpi.label == "Commitment coverage (target 70 %)"
    assert kpi.value == table.total["coverage"]
    assert f"{kpi.value - 70:+.2f} points against the target" in kpi.help
    assert any(line.startswith("Amortized vs unblended") for line in report.summary_lines)
