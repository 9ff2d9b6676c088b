"""Helpers of the hostile-input suite: run the command in-process and judge how it failed.

Every case asserts the same four things: the exit status, exactly one line on stderr, no
traceback anywhere, and an output folder that is empty or holds a complete report set.
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from finops_lib.cli import main

AS_OF = "2026-11-26"
# Names a bill could carry: Markdown images and links, HTML, emphasis, code, directives, math,
# bare URLs, a right-to-left override.
IMAGE = "![i](http://127.0.0.1:9/pixel.png)"
LINK = "[x](javascript:alert(1))"
HTML = "<img src=x onerror=alert(1)>"
FANCY = "**bold** `tick` :red[alarm] $x$ http://127.0.0.1:9/a www.example.com"
RTL = "safe\u202egnp.exe"
NAMES = {"111111111111": IMAGE, "222222222222": HTML}
SERVICES = {"Evil | pipe **bold** service": LINK, "[click](javascript:alert(3))": FANCY,
            "Amazon Simple Storage Service": RTL}


@dataclass(frozen=True)
class Run:
    """What one command printed and returned."""

    code: int
    stdout: str
    stderr: str


def run_cli(*argv: str) -> Run:
    """`python -m finops_lib …` in this process (no interpreter start-up per case)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse refusals
            code = int(exc.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


def one_line_failure(run: Run, code: int = 2) -> str:
    """Assert a clean refusal: status `code`, one short line, no traceback; return the line."""
    assert run.code == code, (run.code, run.stderr[-2000:])
    assert "Traceback" not in run.stdout + run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr[-2000:]
    assert lines[0].startswith("finops: "), lines[0]
    assert len(lines[0]) < 600, len(lines[0])
    return lines[0]


def assert_empty_or_complete(folder: Path, formats: tuple[str, ...] = ("csv", "json")) -> int:
    """The folder holds no temporary file and either nothing or whole report sets (every JSON
    parses, every set has its CSVs); returns the number of complete sets."""
    if not folder.exists():
        return 0
    names = sorted(p.name for p in folder.iterdir())
    assert not [n for n in names if n.startswith(".") or n.endswith(".part")], names
    stems = {n.removesuffix(".json") for n in names if n.endswith(".json")}
    for stem in stems:
        json.loads((folder / f"{stem}.json").read_text())
        if "csv" in formats:
            assert any(n.startswith(stem + "-") and n.endswith(".csv") for n in names), stem
    leftovers = [n for n in names if not any(n.startswith(s) for s in stems)]
    assert not leftovers, leftovers
    return len(stems)


def write_hostile_bill(folder: Path) -> Path:
    """Write hostile.csv, a FOCUS export (by the project's own exporter) with hostile names."""
    from finops_lib.dashboard import build_report
    from finops_lib.exporters.focus import render_focus
    from finops_lib.options import resolve
    from tests.security.test_hostile_names import HostileSource

    report = build_report(resolve("architect", {"as_of": AS_OF, "activity_analysis": False}),
                          source=HostileSource())
    frame = report.frame.copy()
    frame["account_name"] = frame["account_id"].map(NAMES)
    frame["service"] = frame["service"].map(SERVICES)
    (folder / "hostile.csv").write_bytes(render_focus(frame))
    return folder
