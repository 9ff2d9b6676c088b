"""Bench: a cached executive run next to the architect run (issue 13: the scan must not dominate).

    .venv/bin/python bench/persona_cached.py [--latency 0.3] [--repeat 3] [--browser]

Cost Explorer and Organizations are the paging endpoint of bench/ce_endpoint.py (6 accounts × 40
services, fixed latency a request); the activity scan's services (EC2, RDS, S3, CloudWatch,
STS…) are a moto server holding a few resources. Each persona's report is built through
`finops_lib.dashboard.build_report`, like the command, in one process: first the cold executive
(empty day store, response cache and activity snapshot cache), then `--repeat` cached executive
and architect runs, interleaved. The executive draws its activity summary automatically; cached,
that is a snapshot read from disk (TTL hours), so its run should cost what the architect's does.
--browser then opens the executive page of a fresh `streamlit run app.py` (its own empty caches,
the same endpoints) in Chromium and prints, from the navigation's start, when the first KPI card,
the "Scanning resource activity" status and the activity summary were on screen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ce_endpoint import Organization, serve  # noqa: E402

AS_OF = "2026-10-20"


def _environment(ce_url: str, moto_url: str, tmp: Path) -> None:
    config = tmp / "config"
    config.write_text("[profile bench]\nregion = us-east-1\naws_access_key_id = bench\n"
                      "aws_secret_access_key = bench\n", encoding="utf-8")
    os.environ.update(AWS_CONFIG_FILE=str(config), AWS_SHARED_CREDENTIALS_FILE=str(tmp / "none"),
                      AWS_ENDPOINT_URL=moto_url, AWS_ENDPOINT_URL_COST_EXPLORER=ce_url,
                      AWS_ENDPOINT_URL_ORGANIZATIONS=ce_url,
                      AWS_ENDPOINT_URL_COMPUTE_OPTIMIZER=ce_url,
                      AWS_ENDPOINT_URL_COST_OPTIMIZATION_HUB=ce_url, AWS_EC2_METADATA_DISABLED="true",
                      FINOPS_CACHE_DIR=str(tmp / "cache"))
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID",
                 "AWS_SECRET_ACCESS_KEY"):
        os.environ.pop(name, None)


def _resources() -> None:
    """A few things for the scan to find: instances, an unattached volume, an idle address."""
    import boto3

    ec2 = boto3.Session(profile_name="bench").client("ec2", region_name="us-east-1")
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    ec2.run_instances(ImageId=image, MinCount=5, MaxCount=5, InstanceType="t3.micro")
    ec2.create_volume(AvailabilityZone="us-east-1a", Size=10)
    ec2.allocate_address(Domain="vpc")


def _run(mode: str) -> tuple[float, int, int]:
    """Seconds, Cost Explorer requests and activity requests of one report."""
    from finops_lib.dashboard import build_report
    from finops_lib.options import resolve

    opts = resolve(mode, {"source": "ce", "profile": "bench", "as_of": AS_OF})
    started = time.perf_counter()
    report = build_report(opts)
    seconds = time.perf_counter() - started
    activity = report.extra.get("activity", {}) if isinstance(report.extra, dict) else {}
    scan = sum((activity.get("api_requests") or {}).values()) if activity else 0
    return seconds, report.api_requests, scan


# Runs in the page before its scripts: stamps when each mark is first in the DOM.
MARKS_JS = """
window.__marks = {};
(() => {
  const marks = {kpi: () => document.querySelector('[data-testid="stMetricValue"]'),
                 status: () => document.body.innerText.includes('Scanning resource activity'),
                 summary: () => document.body.innerText.includes('could be retired or reviewed')};
  const check = () => { for (const [name, seen] of Object.entries(marks)) {
    if (!(name in window.__marks) && document.body && seen()) {
      window.__marks[name] = performance.now(); } } };
  const poll = () => { check(); if (!('summary' in window.__marks)) setTimeout(poll, 50); };
  poll();
})();
"""


def _browser() -> dict[str, float]:
    """Seconds to the first KPI, the scan status and the activity summary on a cold page."""
    from app_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, VIEWPORT, server
    from playwright.sync_api import sync_playwright

    credentials = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
                   "AWS_DEFAULT_REGION": "us-east-1"}
    with server(**credentials) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(MARKS_JS)
        page = context.new_page()
        page.goto(f"{url}/executive?as_of={AS_OF}&source=ce")
        page.wait_for_function("() => 'summary' in window.__marks", timeout=TIMEOUT_MS * 3,
                               polling=100)
        marks: dict[str, float] = page.evaluate("window.__marks")
        browser.close()
    return {name: value / 1000 for name, value in marks.items()}


def main() -> None:
    """Measure and print."""
    from moto.server import ThreadedMotoServer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--browser", action="store_true",
                        help="also time a cold executive page in Chromium")
    args = parser.parse_args()
    org = Organization(6, 40, __import__("datetime").date.fromisoformat(AS_OF),
                      latency=args.latency)
    server, ce_url = serve(org)
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            _environment(ce_url, f"http://{host}:{port}", Path(tmp))
            _resources()
            cold = _run("executive")
            runs: dict[str, list[tuple[float, int, int]]] = {"executive": [], "architect": []}
            for _ in range(args.repeat):
                for mode in runs:
                    runs[mode].append(_run(mode))
            marks = _browser() if args.browser else {}
    finally:
        moto.stop()
        server.shutdown()
    print(f"6 accounts × 40 services, {args.latency * 1000:.0f} ms a Cost Explorer request; "
          f"activity on moto; median of {args.repeat} interleaved cached runs")
    print(f"  {'report':<34}{'seconds':>9}{'CE requests':>13}{'scan requests':>15}")
    print(f"  {'executive, cold (scan + cube)':<34}{cold[0]:>9.2f}{cold[1]:>13}{cold[2]:>15}")
    for mode, figures in runs.items():
        median = statistics.median(f[0] for f in figures)
        print(f"  {mode + ', cached':<34}{median:>9.2f}{figures[-1][1]:>13}{figures[-1][2]:>15}")
    ratio = (statistics.median(f[0] for f in runs["executive"])
             / statistics.median(f[0] for f in runs["architect"]))
    print(f"  cached executive / architect: {ratio:.2f}× (target: as fast, ≤ 1.2×)")
    if marks:
        print("  app, executive page, cold activity scan (seconds from navigation): "
              f"first KPI {marks['kpi']:.2f}, scanning status {marks.get('status', 0):.2f}, "
              f"activity summary {marks['summary']:.2f}")


if __name__ == "__main__":
    main()
