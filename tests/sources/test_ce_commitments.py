"""Commitments through Cost Explorer's four APIs (Stubber: moto lacks them), read only when asked."""

from __future__ import annotations

from datetime import date

from botocore.stub import Stubber

from finops_lib.commitments import coverage, utilization
from finops_lib.options import resolve
from finops_lib.sources.base import CostQuery
from finops_lib.sources.ce_commitments import RESERVATIONS_ROW

EC2 = "Amazon Elastic Compute Cloud - Compute"


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
