"""`python -m finops_lib anomalies list|ack ID|expect ID|resolve ID|reopen ID`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from .ids import check_id
from .store import TriageRecord, open_store

__all__ = ["ACTIONS", "USER_ENV", "add_parser", "run"]

USER_ENV = "FINOPS_USER"
ACTIONS: dict[str, str] = {"ack": "acknowledged", "expect": "expected", "resolve": "resolved",
                           "reopen": "open"}
_LIST_COLUMNS = ("id", "severity", "direction", "series", "start", "impact_dollars",
                 "impact_percent", "state", "owner", "note", "runbook")


def add_parser(sub: Any, add_options: Callable[[argparse.ArgumentParser], Any]) -> None:
    """The `anomalies` command and its actions."""
    parser = sub.add_parser("anomalies", help="list anomalies with their triage state; "
                            "acknowledge, expect, resolve or reopen one")
    actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
    listing = actions.add_parser("list", help="detect anomalies (same options as the SRE "
                                 "report) and show each one's id, triage state, owner and note")
    add_options(listing)
    for name, state in ACTIONS.items():
        action = actions.add_parser(name, help=f"mark an anomaly {state}")
        action.add_argument("anomaly_id", metavar="ID", help="the id shown by `anomalies list`")
        action.add_argument("--note", metavar="TEXT", help="why (replaces the note)")
        action.add_argument("--owner", metavar="NAME", help="who follows it up")
        action.add_argument("--by", metavar="NAME",
                            help=f"who makes the change (default ${USER_ENV}, else the login name)")


def _who(given: str | None) -> str:
    if given:
        return given
    try:
        return os.environ.get(USER_ENV) or getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown"


def _cell(record: Mapping[str, Any], key: str) -> Text:
    value = record.get(key)
    if key == "impact_dollars":
        return Text(f"{value:+,.2f}", justify="right")
    if key == "impact_percent":
        return Text("new" if value is None else f"{value:+.1f}%", justify="right")
    if key == "runbook":
        return Text(value["link"] if value else "")
    return Text("" if value is None else str(value))  # bill data is text, never markup


def _list(given: Mapping[str, Any], console: Console) -> int:
    from ..alerts import with_triage
    from ..dashboard import build_report
    from ..options import resolve
    from .annotate import records_of

    report, _ = with_triage(build_report(resolve("sre", given)),
                            lambda line: print(line, file=sys.stderr))
    records = records_of(report)
    for notice in report.notices:
        if notice.startswith("Triage store"):
            print(f"finops: warning: {notice}", file=sys.stderr)
    if not records:
        console.print("No anomalies in the last 30 days.")
        return 0
    table = RichTable(title=f"Anomalies ({len(records)}), {report.scope.label}")
    for key in _LIST_COLUMNS:
        table.add_column(key.replace("_", " "))
    for record in records:
        table.add_row(*(_cell(record, k) for k in _LIST_COLUMNS))
    console.print(table)
    return 0


def _changed(record: TriageRecord) -> str:
    owner = f", owner {record.owner}" if record.owner else ""
    note = f", note {record.note!r}" if record.note else ""
    return (f"{record.anomaly_id} {record.series} from {record.start_day}: {record.state}"
            f"{owner}{note} (by {record.updated_by} at {record.updated_at})")


def run(ns: argparse.Namespace, given: Mapping[str, Any]) -> int:
    """Run one `anomalies` action; returns the exit status."""
    console = Console(width=None if sys.stdout.isatty() else 200, soft_wrap=False)
    if ns.action == "list":
        return _list(given, console)
    record = open_store().set_state(check_id(ns.anomaly_id), ACTIONS[ns.action],
                                    by=_who(ns.by), owner=ns.owner, note=ns.note)
    console.print(Text(_changed(record)))
    return 0
