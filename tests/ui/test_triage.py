"""SRE triage helpers: who is signed in, an alert link's anomaly kept and opened, one expander
per anomaly with its form, and saving writes the triage store."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.report import Report
from finops_lib.triage import annotate_report, open_store, records_of
from finops_lib.ui.triage import APP_USER, FOCUS_KEY

AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x",
                 "client_id": "id", "client_secret": "secret",
                 "server_metadata_url": "https://login.example.com/.well-known/openid-configuration"}}


def _who_page() -> None:
    import streamlit as st

    from finops_lib.ui.triage import remember_focus, signed_in_user

    remember_focus()
    st.session_state["who"] = signed_in_user()


def test_the_user_is_app_unless_signed_in() -> None:
    at = AppTest.from_function(_who_page).run()
    assert at.session_state["who"] == APP_USER
    at = AppTest.from_function(_who_page)
    at.secrets.update(AUTH)
    at.user = {"is_logged_in": True, "email": "ana@example.com"}
    assert at.run().session_state["who"] == "ana@example.com"


def test_an_alert_links_anomaly_is_remembered() -> None:
    at = AppTest.from_function(_who_page)
    at.query_params["anomaly"] = "abc123"
    at.run()
    assert at.session_state[FOCUS_KEY] == "abc123"
    at.query_params.clear()  # the sidebar rewrites the URL; the focus stays
    at.run()
    assert at.session_state[FOCUS_KEY] == "abc123"


@pytest.fixture
def report() -> Report:
    """Per test, annotated as the page does (which registers its anomalies in the test's store)."""
    return annotate_report(build_report(resolve("sre", {"as_of": "2026-11-26",
                                                        "activity_analysis": False})))


def _triage_page(report: object) -> None:  # a script: annotations must be builtins
    from finops_lib.ui.triage import render_triage

    render_triage(report)  # type: ignore[arg-type]


def test_one_expander_per_anomaly_the_focused_one_open(report: Report) -> None:
    records = records_of(report)
    assert records
    focus = str(records[-1]["id"])
    at = AppTest.from_function(_triage_page, args=(report,), default_timeout=60)
    at.session_state[FOCUS_KEY] = focus
    at.run()
    assert not at.exception
    assert at.main.subheader[0].value == "Anomaly triage"
    expanders = at.main.expander
    assert len(expanders) == len(records)
    assert [e.proto.expanded for e in expanders] == [str(r["id"]) == focus for r in records]
    assert all(f"id {r['id']}" in e.label for e, r in zip(expanders, records, strict=True))


def test_saving_the_form_writes_the_store(report: Report) -> None:
    first = str(records_of(report)[0]["id"])
    at = AppTest.from_function(_triage_page, args=(report,), default_timeout=60).run()
    at.selectbox(key=f"state:{first}").set_value("acknowledged")
    at.text_input(key=f"owner:{first}").set_value("team-data")
    at.button(key=f"save:{first}").click().run()
    assert not at.exception
    record = open_store().record(first)
    assert record is not None
    assert (record.state, record.owner, record.updated_by) == ("acknowledged", "team-data",
                                                               APP_USER)
