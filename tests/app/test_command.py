"""The command shown under 'Share this view', run through the real command line, gives the same
figures as the page (JSON export compared with the page's metrics and tables)."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, command_text, metric_money, no_exception, open_page

CASES = {
    "executive": {"top_n": "5", "filter": ["region:us-east-1", "cost>100"],
                  "cost_metric": "amortized"},
    "architect": {"timeframe": "weekly", "services": "EC2,RDS,S3"},
    "sre": {"spike_threshold": "10", "watch_threshold": "5", "as_of": "2026-11-20"},
}


def _run_command(command: str, out: Path) -> dict:
    argv = shlex.split(command)
    assert argv[:4] == ["python", "-m", "finops_lib", "dashboard"]
    argv[0] = sys.executable
    done = subprocess.run([*argv, "--export", "json", "--output-dir", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    (path,) = out.glob("*.json")
    return dict(json.loads(path.read_text()))


@pytest.mark.parametrize("mode", sorted(CASES))
def test_equivalent_command_gives_the_page_figures(mode: str, tmp_path: Path) -> None:
    at = open_page(mode, CASES[mode])
    no_exception(at)
    data = _run_command(command_text(at), tmp_path)
    assert data["mode"] == mode
    money_kpis = [k for k in data["kpis"] if k["unit"] == "USD"]
    shown = {m.label: m for m in at.main.metric}
    assert money_kpis
    for kpi in money_kpis:
        assert metric_money(shown[kpi["label"]]) == kpi["value"], kpi["key"]
    frames = [d.value for d in at.main.dataframe]
    for key, table in data["tables"].items():
        if key == "summary" and data["options"]["summary_mode"] in ("tree", "none"):
            continue  # --summary-mode hides the category table on the page (JSON keeps it)
        frame = next(f for f in frames if list(f.columns) == [c["key"] for c in table["columns"]]
                     and len(f) == len(table["rows"]))
        if "current" in frame.columns:
            assert round(float(frame["current"].sum()), 2) == pytest.approx(
                round(sum(r["current"] for r in table["rows"]), 2), abs=0.005)
