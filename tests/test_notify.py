"""Notification delivery: retries with backoff, the message and pending rules."""

from __future__ import annotations

from finops_lib.notify import deliver, message, pending
from tests.conftest import Sink


def test_retries_with_backoff_then_delivers(sink: Sink, no_sleep: list[float]) -> None:
    sink.statuses = [503, 429]
    [delivery] = deliver([sink.url], {"text": "t", "title": "t"})
    assert (delivery.ok, delivery.attempts) == (True, 3)
    assert no_sleep == [1.0, 2.0]
    sink.statuses = [404]
    [failed] = deliver([sink.url], {"text": "t"})
    assert (failed.ok, failed.attempts, failed.error) == (False, 1, "HTTP 404")
    assert "SECRET-TOKEN" not in failed.line() and "\n" not in failed.line()


def test_message_and_pending_rules() -> None:
    records = [{"id": "a", "state": "open", "notified_at": None},
               {"id": "b", "state": "open", "notified_at": "2026-11-26T00:00:00Z"},
               {"id": "c", "state": "expected", "notified_at": None},
               {"id": "d", "state": "acknowledged", "notified_at": None}]
    assert [r["id"] for r in pending(records)] == ["a"]
    body = message([{"id": "x", "series": "<!channel> & <b>EC2</b>", "severity": "high",
                     "direction": "spike", "start": "2026-11-20", "impact_dollars": 12.5,
                     "impact_percent": None, "top_causes": []}], period="p", query={})
    assert body["text"] == ("FinOps: 1 new cost anomaly (p)\n• HIGH spike &lt;!channel&gt; "
                            "&amp; &lt;b&gt;EC2&lt;/b&gt; from 2026-11-20: +12.50 USD (new) — id x")
    assert body["anomalies"][0]["series"] == "<!channel> & <b>EC2</b>"  # the data, unchanged
    assert body["anomalies"][0]["link"] is None
