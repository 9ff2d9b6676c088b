"""SRE page: one expander per anomaly with its causes, runbook, evidence and triage form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from ..formatting import fmt_money
from ..report import Report
from ..runbooks import library
from ..triage import STATES, StoreError, open_store, records_of
from .auth import _auth_configured
from .text import plain

__all__ = ["remember_focus", "render_triage", "signed_in_user"]

APP_USER = "app"  # who, when sign-in is off
FOCUS_PARAM = "anomaly"  # alert links: ?anomaly=ID opens that anomaly's expander
FOCUS_KEY = "triage:focus"


def remember_focus() -> None:
    """Keep an alert link's anomaly id before the sidebar rewrites the query parameters."""
    focus = st.query_params.get(FOCUS_PARAM)
    if focus:
        st.session_state[FOCUS_KEY] = str(focus)


def signed_in_user() -> str:
    """The signed-in user's e-mail or name when sign-in is on, else "app"."""
    if not _auth_configured() or not st.user.is_logged_in:
        return APP_USER
    return str(st.user.get("email") or st.user.get("name") or APP_USER)


def _label(r: Mapping[str, Any]) -> str:
    pct = r.get("impact_percent")
    impact = fmt_money(r["impact_dollars"], signed=True) + (
        f" ({pct:+.0f}%)" if pct is not None else " (new)")
    return (f"{str(r['severity']).upper()} {r['direction']} · {plain(r['series'])} from "
            f"{r['start']} · {impact} · {r.get('state', 'open')} · id {r['id']}")


def _causes(r: Mapping[str, Any]) -> None:
    causes = r.get("top_causes") or []
    if causes:
        st.markdown("**Top causes:** " + "; ".join(
            f"{plain(c['dimension'])} {plain(c['label'])} "
            f"{fmt_money(c['impact_dollars'], signed=True)} ({c['share_percent']:.0f}%)"
            for c in causes))
    st.markdown(f"**Recommended action:** {plain(r.get('recommended_action', ''))}")


def _runbook(r: Mapping[str, Any]) -> None:
    ref = r.get("runbook")
    if not ref:
        st.caption("No runbook matches this anomaly.")
        return
    book = next((b for b in library() if b.slug == ref["slug"]), None)
    st.markdown(f"**Runbook:** {plain(ref['title'])} (`{ref['link']}`)")
    if book is not None:
        with st.container(border=True):
            st.markdown(book.body)  # the project's own documentation, not bill data


def _evidence(r: Mapping[str, Any], report: Report) -> None:
    evidence = report.extra.get("anomaly_evidence", {}).get(r["id"])
    if not evidence:
        st.caption("Evidence of what changed (CloudTrail, alarms, AWS Health) is read on the "
                   "Cost Explorer source (ce), for the three largest anomalies.")
        return
    st.markdown(f"**What changed:** {evidence['changes']} change(s), {evidence['alarms']} "
                f"alarm(s), {evidence['health_events']} Health event(s), "
                f"{evidence['flagged_resources']} flagged resource(s) — risk "
                f"{evidence['risk_score']}/100")
    for line in evidence.get("lines", ()):
        st.markdown(f"- {plain(line)}")


def _save(anomaly_id: str) -> None:
    """Button callback: write the row's widgets to the store before the page redraws."""
    state = st.session_state
    try:
        open_store().set_state(anomaly_id, str(state[f"state:{anomaly_id}"]), by=signed_in_user(),
                               owner=str(state[f"owner:{anomaly_id}"]),
                               note=str(state[f"note:{anomaly_id}"]))
    except StoreError as exc:
        state[f"error:{anomaly_id}"] = exc.one_line()


def _form(r: Mapping[str, Any]) -> None:
    anomaly_id, state = str(r["id"]), str(r.get("state", "open"))
    cols = st.columns((1, 1, 2))
    cols[0].selectbox("State", STATES, index=STATES.index(state) if state in STATES else 0,
                      key=f"state:{anomaly_id}")
    cols[1].text_input("Owner", str(r.get("owner", "")), key=f"owner:{anomaly_id}")
    cols[2].text_input("Note", str(r.get("note", "")), key=f"note:{anomaly_id}")
    st.button("Save triage", key=f"save:{anomaly_id}", on_click=_save, args=(anomaly_id,))
    error = st.session_state.pop(f"error:{anomaly_id}", None)
    if error:
        st.error(error, icon="🚫")
    if r.get("updated_by"):
        st.caption(f"Last changed by {plain(r['updated_by'])} at {r['updated_at']}")


def render_triage(report: Report) -> None:
    """Per anomaly: causes, runbook, evidence and the triage form (state, owner, note)."""
    records = records_of(report)
    if not records:
        return
    st.subheader("Anomaly triage")
    focus = st.session_state.get(FOCUS_KEY)
    for r in records:
        with st.expander(_label(r), expanded=r["id"] == focus):
            _causes(r)
            _evidence(r, report)
            _form(r)
            _runbook(r)
