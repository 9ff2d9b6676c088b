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


def test_the_region_pick_list_lists_the_demo_regions_and_filters_to_the_cent() -> None:
    at = open_page("executive")
    no_exception(at)
    frame = build_report(resolve("executive", {"as_of": AS_OF})).frame
    regions = sorted({str(r) for r in frame["region"].unique() if r})
    assert len(regions) >= 2, regions
    at.run()  # the page's report tells the sidebar its regions (e.g. "global") from the next run
    assert set(regions) <= set(widget(at, "executive:regions").options)
    assert {"us-east-1", "eu-central-1", "ap-southeast-2"} <= set(
        widget(at, "executive:regions").options)  # AWS's regions, also where the source has none

    widget(at, "executive:regions").set_value([regions[0]]).run()

    no_exception(at)
    assert "--regions " + regions[0] in command_text(at)
    expected = build_report(resolve("executive", {"as_of": AS_OF,
                                                  "filter": [f"region:{regions[0]}"]}))
    total = next(m for m in at.main.metric if m.label.startswith("Total"))
    assert metric_money(total) == expected.kpi("total").value
    assert expected.kpi("total").value < build_report(
        resolve("executive", {"as_of": AS_OF})).kpi("total").value
