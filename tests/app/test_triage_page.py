"""SRE page triage: one expander per anomaly with runbook and form; saving writes the store and
the page shows the new state; bill text and notes stay text."""

from __future__ import annotations

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.triage import open_store, records_of
from finops_lib.triage.records import RECORDS_KEY
from finops_lib.ui.text import plain

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


def _evidence_page() -> None:
    """A page drawing the triage of a demo SRE report with evidence attached."""
    from datetime import UTC, datetime
    from typing import Any

    from finops_lib.anomalies.evidence import attach
    from finops_lib.dashboard import build_report
    from finops_lib.options import resolve
    from finops_lib.ui.triage import render_triage

    class Trail:
        def lookup_events(self, **_: Any) -> dict[str, Any]:
            return {"Events": [{"EventName": "CreateNatGateway", "Username": "<b>mallory</b>",
                                "EventTime": datetime(2026, 11, 22, 10, tzinfo=UTC),
                                "Resources": [{"ResourceName": "nat-0abc"}]}]}

        def describe_alarm_history(self, **_: Any) -> dict[str, Any]:
            return {"AlarmHistoryItems": []}

        def describe_events(self, **_: Any) -> dict[str, Any]:
            return {"events": []}

    report = build_report(resolve("sre", {"as_of": "2026-11-26"}))
    render_triage(attach(report, lambda service, region: Trail(), "us-east-1", limit=5))


def test_evidence_is_shown_in_the_anomaly_expander() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_evidence_page, default_timeout=60).run()
    no_exception(at)
    text = [m.value for m in at.main.markdown]
    nat = plain("2026-11-22 10:00Z <b>mallory</b> CreateNatGateway nat-0abc (us-east-1)")
    assert any(nat in line for line in text), text  # who launched what, when; as text
    assert any(line.startswith("**What changed:** 1 change(s), 0 alarm(s), 0 Health event(s)")
               for line in text)


def test_with_sign_in_the_signed_in_user_is_recorded() -> None:
    from streamlit.testing.v1 import AppTest

    from finops_lib.ui.progressive import ONE_PASS_KEY

    from .conftest import APP, RUN_TIMEOUT_S
    from .test_auth import AUTH

    at = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_S)
    at.session_state[ONE_PASS_KEY] = True  # AppTest runs no timers: draw pages in one pass
    at.secrets.update(AUTH)
    at.user = {"is_logged_in": True, "email": "ana@example.com"}
    at.run()
    at.switch_page("pages/sre.py")
    at.query_params.update({"as_of": AS_OF})
    at.run()
    first = records_of(build_report(resolve("sre", {"as_of": AS_OF})))[0]["id"]
    at.selectbox(key=f"state:{first}").set_value("resolved")
    at.button(key=f"save:{first}").click().run()
    no_exception(at)
    record = open_store().record(first)
    assert record is not None and (record.state, record.updated_by) == (
        "resolved", "ana@example.com")
    assert any("Last changed by " + plain("ana@example.com") in c.value
               for c in at.main.caption)


def test_the_alert_link_opens_its_anomaly() -> None:
    first = records_of(build_report(resolve("sre", {"as_of": AS_OF})))[1]["id"]
    at = open_page("sre", {"anomaly": first})
    no_exception(at)
    opened = [e.label for e in at.main.expander if e.proto.expanded and "id " in e.label]
    assert len(opened) == 1 and opened[0].endswith(f"id {first}")
