"""finops_lib.personas.empty: a selection with no cost is a complete report that says why."""

from __future__ import annotations

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.personas.empty import NO_MATCH

AS_OF = "2026-11-26"


def test_filters_matching_nothing_give_a_zero_report_with_the_reason() -> None:
    # Bedrock runs only in ml-sandbox: with dev-sandbox the selection matches no row
    report = build_report(resolve("executive", {"as_of": AS_OF, "filter": [
        "service:Bedrock", "account:dev-sandbox"]}))
    assert report.headline == NO_MATCH and report.title == "Executive cost summary"
    assert [(k.key, k.value) for k in report.kpis] == [("total", 0.0)]
    services = report.table("services")
    assert services is not None and services.rows == () and services.note == NO_MATCH
    assert report.notices[-1].startswith(f"{NO_MATCH}: Loosen --filter")
    assert report.api_requests == 0 and report.calls == ()
