"""finops_lib.notebook: display helpers show the report's own figures and export like the command."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from finops_lib import notebook as nb
from finops_lib.dashboard import build_report
from finops_lib.errors import OptionError, ValidationFailed
from finops_lib.exporters import EXPORTERS, Exporter, check_exports
from finops_lib.options import resolve
from finops_lib.report import Check, Report, ValidationResult

AS_OF = "2026-11-26"


@pytest.fixture(scope="module")
def sre() -> Report:
    return nb.load(mode="sre", source="demo", as_of=AS_OF, cost_threshold=1000, top_n=50)


@pytest.fixture(scope="module")
def architect() -> Report:
    return nb.load(mode="architect", source="demo", profile="workloads-prod", as_of=AS_OF)


def test_load_resolves_like_the_command(sre: Report) -> None:
    opts = resolve("sre", {"source": "demo", "as_of": AS_OF, "cost_threshold": "1000",
                           "top_n": "50"})
    assert sre.options == opts
    assert nb.command(sre) == ("python -m finops_lib dashboard --mode sre --source demo "
                               "--as-of 2026-11-26 --cost-threshold 1000 --top-n 50")
    assert build_report(opts).kpis == sre.kpis


def test_load_rejects_a_name_that_is_not_an_option() -> None:
    with pytest.raises(OptionError, match="unknown option 'topn'"):
        nb.load(mode="sre", topn=5)


def test_none_parameters_mean_the_persona_default() -> None:
    report = nb.load(mode="architect", source="demo", as_of=AS_OF, profile=None, top_n=None)
    assert report.options.top_n == 20 and report.options.summary_mode == "both"


def test_kpis_frame_holds_the_report_kpis(sre: Report) -> None:
    frame = nb.kpis_frame(sre)
    assert frame["KPI"].tolist() == [k.label for k in sre.kpis]
    total = sre.kpi("total")
    assert total is not None and isinstance(total.value, float)
    row = frame[frame["KPI"] == total.label].iloc[0]
    assert row["value"] == total.value and row["Shown as"].startswith(f"${total.value:,.2f}")


def test_table_frame_is_the_table_with_labels_and_total(architect: Report) -> None:
    table = architect.table("services")
    assert table is not None and table.total is not None
    frame = nb.table_frame(architect, "services")
    assert frame.columns.tolist() == [c.label for c in table.columns]
    assert len(frame) == len(table.rows) + 1
    assert frame["Current"].iloc[:-1].tolist() == [r["current"] for r in table.rows]
    assert frame["Current"].iloc[-1] == table.total["current"]
    assert all(isinstance(v, str) for v in frame["Trend"])  # sparklines shown as text
    assert nb.table_keys(architect) == [t.key for t in architect.tables]


def test_sre_actions_are_always_shown(sre: Report) -> None:
    assert "Recommended action" in nb.table_frame(sre, "change_status").columns


def test_styled_table_formats_money_like_every_surface(architect: Report) -> None:
    table = architect.table("services")
    assert table is not None
    html = nb.styled_table(architect, "services").to_html()
    first = table.rows[0]["current"]
    assert f"${first:,.2f}" in html and table.title in html


def test_unknown_table_names_the_ones_there_are(sre: Report) -> None:
    with pytest.raises(KeyError, match="change_status, services"):
        nb.table_frame(sre, "categories")


def test_tree_text_shows_each_node_with_its_figures(architect: Report) -> None:
    tree = architect.tree("categories")
    assert tree is not None and nb.tree_keys(architect)[0] == "categories"
    text = nb.tree_text(architect, "categories")
    for depth, node in tree.root.walk():
        if depth <= 2:
            assert f"{'    ' * depth}{node.label}: ${node.value:,.2f}" in text
    assert "no 'activity' tree" in nb.tree_text(architect, "activity")


def test_charts_are_one_altair_chart_per_report_chart(architect: Report) -> None:
    charts = nb.charts(architect)
    assert len(charts) == len(architect.charts) > 0
    assert all(hasattr(c, "to_dict") for c in charts)


def test_export_writes_available_formats_and_skips_others(
        architect: Report, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    check_exports([], None)
    reason = "--export pdf needs wkhtmltopdf (apt-get install wkhtmltopdf)"
    monkeypatch.setitem(EXPORTERS, "pdf", Exporter("pdf", EXPORTERS["pdf"].render,
                                                   lambda: reason))
    paths = nb.export(architect, ["json", "pdf", "csv", "json"], tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
    # a KPIs CSV, one CSV per table (summary, services, tiers, the architect's own), the JSON
    assert sorted(p.suffix for p in paths) == [".csv"] * (len(architect.tables) + 1) + [".json"]
    assert f"Skipping pdf: {reason}" in capsys.readouterr().out


def test_failed_strict_validation_exports_nothing(tmp_path: Path) -> None:
    report = nb.load(mode="executive", source="demo", as_of=AS_OF, validation_level="strict")
    failed = ValidationResult("strict", (Check("second read", False, "off by $1.00"),))
    broken = dataclasses.replace(report, validation=failed)
    with pytest.raises(ValidationFailed, match="second read"):
        nb.export(broken, ["json"], tmp_path)
    assert list(tmp_path.iterdir()) == []
