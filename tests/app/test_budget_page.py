"""Budgets in the app: the server's $FINOPS_BUDGETS file drives the executive page's budgets
table, KPI and budget-vs-actual chart (AppTest, then a real Chromium)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from finops_lib.budget_report import BUDGETS_ENV
from finops_lib.dashboard import build_report
from finops_lib.options import resolve

from .conftest import AS_OF, open_page
from .test_browser import (
    CHROMIUM,
    PAGE_TIMEOUT_MS,
    VIEWPORT,
    _screenshot,
    _wait_for_run,
    streamlit_server,
)

BUDGETS = """budgets:
  - {name: Organization, scope: organization, amount: 620000}
  - {name: Data team, scope: "tag:team=data", amount: 50000}
  - {name: Euro, scope: organization, amount: 1000, currency: EUR}
"""


@pytest.fixture
def budgets_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "budgets.yaml"
    path.write_text(BUDGETS)
    monkeypatch.setenv(BUDGETS_ENV, str(path))
    return path


def test_executive_page_draws_the_budgets(budgets_file: Path) -> None:
    at = open_page("executive")
    assert not at.exception and not at.main.error
    report = build_report(resolve("executive", {"as_of": AS_OF}))
    budgets = report.table("budgets")
    frame = next(d.value for d in at.main.dataframe if "forecast_low" in d.value.columns)
    assert list(frame["budget"]) == [r["budget"] for r in budgets.rows]
    assert list(frame["status"]) == [r["status"] for r in budgets.rows]
    assert [round(float(v), 2) for v in frame["actual"].dropna()] == [
        r["actual"] for r in budgets.rows if r["actual"] is not None]
    kpi = report.kpi("budget_status")
    # text KPIs are escaped Markdown (plain() escapes the dollar sign)
    assert f"**{kpi.value}**" in [m.value.replace("\\$", "$") for m in at.main.markdown]
    burn = next(c for c in report.charts if c.kind == "budget_burn")
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert [c["title"] for c in charts] == [c.title for c in report.charts]
    drawn = next(c for c in charts if c["title"] == burn.title)
    assert len(drawn["layer"]) == 4  # forecast band, budget line, forecast, actual


@pytest.fixture(scope="module")
def budget_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A streamlit server whose operator set $FINOPS_BUDGETS."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    home = tmp_path_factory.mktemp("budget-server")
    (home / "budgets.yaml").write_text(BUDGETS)
    with streamlit_server(home, **{BUDGETS_ENV: str(home / "budgets.yaml")}) as url:
        yield url


@pytest.mark.browser
def test_budget_chart_in_a_real_browser(budget_server: str, browser: Any, tmp_path: Path) -> None:
    page = browser.new_context(viewport=VIEWPORT).new_page()
    page.goto(f"{budget_server}/executive?as_of={AS_OF}")
    _wait_for_run(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    title = "Budget vs actual: Organization"
    chart = page.locator('[data-testid="stVegaLiteChart"]').filter(has_text=title)
    chart.first.wait_for(timeout=PAGE_TIMEOUT_MS)
    chart.first.scroll_into_view_if_needed()
    # vega draws into a canvas or svg: the chart has real pixels, and its title is drawn
    box: Any = chart.first.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150
    # the notice about the budget not compared sits in the Data notes expander
    page.get_by_text("Data notes (").first.click()
    assert page.get_by_text("NOT COMPARED").first.is_visible()
    shot = _screenshot(page, "executive-budgets")
    assert shot.stat().st_size > 20_000
    page.context.close()
