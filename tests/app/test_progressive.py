"""A page's first view in a session sends the figures alone (no sidebar widgets, no tables);
the browser's "drawn" signal then reruns it in full.

AppTest runs no browser, so the signal is played here by recording what its callback records
(the browser tests check the whole page arrives in Chromium).
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.ui.progressive import READY, drawn_flag

from .conftest import APP, AS_OF, RUN_TIMEOUT_S, WIDGET_LISTS, metric_money, no_exception


def _widgets(at: AppTest) -> int:
    return sum(len(getattr(at.sidebar, kind)) for kind in WIDGET_LISTS)


def test_first_pass_is_the_figures_alone_then_the_whole_page() -> None:
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
    assert _widgets(at) == 0  # so do the sidebar's widgets
    assert any("Drawing charts, tables and options" in c.value for c in at.main.caption)
    assert at.query_params["as_of"] == AS_OF  # the link is written from the first pass

    assert at.session_state[drawn_flag("executive")] == READY  # what the signal's rerun sees
    at.run()

    no_exception(at)
    assert len(at.dataframe) >= 3
    assert _widgets(at) >= 7  # Scope and Period are open
    assert not any("Drawing charts" in c.value for c in at.main.caption)
    again = next(m for m in at.main.metric if m.label.startswith("Total"))
    assert (again.label, again.value) == (total.label, total.value)


def test_a_link_with_a_bad_value_is_drawn_in_one_pass_with_its_warning() -> None:
    at = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_S)
    at.run()
    at.switch_page("pages/executive.py")
    at.query_params.update({"as_of": AS_OF, "top_n": "many"})
    at.run()
    no_exception(at)
    assert _widgets(at) >= 7 and len(at.dataframe) >= 3
    assert any("Ignored from the link" in w.value and "top_n" in w.value
               for w in at.sidebar.warning)
