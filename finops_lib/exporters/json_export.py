"""JSON: the whole report in a versioned schema (docs/report.schema.json)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from ..options import DELIVERY_OPTIONS, OPTIONS, to_command
from ..report import SCHEMA_VERSION, Report, Table
from ..request_log import RequestLog

__all__ = ["report_dict"]


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _table(table: Table) -> dict[str, Any]:
    return {
        "title": table.title,
        "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in table.columns],
        "rows": [{k: _jsonable(v) for k, v in row.items()} for row in table.rows],
        "total": {k: _jsonable(v) for k, v in table.total.items()} if table.total else None,
        "note": table.note,
    }


def _requests(report: Report) -> dict[str, Any]:
    """The run's request log; `pages` is the billed figure every surface prints."""
    if not report.calls and report.api_requests:  # a Report made by hand, without the log
        return {"requests": report.api_requests, "pages": report.api_requests, "seconds": 0.0,
                "calls": []}
    return RequestLog(report.calls).summary()


def report_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    anomalies = report.table("change_status")  # the SRE status rows, kept under "anomalies"
    validation = report.validation
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": report.generated_at.isoformat(),
        "mode": report.mode,
        "title": report.title,
        "headline": report.headline,
        # Delivery options (where files go) are left out so that the same report downloaded
        # from the app and exported by the command is the same document.
        "options": {o.name: _jsonable(report.options[o.name]) for o in OPTIONS
                    if o.name not in DELIVERY_OPTIONS},
        "command": to_command(report.options, omit=DELIVERY_OPTIONS),
        "periods": report.periods.as_dict(),
        "scope": {
            "kind": report.scope.kind, "label": report.scope.label,
            "caller_account": report.scope.caller_account,
            "accounts": [{"id": a.id, "name": a.name, "ou": a.ou}
                         for a in report.scope.accounts],
        },
        "source": report.source,
        "currency": report.currency,
        "is_demo": report.is_demo,
        "api_requests": _requests(report),
        "kpis": [{"key": k.key, "label": k.label, "value": k.value, "unit": k.unit,
                  "delta": k.delta, "delta_pct": k.delta_pct, "help": k.help}
                 for k in report.kpis],
        "tables": {t.key: _table(t) for t in report.tables},
        "trees": {t.key: {"title": t.title, "root": t.root.to_dict()} for t in report.trees},
        "charts": {c.key: {"title": c.title, "kind": c.kind, "data": list(c.data)}
                   for c in report.charts},
        "anomalies": _table(anomalies)["rows"] if anomalies else [],
        "checks": [{"name": c.name, "passed": c.passed, "detail": c.detail}
                   for c in report.checks],
        "validation": None if validation is None else {
            "level": validation.level, "passed": validation.passed,
            "agreement_pct": validation.agreement_pct, "badge": validation.badge,
            "checks": [{"name": c.name, "passed": c.passed, "detail": c.detail}
                       for c in validation.checks],
        },
        "notices": list(report.notices),
        "summary_lines": list(report.summary_lines),
        "extra": {k: v for k, v in report.extra.items() if _is_json(v)},
    }


def _is_json(value: Any) -> bool:
    try:
        json.dumps(value, default=_jsonable)
    except (TypeError, ValueError):
        return False
    return True


def render(report: Report) -> list[tuple[str, bytes]]:
    """The report as one JSON file."""
    text = json.dumps(report_dict(report), indent=2, default=_jsonable, ensure_ascii=False)
    return [(".json", (text + "\n").encode("utf-8"))]
