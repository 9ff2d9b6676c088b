"""finops_lib.report: sections fold into the one report every surface draws."""

from __future__ import annotations

import pytest

from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.report import Check, Column, Kpi, Report, Section, Table, fold

AS_OF = "2026-11-26"


def _table(key: str) -> Table:
    return Table(key, key.title(), (Column("name", "Name"),), ({"name": key},))


def test_fold_concatenates_each_kind_in_section_order() -> None:
    first = Section("a", kpis=(Kpi("a1", "A1", 1.0),), tables=(_table("t1"),),
                    notices=("n1",), summary_lines=("l1",), data={"x": 1, "y": 1})
    second = Section("b", kpis=(Kpi("b1", "B1", 2.0),), tables=(_table("t2"),),
                     checks=(Check("c", True),), notices=("n2",), data={"y": 2})
    parts = fold([first, second])
    assert [k.key for k in parts["kpis"]] == ["a1", "b1"]
    assert [t.key for t in parts["tables"]] == ["t1", "t2"]
    assert parts["notices"] == ("n1", "n2") and parts["summary_lines"] == ("l1",)
    assert parts["checks"] == (Check("c", True),)
    assert parts["extra"] == {"x": 1, "y": 2}  # a later section's data wins a shared key


def test_an_empty_section_adds_nothing() -> None:
    assert fold([Section("nothing")]) == {"kpis": (), "tables": (), "trees": (), "charts": (),
                                          "checks": (), "notices": (), "summary_lines": (),
                                          "extra": {}}


@pytest.mark.parametrize("mode", ["executive", "architect", "sre"])
def test_a_persona_report_is_its_sections_folded(mode: str) -> None:
    report: Report = build_report(resolve(mode, {"as_of": AS_OF}))
    parts = fold(report.sections)
    assert report.sections and len({s.key for s in report.sections}) == len(report.sections)
    for kind in ("kpis", "tables", "trees", "charts", "checks", "summary_lines"):
        assert getattr(report, kind) == parts[kind], kind
    # the report adds the run's own notices (source, coverage, estimated days) before them
    assert report.notices[len(report.notices) - len(parts["notices"]):] == parts["notices"]
    assert parts["extra"].items() <= dict(report.extra).items()
