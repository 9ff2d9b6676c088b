"""Commitment coverage and utilization: hand-computed on the CUR fixture, independently on the
demo, through Cost Explorer's four APIs (Stubber: moto lacks them), and in the executive report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from botocore.stub import Stubber

from finops_lib.commitments import coverage, utilization
from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.sources.base import CostQuery
from finops_lib.sources.ce_commitments import RESERVATIONS_ROW
from finops_lib.sources.demo import DemoSource
from finops_lib.sources.files import open_path

CUR = Path(__file__).parent / "fixtures" / "cur"
SEPTEMBER = CostQuery(date(2026, 9, 1), date(2026, 9, 4))
EC2 = "Amazon Elastic Compute Cloud - Compute"
RDS = "Amazon Relational Database Service"


@pytest.mark.parametrize("name", ["cur2_sample.csv", "legacy_cur_sample.csv"])
def test_cur_commitments_equal_the_hand_computation(name: str) -> None:
    # SP: covered usage at on-demand 5.00, EC2 on-demand usage 10.00 (NAT/EBS are not eligible,
    # the credit is not usage), commitment 4.00 of which 3.00 used. RI: discounted usage whose
    # public on-demand cost is 4.00, effective 2.50 used + 1.25 + 0.75 unused fees.
    rows = open_path(str(CUR / name)).commitments(SEPTEMBER)
    by_service = {r.service: r for r in rows}
    assert (by_service[EC2].sp_covered, by_service[EC2].on_demand) == (5.0, 10.0)
    assert by_service[RDS].ri_covered == 4.0 and by_service[RDS].on_demand == 0.0
    assert coverage(rows) == round(9 / 19 * 100, 2)  # 47.37
    assert utilization(rows, "sp") == 75.0
    assert utilization(rows, "ri") == round(2.5 / 4.5 * 100, 2)  # 55.56


def test_demo_commitments_follow_the_committed_series() -> None:
    source = DemoSource(date(2026, 11, 26))
    query = CostQuery(date(2026, 11, 1), date(2026, 11, 26))
    rows = {r.service: r for r in source.commitments(query)}
    mask = source._window(query)
    usage = {(s.account.name, s.service): float(s.metrics["usage"][mask].sum())
             for s in source._series}
    prod_ec2 = usage[("workloads-prod", EC2)]
    other_ec2 = sum(v for (a, s), v in usage.items() if s == EC2 and a != "workloads-prod")
    assert rows[EC2].sp_covered == pytest.approx(0.6 * prod_ec2)
    assert rows[EC2].on_demand == pytest.approx(0.4 * prod_ec2 + other_ec2)
    rds = usage[("workloads-prod", RDS)] + usage[("data-platform", RDS)]
    assert rows[RDS].ri_covered == pytest.approx(0.6 * rds)
    assert utilization(list(rows.values()), "sp") == 100.0
    assert "AWS CloudTrail" not in rows  # not commitment-eligible


def _stub(source) -> Stubber:
    period = {"Start": "2026-11-01", "End": "2026-11-20"}
    stub = Stubber(source.client("ce"))
    stub.add_response("get_savings_plans_coverage", {"SavingsPlansCoverages": [
        {"Attributes": {"SERVICE": EC2}, "Coverage": {"SpendCoveredBySavingsPlans": "600.00",
                                                      "OnDemandCost": "400.00"}},
        {"Attributes": {"SERVICE": "AWS Lambda"}, "Coverage": {
            "SpendCoveredBySavingsPlans": "0", "OnDemandCost": "100.00"}}]},
        {"TimePeriod": period, "GroupBy": [{"Type": "DIMENSION", "Key": "SERVICE"}]})
    stub.add_response("get_savings_plans_utilization", {
        "SavingsPlansUtilizationsByTime": [], "Total": {"Utilization": {
            "TotalCommitment": "500.00", "UsedCommitment": "450.00",
            "UnusedCommitment": "50.00", "UtilizationPercentage": "90"}}},
        {"TimePeriod": period})
    stub.add_response("get_reservation_utilization", {"UtilizationsByTime": [], "Total": {
        "UtilizationPercentage": "80", "TotalAmortizedFee": "200.00",
        "OnDemandCostOfRIHoursUsed": "300.00"}}, {"TimePeriod": period})
    stub.add_response("get_reservation_coverage", {"CoveragesByTime": [], "Total": {
        "CoverageHours": {"CoverageHoursPercentage": "42.5"}}}, {"TimePeriod": period})
    stub.activate()
    return stub


def test_ce_commitments_from_the_four_apis(make_ce_source) -> None:
    source = make_ce_source()
    stub = _stub(source)
    rows = source.commitments(CostQuery(date(2026, 11, 1), date(2026, 11, 20)))
    stub.assert_no_pending_responses()
    by_service = {r.service: r for r in rows}
    assert by_service[EC2].sp_covered == 600.0 and by_service[EC2].on_demand == 400.0
    assert by_service[RESERVATIONS_ROW].ri_covered == 300.0
    # (600 + 300) ÷ (600 + 300 + 400 + 100)
    assert coverage(rows) == round(900 / 1400 * 100, 2)
    assert utilization(rows, "sp") == 90.0 and utilization(rows, "ri") == 80.0
    assert source.api_requests == 4
    assert any("42.5 % of eligible running hours" in n for n in source.notices)


def test_executive_report_carries_coverage_against_the_target() -> None:
    report = build_report(resolve("executive", {"as_of": "2026-11-26", "commitment_target": 70,
                                                "activity_analysis": False}))
    table = report.table("commitments")
    kpi = report.kpi("commitment_coverage")
    assert kpi.label == "Commitment coverage (target 70 %)"
    assert kpi.value == table.total["coverage"]
    assert f"{kpi.value - 70:+.2f} points against the target" in kpi.help
    assert any(line.startswith("Amortized vs unblended") for line in report.summary_lines)


def test_ce_reads_commitments_only_when_asked(make_ce_source) -> None:
    from finops_lib.commitment_report import commitment_parts
    from finops_lib.periods import plan_periods

    source = make_ce_source()
    opts = resolve("executive", {"source": "ce", "profile": "finops-test", "as_of": "2026-11-20"})
    plan = plan_periods("monthly", date(2026, 11, 20), None)
    parts = commitment_parts(opts, source, CostQuery(date(2026, 10, 1), date(2026, 11, 20)),
                             plan.current)
    assert parts.kpis == () and source.api_requests == 0
    assert "--commitments on" in parts.lines[0]
