"""The architect report carries recommendations, network cost and the dependency map on every
surface (report model, JSON, Markdown), on demo data and on Cost Explorer (moto)."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from finops_lib.charts import chart_spec
from finops_lib.dashboard import build_report
from finops_lib.exporters import render
from finops_lib.exporters.html import chart_images
from finops_lib.exporters.json_export import report_dict
from finops_lib.exporters.markdown import render_markdown
from finops_lib.options import resolve
from finops_lib.recommendations.demo import demo_items
from finops_lib.report import Report
from tests.independent import assert_cents

AS_OF = "2026-11-20"
NEW_TABLES = ("recommendations", "network_cost", "nat_endpoint_check", "dependencies")


@pytest.fixture(scope="module")
def report() -> Report:
    return build_report(resolve("architect", {"as_of": AS_OF, "activity_analysis": True}))


def test_demo_architect_report_has_the_new_sections(report: Report) -> None:
    for key in NEW_TABLES:
        assert report.table(key) is not None, key
    charts = {c.key: c for c in report.charts}
    for key in ("savings_by_action", "network_by_kind", "dependency_map"):
        assert chart_spec(charts[key]).to_dict(), key
    savings = report.kpi("identified_savings")
    share = report.kpi("savings_share")
    assert savings is not None and share is not None
    assert f"Identified savings ${savings.value:,.2f}/month" in report.headline
    spend = report.kpis[0].value / report.periods.current.days * 730 / 24
    assert share.value == round(100 * savings.value / spend, 2)


def test_demo_savings_total_to_the_cent(report: Report) -> None:
    """Hub items plus activity MUST/SHOULD findings, one per resource, the larger saving."""
    hub = {i["resourceId"]: Decimal(str(i["estimatedMonthlySavings"])) for i in demo_items()}
    own = {r["id"]: Decimal(str(r["monthly_cost"])) for r in report.extra["activity"]["resources"]
           if r["tier"] in ("MUST", "SHOULD") and r["monthly_cost"]}
    expected = sum(max(hub.get(k, Decimal(0)), own.get(k, Decimal(0))) for k in {*hub, *own})
    savings = report.kpi("identified_savings")
    assert savings is not None
    assert_cents(float(savings.value), float(expected), "identified savings")
    table = report.table("recommendations")
    assert table is not None and table.total is not None
    assert table.total["monthly_savings"] == savings.value
    merged = next(r for r in table.rows if r["resource_id"] == "i-0a1legacyreport")
    assert merged["source"] == "Cost Optimization Hub + Activity signals"


def test_json_and_markdown_carry_them(report: Report) -> None:
    doc = json.loads(json.dumps(report_dict(report), default=str))["extra"]
    graph = doc["dependency_map"]
    assert {"nodes", "edges"} <= set(graph) and len(graph["edges"]) == 11
    assert any(e == {"source": "i-0c3webfront01", "target": "app-primary",
                     "relation": "connects"} for e in graph["edges"])
    web = next(n for n in graph["nodes"] if n["id"] == "i-0c3webfront01")
    assert web["monthly_cost"] == 72.48 and web["tier"] == "KEEP"
    assert len(doc["recommendations"]) == len(report.table("recommendations").rows)
    text = render_markdown(report)
    for title in ("Savings recommendations", "Network cost by kind",
                  "NAT traffic a free gateway endpoint would carry", "Dependency map"):
        assert f"### {title}" in text, title


def test_ce_network_cost_on_is_one_more_request(make_ce_source: Any, inject_ce: Any) -> None:
    as_of = date(2026, 11, 20)
    days = [date(2026, 10, 1) + timedelta(days=i) for i in range((as_of - date(2026, 10, 1)).days)]
    grouped = {"ResultsByTime": [{
        "TimePeriod": {"Start": d.isoformat(), "End": (d + timedelta(days=1)).isoformat()},
        "Estimated": False, "Total": {}, "Groups": [
            {"Keys": ["123456789012", "EC2 - Other"],
             "Metrics": {"UnblendedCost": {"Amount": "100", "Unit": "USD"}}}]} for d in days]}
    usage = {"ResultsByTime": [{
        "TimePeriod": {"Start": "2026-11-01", "End": "2026-11-20"}, "Estimated": False,
        "Total": {}, "Groups": [
            {"Keys": ["123456789012", u], "Metrics": {
                "UnblendedCost": {"Amount": a, "Unit": "USD"},
                "UsageQuantity": {"Amount": q, "Unit": "N/A"}}}
            for u, a, q in (("NatGateway-Hours", "20.52", "456"),
                            ("NatGateway-Bytes", "45.045", "1001"),
                            ("BoxUsage:m5.large", "50", "500"))]}]}
    inject_ce([grouped, usage])
    source = make_ce_source(timeframe="monthly", as_of=as_of.isoformat(), network_cost="on")
    opts = resolve("architect", {"source": "ce", "profile": "finops-test",
                                 "timeframe": "monthly", "as_of": as_of.isoformat(),
                                 "network_cost": "on"})
    report = build_report(opts, source)
    table = report.table("network_cost")
    assert table is not None and table.total is not None
    assert_cents(table.total["amount"], 65.565, "NAT hours + bytes")
    assert report.api_requests == 2
    # neither recommendation service exists in moto: a notice each, never a failure
    assert any("Cost Optimization Hub not available" in n for n in report.notices)
    assert report.table("recommendations") is not None
    # tiers on a paid source come from the allocation grouping, never an unasked request
    assert report.table("tiers") is None
    assert any("--group-by tag:tier" in n for n in report.notices)


@pytest.mark.skipif(not (shutil.which("wkhtmltopdf") and shutil.which("pdftotext")),
                    reason="needs wkhtmltopdf and poppler-utils")
def test_pdf_pack_carries_them_with_the_map_as_svg(report: Report, tmp_path: Path) -> None:
    images = {c.key: c for c in chart_images(report)}
    svg = base64.b64decode(images["dependency_map"].uri.split(",", 1)[1]).decode()
    assert svg.startswith("<svg") and "app-primary" in svg and "$72.48/mo" in svg
    (name, data), = render(report, "pdf")
    path = tmp_path / name
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    for title in ("Savings recommendations", "Network cost by kind", "Dependency map",
                  "Identified savings by action"):
        assert title.upper() in flat.upper(), title
    savings = report.kpi("identified_savings")
    assert savings is not None and f"${savings.value:,.2f}" in flat


def test_views_follow_the_account_filter() -> None:
    report = build_report(resolve("architect", {"as_of": AS_OF, "accounts": "shared-services"}))
    recs = report.table("recommendations")
    assert recs is not None and recs.rows
    assert {r["account"] for r in recs.rows} == {"222222222222"}
    graph = report.extra["dependency_map"]
    assert graph["nodes"] and {n["account"] for n in graph["nodes"]} == {"222222222222"}


def test_demo_nat_check_is_a_month_of_traffic(report: Report) -> None:
    check = report.table("nat_endpoint_check")
    assert check is not None and check.total is not None
    # prod VPC: 31,000 GB to S3 and 4,200 GB to DynamoDB a month, no gateway endpoints
    assert_cents(check.total["monthly_savings"], (31_000 + 4_200) * 0.045, "NAT check")
