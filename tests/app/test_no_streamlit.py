"""`import finops_lib` (and the whole command-line path) never imports streamlit."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_library_does_not_import_streamlit() -> None:
    code = ("import finops_lib, sys; import finops_lib.dashboard, finops_lib.cli, "
            "finops_lib.charts, finops_lib.app_model, finops_lib.exporters; "
            "assert 'streamlit' not in sys.modules, 'streamlit imported'")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
