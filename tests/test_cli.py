"""The real command line in a subprocess: personas × formats, canonical patterns, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import boto3
import jsonschema
import pytest
import requests

from finops_lib.anomalies import DetectionParams, history_start
from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.periods import plan_periods
from finops_lib.triage import annotate_report
from tests.independent import assert_cents

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-26"


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """`python -m finops_lib …` in a fresh process."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    base.update(env or {})
    return subprocess.run([sys.executable, "-m", "finops_lib", *args], capture_output=True,
                          text=True, env=base, cwd=cwd or ROOT, timeout=timeout, check=False)


def one_line_error(proc: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """Assert a clean failure: status `code`, one line on stderr, no traceback."""
    assert proc.returncode == code, proc.stderr + proc.stdout
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("finops: error: ")
    return lines[0]


def exported(folder: Path, suffix: str) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(suffix))


# ---------------------------------------------------------------- demo source, every persona


@pytest.mark.parametrize("mode", ["executive", "architect", "sre"])
def test_each_persona_writes_csv_json_markdown_matching_the_library(
        mode: str, tmp_path: Path) -> None:
    proc = run_cli("dashboard", "--mode", mode, "--as-of", AS_OF, "--export", "csv,json",
                   "--export", "markdown", "--output-dir", str(tmp_path), "--no-activity-analysis")
    assert proc.returncode == 0, proc.stderr
    assert "Demo data" in proc.stdout
    (json_file,) = exported(tmp_path, ".json")
    (md_file,) = exported(tmp_path, ".md")
    assert json_file.name.startswith(f"finops-{mode}-org-")
    assert str(json_file) in proc.stdout and str(md_file) in proc.stdout
    doc = json.loads(json_file.read_text())
    # the command adds each anomaly's triage state from the (same, per-test) store
    report = annotate_report(build_report(resolve(mode, {"as_of": AS_OF,
                                                         "activity_analysis": False})))
    assert [k["value"] for k in doc["kpis"]] == [k.value for k in report.kpis]
    for table in report.tables:
        assert doc["tables"][table.key]["rows"] == json.loads(json.dumps(
            [dict(r) for r in table.rows]))
        assert (tmp_path / f"{json_file.stem}-{table.key}.csv").exists()
    assert f"${report.kpis[0].value:,.2f}" in proc.stdout
    assert f"${report.kpis[0].value:,.2f}" in md_file.read_text()


def test_the_issue_commands_run_on_a_fresh_machine(tmp_path: Path) -> None:
    commands = [
        ["--mode", "executive", "--timeframe", "monthly", "--export", "csv", "--export", "json",
         "--export", "markdown"],
        ["--mode", "architect", "--services", "EC2,RDS,S3,ELB", "--top-n", "50", "--sort-by",
         "change", "--summary-mode", "both", "--output-format", "both"],
        ["--mode", "sre", "--timeframe", "daily", "--cost-threshold", "1000", "--top-n", "50",
         "--sort-by", "change", "--validation-level", "mcp", "--verbose", "--export", "json"],
    ]
    for args in commands:
        proc = run_cli("dashboard", *args, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert "Validation" in proc.stdout
    assert len(exported(tmp_path / "exports", ".json")) == 2
    sre = json.loads(exported(tmp_path / "exports", ".json")[-1].read_text())
    assert sre["validation"]["agreement_pct"] == pytest.approx(100.0)


def test_tree_output_shows_category_tree(tmp_path: Path) -> None:
    proc = run_cli("dashboard", "--mode", "architect", "--as-of", AS_OF,
                   "--services", "EC2,RDS,S3,ELB", "--output-format", "tree",
                   "--summary-mode", "none")
    assert proc.returncode == 0, proc.stderr
    assert "Compute" in proc.stdout and "Amazon Relational Database Service" in proc.stdout
    assert "Cost by service" not in proc.stdout  # table suppressed by --output-format tree


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(("args", "needle"), [
    (["--month", "2026-13"], "--month"),
    (["--top-n", "-1"], "--top-n"),
    (["--services", "EC2,NOPE"], "unknown service 'NOPE'"),
    (["--filter", "colour:red"], "--filter"),
    (["--timeframe", "yearly"], "--timeframe"),
    (["--profile", "a", "--all-profile", "b"], "cannot be used together"),
    (["--as-of", "2026-02-30"], "--as-of"),
    (["--accounts", "nobody"], "unknown account"),
    (["--bogus-flag"], "unrecognized arguments"),
])
def test_bad_flags_fail_with_one_line(args: list[str], needle: str) -> None:
    line = one_line_error(run_cli("dashboard", "--mode", "architect", *args))
    assert needle in line


def test_unwritable_output_dir_fails_before_any_work(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    proc = run_cli("dashboard", "--export", "json", "--output-dir", str(blocker / "out"))
    assert "cannot write to --output-dir" in one_line_error(proc)
    assert proc.stdout == ""  # failed before the report was built


def test_unknown_profile_names_the_fix(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text("[profile real]\nregion = us-east-1\n")
    proc = run_cli("dashboard", "--profile", "ghost", env={"AWS_CONFIG_FILE": str(config),
                   "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none")})
    line = one_line_error(proc)
    assert "ghost" in line and "real" in line


# ---------------------------------------------------------------- Cost Explorer via moto server



@pytest.fixture
def aws(moto_server: str, tmp_path: Path) -> dict[str, Any]:
    requests.post(f"{moto_server}/moto-api/reset", timeout=120)
    config, creds = tmp_path / "config", tmp_path / "credentials"
    config.write_text("[profile finops-test]\nregion = us-east-1\n"
                      "[profile finops-mgmt]\nregion = us-east-1\n")
    creds.write_text("[finops-test]\naws_access_key_id = testing\naws_secret_access_key = x\n"
                     "[finops-mgmt]\naws_access_key_id = testing\naws_secret_access_key = x\n")
    env = {"AWS_CONFIG_FILE": str(config), "AWS_SHARED_CREDENTIALS_FILE": str(creds),
           "AWS_ENDPOINT_URL": moto_server, "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_EC2_METADATA_DISABLED": "true", "FINOPS_CACHE_DIR": str(tmp_path / "cache")}
    return {"url": moto_server, "env": env, "out": tmp_path / "out"}


SERVICES = {"Amazon Elastic Compute Cloud - Compute": 1200.0,
            "Amazon Relational Database Service": 700.0,
            "Amazon Simple Storage Service": 210.0, "Amazon Elastic Load Balancing": 95.0}


def _amount(account: str, service: str, day: date) -> str:
    base = SERVICES[service] * (1 + int(account[-1]) / 10)
    return f"{base * (1 + (day.toordinal() % 7) / 50):.10f}"


def inject(aws: dict[str, Any], timeframe: str, accounts: list[str], metric: str,
           total_factor: float = 1.0) -> float:
    """Queue the grouped answer and the ungrouped total CE will be asked for; return the
    current-period total."""
    plan = plan_periods(timeframe, date.today())
    # executive and SRE reports read the anomaly baseline's history in the same request
    start = min(plan.fetch.start, history_start(date.today() - timedelta(days=1),
                                                DetectionParams(), 30))
    days = [start + timedelta(days=i) for i in range((plan.fetch.end - start).days)]
    grouped = {"ResultsByTime": [{
        "TimePeriod": {"Start": d.isoformat(), "End": (d + timedelta(days=1)).isoformat()},
        "Estimated": False, "Total": {},
        "Groups": [{"Keys": [a, s], "Metrics": {metric: {"Amount": _amount(a, s, d),
                                                           "Unit": "USD"}}}
                   for a in accounts for s in SERVICES]} for d in days],
        "DimensionValueAttributes": []}
    current = sum(float(_amount(a, s, d)) for d in days if plan.current.contains(d)
                  for a in accounts for s in SERVICES)
    total = {"ResultsByTime": [{
        "TimePeriod": {"Start": plan.current.start.isoformat(),
                       "End": plan.current.end.isoformat()},
        "Estimated": False, "Groups": [],
        "Total": {metric: {"Amount": f"{current * total_factor:.10f}", "Unit": "USD"}}}]}
    response = requests.post(f"{aws['url']}/moto-api/static/ce/cost-and-usage-results",
                             json={"results": [grouped, total]}, timeout=120)
    assert response.status_code == 201
    return current


def organization(aws: dict[str, Any]) -> list[str]:
    org = boto3.client("organizations", region_name="us-east-1", endpoint_url=aws["url"],
                       aws_access_key_id="testing", aws_secret_access_key="x")
    org.create_organization(FeatureSet="ALL")
    ids = [org.create_account(AccountName=n, Email=f"{n}@example.com")
           ["CreateAccountStatus"]["AccountId"] for n in ("prod", "staging")]
    return ["123456789012", *ids]


CANONICAL = {
    "executive_single": "--mode executive --profile $AWS_PROFILE --timeframe monthly "
                        "--cost-metric amortized --summary-mode table --output-format table "
                        "--export pdf --export markdown --validation-level mcp",
    "executive_lz": "--mode executive --all-profile $MANAGEMENT_PROFILE --timeframe monthly "
                    "--cost-metric amortized --summary-mode table --output-format table "
                    "--export pdf --export markdown --validation-level mcp",
    "architect_single": "--mode architect --profile $AWS_PROFILE --timeframe monthly "
                        "--cost-metric blended --services EC2,RDS,S3,ELB --activity-analysis "
                        "--top-n 50 --sort-by change --summary-mode both --output-format both "
                        "--export csv --export markdown --validation-level mcp",
    "architect_lz": "--mode architect --all-profile $CENTRALISED_OPS_PROFILE --timeframe monthly "
                    "--cost-metric blended --services EC2,RDS,S3,ELB --activity-analysis "
                    "--top-n 50 --sort-by change --summary-mode both --output-format both "
                    "--export csv --export markdown --validation-level mcp",
    "sre_single": "--mode sre --profile $AWS_PROFILE --timeframe daily --cost-metric unblended "
                  "--cost-threshold 1000 --top-n 50 --sort-by change --activity-analysis "
                  "--summary-mode table --output-format table --validation-level mcp --verbose "
                  "--export csv --export json --export markdown",
    "sre_lz": "--mode sre --all-profile $MGMT --timeframe daily --cost-metric unblended "
              "--cost-threshold 1000 --top-n 50 --sort-by change --activity-analysis "
              "--summary-mode table --output-format table --validation-level mcp --verbose "
              "--export csv --export json --export markdown",
}
METRIC = {"amortized": "AmortizedCost", "blended": "BlendedCost", "unblended": "UnblendedCost"}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CANONICAL))
def test_the_six_canonical_patterns_run_unchanged_against_cost_explorer(
        name: str, aws: dict[str, Any]) -> None:
    args = CANONICAL[name].split()
    args = [("finops-mgmt" if "lz" in name else "finops-test") if a.startswith("$") else a
            for a in args]
    accounts = organization(aws) if "lz" in name else ["123456789012"]
    metric = args[args.index("--cost-metric") + 1]
    current = inject(aws, args[args.index("--timeframe") + 1], accounts, METRIC[metric])
    proc = run_cli("dashboard", *args, "--output-dir", str(aws["out"]), env=aws["env"],
                   timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert "PASSED" in proc.stdout and "100.00% agreement" in proc.stdout
    assert f"${round(current, 2):,.2f}" in proc.stdout
    assert "Cost Explorer requests: 2" in proc.stdout
    if "lz" in name:
        assert "prod" in proc.stdout and "staging" in proc.stdout
    formats = [args[i + 1] for i, a in enumerate(args) if a == "--export"]
    suffixes = {"pdf": ".pdf", "markdown": ".md", "json": ".json", "csv": "-services.csv"}
    for fmt in formats:
        assert exported(aws["out"], suffixes[fmt]), fmt
    if "json" in formats:
        doc = json.loads(exported(aws["out"], ".json")[0].read_text())
        requests = doc["api_requests"]
        assert (requests["requests"], requests["pages"]) == (2, 2), requests
        billed = [c for c in requests["calls"] if not (c["free"] or c["cached"])]
        assert [c["operation"] for c in billed] == ["GetCostAndUsage"] * 2
        assert "Cost Explorer" in doc["source"]
        assert_cents(doc["kpis"][0]["value"], current)
    if "--verbose" in args:
        assert "ce:GetCostAndUsage" in proc.stderr


def test_strict_validation_failure_exits_3_and_writes_nothing(aws: dict[str, Any]) -> None:
    inject(aws, "monthly", ["123456789012"], "UnblendedCost", total_factor=1.05)
    proc = run_cli("dashboard", "--mode", "architect", "--profile", "finops-test",
                   "--validation-level", "strict", "--no-activity-analysis", "--export", "json",
                   "--output-dir", str(aws["out"]), env=aws["env"])
    line = one_line_error(proc, code=3)
    assert "strict validation failed" in line and "no export was written" in line
    assert not aws["out"].exists() or list(aws["out"].iterdir()) == []


def test_missing_credentials_is_a_one_line_error(aws: dict[str, Any], tmp_path: Path) -> None:
    env = dict(aws["env"], AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "empty"))
    line = one_line_error(run_cli("dashboard", "--profile", "finops-test", env=env))
    assert "credentials" in line.lower()


def test_a_rerun_is_served_from_the_cache(aws: dict[str, Any]) -> None:
    inject(aws, "monthly", ["123456789012"], "UnblendedCost")
    args = ("dashboard", "--mode", "architect", "--profile", "finops-test",
            "--no-activity-analysis")
    first = run_cli(*args, env=aws["env"])
    second = run_cli(*args, env=aws["env"])
    assert "Cost Explorer requests: 1" in first.stdout
    assert "Cost Explorer requests: 0" in second.stdout


HOURLY_AS_OF = date(2026, 11, 26)


def test_cli_sre_hourly_json_shows_24_hour_periods(tmp_path: Path) -> None:
    proc = run_cli("dashboard", "--mode", "sre", "--timeframe", "hourly", "--as-of",
                   HOURLY_AS_OF.isoformat(), "--export", "json", "--output-dir", str(tmp_path),
                   "--no-activity-analysis")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "first unusual hour 2026-11-25 14:00 UTC" in proc.stdout
    (path,) = tmp_path.glob("*.json")
    doc = json.loads(path.read_text())
    periods = doc["periods"]
    assert periods["timeframe"] == "hourly" and periods["granularity"] == "hourly"
    assert periods["current"]["hours"] == periods["previous"]["hours"] == 24
    assert (periods["current"]["start"], periods["current"]["end"]) == ("2026-11-25", "2026-11-26")
    schema = json.loads((Path(__file__).resolve().parents[1] / "docs" / "report.schema.json")
                        .read_text())
    jsonschema.validate(doc, schema)


def test_cli_hourly_on_files_is_one_line() -> None:
    proc = run_cli("dashboard", "--timeframe", "hourly", "--source", "files", "--path",
                   "nothing.parquet")
    assert "hourly needs --source ce or demo" in one_line_error(proc)


def test_a_flag_that_is_a_negation_switches_its_option_on() -> None:
    from finops_lib.cli import build_parser

    parse = build_parser().parse_args
    assert parse(["dashboard", "--no-cache"]).no_cache is True
    assert parse(["dashboard"]).no_cache is None  # not given: the declared default applies
    assert parse(["dashboard", "--refresh"]).refresh is True
    assert parse(["dashboard", "--no-refresh"]).refresh is False
    assert parse(["dashboard", "--no-activity-analysis"]).activity_analysis is False
