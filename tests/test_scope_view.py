"""Scope says what the figures cover: the accounts left after filters, and a payer's linked
accounts, identically on the terminal, the exports and the app caption (all read report.scope)."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

from rich.console import Console

from finops_lib.dashboard import build_report
from finops_lib.exporters import render
from finops_lib.options import resolve
from finops_lib.periods import plan_periods
from finops_lib.terminal import render_terminal

AS_OF = "2026-11-26"


def _terminal(report: Any) -> str:
    buffer = io.StringIO()
    render_terminal(report, Console(file=buffer, width=250, color_system=None))
    return buffer.getvalue()


def test_accounts_filter_narrows_the_scope_on_every_surface() -> None:
    report = build_report(resolve("architect", {"as_of": AS_OF, "accounts": ["workloads-prod"],
                                                "validation_level": "basic"}))
    label = report.scope.label
    assert label == ("Demo organization (9 accounts) — filtered to 1 account of 9: "
                     "workloads-prod")
    assert [a.id for a in report.scope.accounts] == ["555555555555"]
    assert set(report.frame["account_id"]) == {"555555555555"}
    doc = json.loads(render(report, "json")[0][1])
    assert doc["scope"]["label"] == label and len(doc["scope"]["accounts"]) == 1
    assert label in render(report, "markdown")[0][1].decode().replace("\\", "")
    assert label in _terminal(report)


def test_ou_filter_names_the_accounts_left() -> None:
    report = build_report(resolve("architect", {"as_of": AS_OF, "filter": ["ou:Sandbox"],
                                                "validation_level": "basic"}))
    assert report.scope.label.endswith("filtered to 2 accounts of 9: ml-sandbox, dev-sandbox")


def test_a_caller_whose_data_holds_linked_accounts_is_labelled_payer(
        make_ce_source: Any, inject_ce: Any, ce_response: Any) -> None:
    source = make_ce_source("architect", validation_level="basic")
    opts = resolve("architect", {"as_of": "2026-11-20"}).replace(source="ce",
                                                                 validation_level="basic")
    fetch = plan_periods(opts.timeframe, opts.as_of, opts.month).fetch
    days = [fetch.start + timedelta(days=i) for i in range((fetch.end - fetch.start).days)]
    linked = [f"10000000000{i}" for i in range(1, 7)]
    inject_ce([ce_response({d: [(a, "Amazon Simple Storage Service", "1.25") for a in linked]
                            for d in days})])
    caller = source.caller_account()
    report = build_report(opts, source)
    assert report.scope.kind == "payer" and caller not in linked
    assert report.scope.label == f"payer {caller}: 6 linked accounts"
    assert sorted(a.id for a in report.scope.accounts) == linked
    assert report.file_stem.startswith("finops-architect-payer-")
    assert report.table("accounts") is not None  # per-account figures for a payer
    doc = json.loads(render(report, "json")[0][1])
    assert doc["scope"]["kind"] == "payer" and len(doc["scope"]["accounts"]) == 6
