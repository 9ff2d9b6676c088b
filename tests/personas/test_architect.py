"""finops_lib.personas.architect: consistency checks on consistent data."""

from __future__ import annotations

import pytest

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.personas import build_context

AS_OF = "2026-11-26"


@pytest.fixture(scope="module")
def ctx():
    return build_context(resolve("architect", {"as_of": AS_OF, "top_n": 0}))


def test_architect_consistency_checks_pass_on_consistent_data(ctx) -> None:
    report = build_report(ctx.opts, ctx.source)
    assert len(report.checks) >= 7 and all(c.passed for c in report.checks)  # 7 sums/sanity
    assert "consistency checks passed" in report.headline
