"""Download buttons: one per registered format, in registry order, with the MIME type its
exporter declares; a format registered here (as a plugin would) is offered with no other change."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

from finops_lib.dashboard import build_report
from finops_lib.exporters import EXPORTERS, check_exports, render
from finops_lib.exporters.registry import Exporter, register
from finops_lib.options import resolve
from finops_lib.report import Report
from finops_lib.ui.downloads import download_formats, mime_type
from tests.app.conftest import open_page

AS_OF = "2026-11-26"


def _yaml(report: Report) -> list[tuple[str, bytes]]:
    return [(".yaml", f"title: {report.title}\n".encode())]


@pytest.fixture
def report() -> Report:
    return build_report(resolve("executive", {"as_of": AS_OF, "activity_analysis": False}))


def test_builtin_downloads_carry_their_exporters_mime_types() -> None:
    assert {f: mime_type(f) for f in download_formats()[:6]} == {
        "csv": "text/csv", "json": "application/json", "markdown": "text/markdown",
        "pdf": "application/pdf", "png": "image/png", "focus": "text/csv"}


def test_a_format_registered_in_process_is_a_download_with_its_mime(report: Report) -> None:
    register(Exporter("yaml", _yaml, suffix=".yaml", mime="application/yaml"))
    try:
        assert download_formats()[-1] == "yaml" and mime_type("yaml") == "application/yaml"
        check_exports(["yaml"], None)
        assert render(report, "yaml") == [(report.file_stem + ".yaml",
                                           f"title: {report.title}\n".encode())]
    finally:
        EXPORTERS.pop("yaml")


def test_the_app_offers_a_registered_format_as_a_download(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINOPS_CACHE_DIR", str(tmp_path / "cache"))
    st.cache_data.clear()
    register(Exporter("yaml", _yaml, suffix=".yaml", mime="application/yaml"))
    try:
        at = open_page("executive", {"activity_analysis": "false"})
    finally:
        EXPORTERS.pop("yaml")
        st.cache_data.clear()
    assert not at.exception, [e.value for e in at.exception]
    buttons = {b.key: b.label for b in at.main.download_button}
    assert buttons["download:yaml:yaml"] == "YAML"
    assert {"download:json:json", "download:markdown:md", "download:focus:focus.csv"} <= set(buttons)
