"""A page's first view in a session sends the KPI cards alone; the timer's rerun sends the rest.

AppTest runs no fragment timers, so the second pass is checked here by re-running as the
timer would (the browser tests check the whole page arrives in Chromium).
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from finops_lib.dashboard import build_report
from finops_lib.options import resolve

from .conftest import APP, AS_OF, RUN_TIMEOUT_S, metric_money, no_exception


def test_first_pass_is_the_kpis_alone_then_the_whole_page() -> None:
    at = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_S)
    at.run()
    at.switch_page("pages/executive.py")
    at.query_params.update({"as_of": AS_OF})
    at.run()
    no_exception(at)
    expected = build_report(resolve("executive", {"as_of": AS_OF}))
    total = next(m for m in at.main.metric if m.label.startswith("Total"))
    assert metric_money(total) == expected.kpi("total").value
    assert len(at.dataframe) == 0  # tables wait for the second pass
    assert any("Drawing charts and tables" in c.value for c in at.main.caption)
    assert at.session_state["_drawn:executive"] == "armed"

    at.session_state["_drawn:executive"] = "ready"  # what the timer's rerun records
    at.run()

    no_exception(at)
    assert len(at.dataframe) >= 3
    assert not any("Drawing charts and tables" in c.value for c in at.main.caption)
