"""A persona's sidebar in the app: its own groups up front, the rest under Advanced, pick-lists."""

from __future__ import annotations

from finops_lib.app_model import widget_key
from finops_lib.sidebar_layout import ADVANCED

from .conftest import no_exception, open_page, widget


def _labels_in(at: object, expander: str) -> list[str]:
    boxes = [x for x in at.sidebar.expander if x.label == expander]  # type: ignore[attr-defined]
    return [w.label for box in boxes for w in (*box.text_input, *box.number_input,
                                               *box.selectbox, *box.toggle, *box.multiselect)]


def test_executive_sidebar_keeps_sre_under_advanced_and_athena_on_the_server() -> None:
    at = open_page("executive")
    no_exception(at)
    front = [x.label for x in at.sidebar.expander]
    assert "SRE" not in front and front[-1] == ADVANCED
    scope, advanced = _labels_in(at, "Scope"), _labels_in(at, ADVANCED)
    assert any("Spike threshold" in label for label in advanced)
    # Athena settings come from the server's configuration only (docs/security.md)
    assert not [label for label in scope + advanced if "Athena" in label]


def test_services_and_accounts_are_pick_lists_of_what_the_source_knows() -> None:
    from finops_lib.dashboard import build_report
    from finops_lib.options import resolve

    from .conftest import AS_OF

    at = open_page("executive")
    at.run()  # the page's first report told the sidebar what the source knows
    no_exception(at)
    report = build_report(resolve("executive", {"as_of": AS_OF}))
    services = widget(at, widget_key("executive", "services"))
    accounts = widget(at, widget_key("executive", "accounts"))
    assert type(services).__name__ == type(accounts).__name__ == "Multiselect"
    assert {"EC2", "RDS"} <= set(services.options)  # the documented short names
    assert set(report.frame["service"].unique()) <= set(services.options)
    assert {a.id for a in report.scope.accounts} <= set(accounts.options)
    total = next(m.help for m in at.main.metric)
    accounts.set_value(["workloads-prod"]).run()
    no_exception(at)
    assert not at.main.error and next(m.help for m in at.main.metric) != total
    assert at.query_params["accounts"] == "workloads-prod"
