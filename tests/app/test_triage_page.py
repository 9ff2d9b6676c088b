"""SRE page triage: one expander per anomaly with runbook and form; saving writes the store and
the page shows the new state; bill text and notes stay text."""

from __future__ import annotations

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.triage import open_store, records_of
from finops_lib.triage.records import RECORDS_KEY

from .conftest import AS_OF, no_exception, open_page

HOSTILE_NOTE = "<img src=x onerror=alert(1)> **not bold** [link](http://evil)"


def test_each_anomaly_has_an_expander_with_runbook_and_triage_form() -> None:
    at = open_page("sre")
    no_exception(at)
    records = build_report(resolve("sre", {"as_of": AS_OF})).extra[RECORDS_KEY]
    labels = [e.label for e in at.main.expander]
    for record in records:
        label = next(label for label in labels if f"id {record['id']}" in label)
        assert record["start"] in label and "open" in label
        assert at.selectbox(key=f"state:{record['id']}").value == "open"
    text = " ".join(m.value for m in at.main.markdown)
    assert "**Runbook:** A new service or account starts spending" in text
    assert "**Stop the bleeding.**" in text  # the runbook is rendered inline
    captions = [c.value for c in at.main.caption]
    assert sum("Evidence of what changed" in c for c in captions) == len(records)  # demo: no AWS


def test_saving_the_form_writes_the_store_and_the_page_shows_it() -> None:
    at = open_page("sre")
    first = records_of(build_report(resolve("sre", {"as_of": AS_OF})))[0]["id"]
    at.selectbox(key=f"state:{first}").set_value("acknowledged")
    at.text_input(key=f"owner:{first}").set_value("team-data")
    at.text_input(key=f"note:{first}").set_value(HOSTILE_NOTE)
    at.button(key=f"save:{first}").click().run()
    no_exception(at)
    record = open_store().record(first)
    assert record is not None
    assert (record.state, record.owner, record.note, record.updated_by) == (
        "acknowledged", "team-data", HOSTILE_NOTE, "app")
    table = next(d.value for d in at.main.dataframe if "state" in d.value.columns)
    row = table[table["id"] == first].iloc[0]
    assert (row["state"], row["owner"], row["note"]) == ("acknowledged", "team-data", HOSTILE_NOTE)
    assert any(f"id {first}" in e.label and "acknowledged" in e.label for e in at.main.expander)
    rendered = " ".join(m.value for m in [*at.main.markdown, *at.main.caption])
    assert "<img" not in rendered and "**not bold**" not in rendered
