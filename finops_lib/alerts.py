"""What the headless command does after an SRE report: triage state, alerts, the exit gate."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from .errors import FinopsError, OptionError
from .notify import Delivery, check_targets, deliver, message, pending
from .options import Options, effective_profile, to_query_params
from .report import Report
from .triage import StoreError, TriageStore, annotate_report, open_store, records_of
from .triage.records import SEVERITY_RANK

__all__ = ["AnomalyGate", "alert", "check_alert_options", "gate", "send_alerts", "with_triage"]


class AnomalyGate(FinopsError):
    """Open anomalies at or above --fail-on-anomaly exist: exit 4 (for CI and cron)."""

    exit_code = 4


def check_alert_options(opts: Options) -> None:
    """--notify and --fail-on-anomaly only make sense for the SRE report."""
    wanted = [flag for flag, given in (("--notify", opts.notify),
                                       ("--fail-on-anomaly", opts.fail_on_anomaly)) if given]
    if wanted and opts.mode != "sre":
        raise OptionError(f"{wanted[0]} needs the SRE report", fix="add --mode sre")
    check_targets(opts.notify)


def gate(records: Sequence[Mapping[str, Any]], severity: str | None) -> None:
    """Raise AnomalyGate when an open anomaly of `severity` or higher exists."""
    if not severity:
        return
    floor = SEVERITY_RANK[severity]
    hits = [r for r in records if r.get("state", "open") == "open"
            and SEVERITY_RANK.get(str(r["severity"]), 0) >= floor]
    if hits:
        ids = ", ".join(str(r["id"]) for r in hits[:10])
        raise AnomalyGate(f"{len(hits)} open anomal{'y' if len(hits) == 1 else 'ies'} of "
                          f"severity {severity} or higher ({ids})",
                          fix="acknowledge with `python -m finops_lib anomalies ack ID`, or mark "
                              "expected/resolved")


def send_alerts(report: Report, targets: Sequence[str], store: TriageStore | None,
                **kwargs: Any) -> list[Delivery]:
    """Post the report's new open anomalies to every target; mark them sent when all accepted
    (without a store every current anomaly is new)."""
    new = pending(records_of(report))
    if not new or not targets:
        return []
    payload = message(new, period=f"{report.periods.current.label}",
                      query=to_query_params(report.options))
    deliveries = deliver(targets, payload, profile=effective_profile(report.options), **kwargs)
    if store is not None and all(d.ok for d in deliveries):
        store.mark_notified([str(r["id"]) for r in new])
    return deliveries


def with_triage(report: Report, warn: Callable[[str], None]
                ) -> tuple[Report, TriageStore | None]:
    """An SRE report annotated with triage state, and the store (None when unavailable)."""
    if report.mode != "sre":
        return report, None
    try:
        store = open_store()
    except StoreError as exc:
        if report.options.notify:  # a duplicate alert beats a lost one
            warn(f"finops: warning: {exc.one_line()} Alerts include every current anomaly.")
        return replace(report, notices=(*report.notices,
                                        f"Triage store unavailable: {exc.one_line()}")), None
    return annotate_report(report, store), store


def alert(report: Report, store: TriageStore | None, say: Callable[[str], None],
          warn: Callable[[str], None]) -> None:
    """Send the report's alerts; each delivery is one line, a failure never raises."""
    if not report.options.notify:
        return
    try:
        deliveries = send_alerts(report, report.options.notify, store)
    except StoreError as exc:
        warn(f"finops: warning: alerts sent but not recorded: {exc.one_line()}")
        return
    for delivery in deliveries:
        (say if delivery.ok else warn)(delivery.line())
