"""The sidebar pick-list of OUs, tags and cost categories: a pick becomes a Filters line, the
link and the command carry it, and the page shows the filtered total to the cent."""

from __future__ import annotations

from finops_lib.dashboard import build_report
from finops_lib.options import resolve

from .conftest import AS_OF, command_text, metric_money, no_exception, open_page, widget


def test_picking_a_tag_value_filters_the_page() -> None:
    at = open_page("executive")
    no_exception(at)
    picks = widget(at, "executive:_filter_picks")
    assert {"ou:Sandbox", "tag:team=data", "tag:team=",
            "cost-category:Business Unit=Commerce"} <= set(picks.options)

    picks.set_value(["tag:team=data"]).run()

    no_exception(at)
    assert widget(at, "executive:filter").value == "tag:team=data"
    assert widget(at, "executive:_filter_picks").value == []
    assert at.query_params["filter"] in ("tag:team=data", ["tag:team=data"])
    assert "--filter tag:team=data" in command_text(at)
    expected = build_report(resolve("executive", {"as_of": AS_OF, "filter": ["tag:team=data"]}))
    total = next(m for m in at.main.metric if m.label.startswith("Total"))
    assert metric_money(total) == expected.kpi("total").value
