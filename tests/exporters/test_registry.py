"""The exporter registry is the one list of formats: a format registered as a plugin would be
(in this test, no other file changed) is an --export choice, a download with its MIME type, and
writes its file; the built-in formats keep their names, order and files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from finops_lib.dashboard import build_report
from finops_lib.exporters import render
from finops_lib.exporters.registry import BUILTIN, export_formats, formats
from finops_lib.options import EXPORT_FORMATS, OPTIONS, resolve
from finops_lib.report import Report

AS_OF = "2026-11-26"
PLUGIN = '''
from finops_lib.exporters.registry import Exporter

EXPORTER = Exporter("yaml", "finops_yaml_plugin:render", suffix=".yaml", mime="application/yaml")


def render(report):
    return [(".yaml", f"title: {report.title}\\n".encode())]
'''
PROBE = '''
import json
from finops_lib.options import OPTIONS
from finops_lib.ui.downloads import download_formats, mime_type

export = next(o for o in OPTIONS if o.name == "export")
print(json.dumps({"choices": list(export.choices), "help": export.help,
                  "downloads": download_formats(), "mime": mime_type("yaml")}))
'''


@pytest.fixture
def report() -> Report:
    return build_report(resolve("executive", {"as_of": AS_OF, "activity_analysis": False}))


def test_builtin_formats_keep_their_names_order_and_choices() -> None:
    assert formats()[:6] == ["csv", "json", "markdown", "pdf", "png", "focus"]
    assert EXPORT_FORMATS == export_formats() == ("csv", "json", "markdown", "pdf", "focus")
    export = next(o for o in OPTIONS if o.name == "export")
    assert export.choices == EXPORT_FORMATS
    assert export.help == "Repeatable or comma list: csv, json, markdown, pdf, focus."


def test_every_eager_builtin_writes_files_ending_in_its_suffix(report: Report) -> None:
    for exporter in BUILTIN:
        if exporter.deferred:  # wkhtmltopdf: covered by tests/exporters/test_pdf.py
            continue
        names = [name for name, _ in render(report, exporter.format)]
        assert names and all(n.startswith(report.file_stem) for n in names), exporter.format
        assert all(n.endswith(exporter.suffix) for n in names), (exporter.format, names)


def test_deferred_formats_name_their_one_file_without_rendering() -> None:
    deferred = {e.format: e.suffix for e in BUILTIN if e.deferred}
    assert deferred == {"pdf": ".pdf", "png": ".png"}


def test_an_installed_plugin_is_an_export_choice_a_download_and_writes_its_file(
        tmp_path: Path) -> None:
    site = tmp_path / "site"
    info = site / "finops_yaml_plugin-1.0.dist-info"
    info.mkdir(parents=True)
    (site / "finops_yaml_plugin.py").write_text(textwrap.dedent(PLUGIN))
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: finops-yaml-plugin\n"
                                   "Version: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[finops_lib.exporters]\nyaml = finops_yaml_plugin:EXPORTER\n"
        "broken = finops_no_such_plugin:EXPORTER\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))

    probe = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                           env=env, timeout=120, check=True)
    seen = json.loads(probe.stdout)
    assert seen["choices"] == ["csv", "json", "markdown", "pdf", "focus", "yaml"]
    assert seen["help"].endswith("pdf, focus, yaml.")
    assert seen["downloads"][-1] == "yaml" and seen["mime"] == "application/yaml"
    # a plugin that can't be loaded is named on stderr and stops nothing else
    assert "export plugin finops_no_such_plugin:EXPORTER could not be loaded" in probe.stderr

    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "finops_lib", "dashboard", "--mode", "executive",
                           "--as-of", AS_OF, "--export", "yaml", "--output-dir", str(out),
                           "--no-activity-analysis"], capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    (written,) = out.iterdir()
    assert written.suffix == ".yaml" and written.read_text().startswith("title: ")

