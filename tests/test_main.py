"""`python -m finops_lib`: the module runs the command and exits with its status."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "finops_lib", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=120, check=False)


def test_help_exits_zero_and_names_the_commands() -> None:
    done = _run("--help")
    assert done.returncode == 0
    assert "dashboard" in done.stdout and "anomalies" in done.stdout


def test_bad_input_is_one_line_and_exit_2() -> None:
    done = _run("dashboard", "--mode", "cfo")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
