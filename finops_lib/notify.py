"""Alerts from the headless command: one JSON message per run with the new anomalies, posted
to webhooks (Slack and Teams render its `text`) and/or published to SNS topics.

Only anomalies still `open` in the triage store and never sent before are included; they are
marked as sent once every target accepted the message (a failed target makes the next run try
again rather than lose the alert). A delivery is retried with exponential backoff on network
errors, HTTP 429 and 5xx. Failures are reported as one line each; the report itself is already
printed and exported by then. The message carries no credentials, file paths or webhook URLs.
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from .errors import OptionError

__all__ = ["APP_URL_ENV", "IAM_ACTIONS", "Delivery", "app_link", "check_targets", "deliver", "message",
           "pending", "target_label"]

IAM_ACTIONS: tuple[str, ...] = ("sns:Publish",)  # only with --notify sns:TOPIC_ARN
APP_URL_ENV = "FINOPS_APP_URL"
ATTEMPTS = 3
BACKOFF_SECONDS = 1.0  # first retry waits this long, then doubles
TIMEOUT_SECONDS = 10.0
SNS_SUBJECT_CHARS = 100
_SNS_RE = re.compile(r"^sns:(arn:aws[\w-]*:sns:([a-z0-9-]+):\d{12}:[\w-]{1,256})$")
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Delivery:
    """How sending to one target went."""

    target: str  # secret-free label
    ok: bool
    attempts: int
    error: str = ""

    def line(self) -> str:
        """One line for the terminal."""
        if self.ok:
            return f"notified {self.target}"
        return (f"finops: warning: alert not delivered to {self.target} after {self.attempts} "
                f"attempt(s): {self.error}; the report is unaffected and the next run retries")


def check_targets(targets: Sequence[str]) -> None:
    """OptionError unless every target is an http(s) URL or sns:TOPIC_ARN."""
    for target in targets:
        if _SNS_RE.match(target):
            continue
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise OptionError(f"--notify: {target_label(target)!r} is neither a webhook URL nor "
                              "sns:TOPIC_ARN",
                              fix="use --notify https://hooks.slack.com/services/… or "
                                  "--notify sns:arn:aws:sns:us-east-1:123456789012:finops")


def target_label(target: str) -> str:
    """The target without secrets: webhook URLs carry their token in the path."""
    if target.startswith("sns:"):
        return target
    parts = urlsplit(target)
    return f"{parts.scheme}://{parts.hostname or '?'}{':' + str(parts.port) if parts.port else ''}/…"


def pending(records: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Records to alert on: still open and not sent before."""
    return [r for r in records if r.get("state", "open") == "open" and not r.get("notified_at")]


def app_link(query: Mapping[str, Any], anomaly_id: str) -> str | None:
    """Link to the SRE page with the report's options, when FINOPS_APP_URL is set."""
    base = os.environ.get(APP_URL_ENV, "").strip().rstrip("/")
    if not base:
        return None
    return f"{base}/sre?{urlencode({**query, 'anomaly': anomaly_id}, doseq=True)}"


def _line(r: Mapping[str, Any]) -> str:
    pct = r.get("impact_percent")
    impact = f"{r['impact_dollars']:+,.2f} USD" + (f" ({pct:+.0f}%)" if pct is not None else
                                                   " (new)")
    causes = "; ".join(f"{c['dimension']} {c['label']} {c['impact_dollars']:+,.2f}"
                       for c in r.get("top_causes", ()))
    parts = [f"• {str(r['severity']).upper()} {r['direction']} {r['series']} from {r['start']}: "
             f"{impact}", f"id {r['id']}"]
    if causes:
        parts.append(f"causes: {causes}")
    if r.get("runbook"):
        parts.append(f"runbook: {r['runbook']['title']} ({r['runbook']['link']})")
    if r.get("link"):
        parts.append(str(r["link"]))
    return " — ".join(parts)


def _inert(text: str) -> str:
    """Slack's required escapes (&, <, >): `<!channel>` or `<http://…|x>` stay plain text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_FIELDS = ("id", "series", "dimension", "service", "account_id", "direction", "start",
           "last_day", "ongoing", "severity", "actual", "expected", "impact_dollars",
           "impact_percent", "top_causes", "recommended_action", "runbook", "state", "link")


def message(records: Sequence[Mapping[str, Any]], *, period: str, query: Mapping[str, Any]
            ) -> dict[str, Any]:
    """The JSON message: `text` for chat webhooks, the structure beside it."""
    items = [{**{k: r.get(k) for k in _FIELDS}, "link": app_link(query, str(r["id"]))}
             for r in records]
    title = f"FinOps: {len(items)} new cost anomal{'y' if len(items) == 1 else 'ies'} ({period})"
    # Slack and Teams read `text` as markup: names from bills must not ping or format
    text = "\n".join([title, *(_inert(_line(i)) for i in items)])
    return {"text": text, "title": title, "source": "finops-dashboard", "period": period,
            "anomalies": items}


Sender = Callable[[str, bytes, str], None]


def _post(url: str, body: bytes, _subject: str) -> None:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json",
                                              "User-Agent": "finops-dashboard"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        response.read()


def _publisher(profile: str | None) -> Sender:
    def publish(target: str, body: bytes, subject: str) -> None:
        from .sources.aws import make_session

        match = _SNS_RE.match(target)
        assert match is not None  # checked when the option was read
        session = make_session(profile)
        _publish(session.client("sns", region_name=match.group(2)), match.group(1), body,
                 subject)
    return publish


def _publish(client: Any, topic_arn: str, body: bytes, subject: str) -> None:
    client.publish(TopicArn=topic_arn, Message=body.decode("utf-8"),
                   Subject=subject[:SNS_SUBJECT_CHARS])


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, urllib.error.HTTPError):
        return exc.code in _RETRY_STATUS
    if isinstance(exc, (urllib.error.URLError, TimeoutError, ConnectionError)):
        return True
    code = getattr(exc, "response", {}).get("Error", {}).get("Code", "") \
        if hasattr(exc, "response") else ""
    return code in ("Throttling", "ThrottlingException", "InternalError", "ServiceUnavailable") \
        or type(exc).__name__ in ("EndpointConnectionError", "ConnectTimeoutError",
                                  "ReadTimeoutError")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}"
    if isinstance(exc, urllib.error.URLError):
        return f"cannot connect ({exc.reason})"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".strip(": ")


def _send(target: str, body: bytes, subject: str, attempts: int, backoff_seconds: float,
          sleep: Callable[[float], None], profile: str | None) -> Delivery:
    send: Sender = _publisher(profile) if target.startswith("sns:") else _post
    for attempt in range(1, attempts + 1):
        try:
            send(target, body, subject)
            return Delivery(target_label(target), True, attempt)
        except Exception as exc:  # every failure is reported, none stops the run
            if attempt == attempts or not _retryable(exc):
                return Delivery(target_label(target), False, attempt, _reason(exc))
            sleep(backoff_seconds * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


def deliver(targets: Sequence[str], payload: Mapping[str, Any], *, attempts: int = ATTEMPTS,
            backoff_seconds: float = BACKOFF_SECONDS,
            sleep: Callable[[float], None] | None = None,
            profile: str | None = None) -> list[Delivery]:
    """Send the message to every target (SNS with the AWS profile's credentials); never
    raises."""
    sleep = sleep or time.sleep
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return [_send(t, body, str(payload.get("title", "FinOps alert")), attempts, backoff_seconds,
                  sleep, profile) for t in targets]
