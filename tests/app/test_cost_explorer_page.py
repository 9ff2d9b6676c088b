"""The SRE page against Cost Explorer (moto): a configured profile is read through the app's
cached boto3 session, and AWS failures are one-line errors, never tracebacks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from finops_lib.anomalies import DetectionParams, history_start
from finops_lib.options import resolve
from finops_lib.periods import plan_periods

from .conftest import AS_OF, metric_money, no_exception, open_page

ACCOUNT = "123456789012"


def _days() -> list[date]:
    """Every day the SRE page reads: the daily plan plus the anomaly baseline's history."""
    as_of = date.fromisoformat(AS_OF)
    fetch = plan_periods("daily", as_of, None).fetch
    start = min(fetch.start, history_start(as_of - timedelta(days=1), DetectionParams(), 30))
    return [start + timedelta(days=i) for i in range((fetch.end - start).days)]


def test_sre_page_reads_cost_explorer(moto_aws: Any, inject_ce: Callable[..., None],
                                      ce_response: Callable[..., dict[str, Any]]) -> None:
    days = _days()
    amounts = {d: [(ACCOUNT, "Amazon Simple Storage Service", "10.00"),
                   (ACCOUNT, "AWS Lambda", "50.00" if d == days[-1] else "5.00")] for d in days}
    inject_ce([ce_response(amounts)])
    at = open_page("sre", {"profile": "finops-test", "source": "ce"})
    no_exception(at)
    assert not at.main.error, [e.value for e in at.main.error]
    shown = {m.label: m.value for m in at.main.metric}
    assert metric_money(next(m for m in at.main.metric if m.label == f"Total ({days[-1]})")) == 60.0
    assert shown["SPIKE"] == "1"
    status = next(d.value for d in at.main.dataframe if "status" in d.value.columns)
    assert status.loc[status["service"] == "AWS Lambda", "status"].item() == "🔴 SPIKE"
    assert any("Cost Explorer (profile finops-test)" in c.value for c in at.main.caption)
    assert "--profile finops-test" in next(c.value for c in at.main.code
                                          if c.value.startswith("python"))
    assert resolve("sre", {"profile": "finops-test"}).profile == "finops-test"


def test_aws_failure_is_one_line(monkeypatch: Any) -> None:
    # a configured profile without credentials: botocore fails before any network call
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                 "AWS_SECURITY_TOKEN", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                 "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    at = open_page("sre", {"profile": "finops-payer", "source": "ce"})
    no_exception(at)
    errors = [e.value for e in at.main.error]
    assert len(errors) == 1 and "\n" not in errors[0] and "finops-payer" in errors[0]
    assert "Traceback" not in errors[0]
    assert not at.main.metric
    assert any(c.value.startswith("python -m finops_lib") for c in at.main.code)
