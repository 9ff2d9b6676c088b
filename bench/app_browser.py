"""Browser-measured page times: `streamlit run app.py` and Debian's Chromium through Playwright.

For each page: time to the first KPI on screen and to idle (script done, sidebar, charts and
grids drawn), measured inside the page from the navigation's start (performance.now(), so the
figures do not include Playwright's own polling). Three ways to open a page:
  cold          first view after the server starts (empty report cache), in a fresh profile;
  cached        the report is cached, the page opens in a fresh browser profile (no HTTP cache);
  cached tab    the report is cached, the page opens in a new tab of a browser that has shown
                the app before (its HTTP cache holds Streamlit's scripts, as a reader's does).
Each figure is the median of --runs loads (cold: one server start per run). Targets on the
2-core reference machine: first KPI ≤ 2 s and idle ≤ 4 s on a cached request. The machine's
load average is printed with the figures: on a shared machine they vary with it.
Used by bench/app_render.py; alone: .venv/bin/python bench/app_browser.py [--runs 5] [--as-of D]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]
PAGES = ("executive", "architect", "sre", "overview")
FIRST_KPI_TARGET_S = 2.0
IDLE_TARGET_S = 4.0
TIMEOUT_MS = 120_000
VIEWPORT = {"width": 1400, "height": 900}
WAYS = ("cold", "cached", "cached tab")

# Runs in the page before its scripts: stamps the first figure (KPI card, or the Overview's
# page links) and idle, each at the animation frame after the DOM change that made it true
# (a 50 ms poll beside the observer catches changes it is not told of).
TIMING_JS = """
window.__finopsTimes = {};
(() => {
  const t = window.__finopsTimes;
  const q = (s) => document.querySelector(s);
  const first = '[data-testid="stMetricValue"], [data-testid="stPageLink"]';
  const done = () => {
    if (q('[data-testid="stStatusWidget"]')) return false;
    if (q('[data-testid="stMetricValue"]') && !q('[data-testid="stDownloadButton"]')) return false;
    const drawn = (sel, inner) => [...document.querySelectorAll(sel)]
      .every((e) => e.querySelector(inner));
    return drawn('.stVegaLiteChart', 'svg, canvas')
      && drawn('[data-testid="stDataFrame"]', 'canvas');
  };
  const stamp = (name) => requestAnimationFrame(() => { t[name] = t[name] || performance.now(); });
  const check = () => {
    if (!('first' in t) && q(first)) stamp('first');
    if ('first' in t && !('idle' in t) && done()) stamp('idle');
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true});
  const poll = () => { check(); if (!('idle' in t)) setTimeout(poll, 50); };
  poll();
})();
"""


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(**extra_env: str) -> Iterator[str]:
    """A streamlit server on demo data with an empty cache; its URL."""
    home = Path(tempfile.mkdtemp(prefix="finops-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE")}
    env.update(AWS_CONFIG_FILE=str(home / "aws-config"), FINOPS_CACHE_DIR=str(home / "cache"),
               AWS_SHARED_CREDENTIALS_FILE=str(home / "aws-credentials"),
               FINOPS_DATA_DIR=str(home / "data"), **extra_env)
    port = _port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def page_url(url: str, mode: str, as_of: str) -> str:
    """The page's address with the fixed as-of day (the Overview takes none)."""
    return url if mode == "overview" else f"{url}/{mode}?as_of={as_of}"


def timed_load(context: Any, url: str) -> tuple[float, float]:
    """(seconds to the first figure, seconds to idle) of one load in a new tab of `context`."""
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_function("() => 'idle' in window.__finopsTimes", timeout=TIMEOUT_MS,
                               polling=100)
        times = page.evaluate("window.__finopsTimes")
        return times["first"] / 1000, times["idle"] / 1000
    finally:
        page.close()


def fresh_context(browser: Any) -> Any:
    """A new browser profile (no HTTP cache) with the timing script installed."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(TIMING_JS)
    return context


def _fresh_load(browser: Any, url: str) -> tuple[float, float]:
    context = fresh_context(browser)
    try:
        return timed_load(context, url)
    finally:
        context.close()


def measure(as_of: str, runs: int, pages: tuple[str, ...] = PAGES
            ) -> dict[str, dict[str, list[tuple[float, float]]]]:
    """Per page and way of opening it: the (first figure, idle) seconds of every run."""
    from playwright.sync_api import sync_playwright

    times: dict[str, dict[str, list[tuple[float, float]]]] = {
        mode: {way: [] for way in WAYS} for mode in pages}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            with server() as url:  # each run starts a server: its first views are cold
                for mode in pages:
                    times[mode]["cold"].append(_fresh_load(browser, page_url(url, mode, as_of)))
        with server() as url:
            warm = fresh_context(browser)
            for mode in pages:
                target = page_url(url, mode, as_of)
                timed_load(warm, target)  # fills the report cache and the HTTP cache
                for _ in range(runs):
                    times[mode]["cached"].append(_fresh_load(browser, target))
                    times[mode]["cached tab"].append(timed_load(warm, target))
            warm.close()
        browser.close()
    return times


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages."""
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def report(as_of: str, runs: int = 5, pages: tuple[str, ...] = PAGES) -> None:
    """Print the browser timings table: medians of `runs` loads per page and way."""
    if not Path(CHROMIUM).exists():
        print(f"browser timings skipped: {CHROMIUM} is not installed")
        return
    print(f"\nIn Chromium at {VIEWPORT['width']} px, medians of {runs} loads (targets on a "
          f"cached request: first KPI ≤ {FIRST_KPI_TARGET_S:g} s, idle ≤ {IDLE_TARGET_S:g} s)")
    before = load_average()
    times = measure(as_of, runs, pages)
    print(f"{'page':<10} " + " ".join(f"{way + ' KPI s':>14} {way + ' idle s':>15}"
                                      for way in WAYS) + "  verdict (cached)")
    for mode, ways in times.items():
        cells, medians = [], {}
        for way in WAYS:
            medians[way] = (statistics.median(t[0] for t in ways[way]),
                            statistics.median(t[1] for t in ways[way]))
            cells.append(f"{medians[way][0]:>14.2f} {medians[way][1]:>15.2f}")
        ok = all(medians[w][0] <= FIRST_KPI_TARGET_S and medians[w][1] <= IDLE_TARGET_S
                 for w in ("cached", "cached tab"))
        print(f"{mode:<10} " + " ".join(cells) + f"  {'ok' if ok else 'SLOW'}")
    print(f"load average before: {before}; after: {load_average()} ({os.cpu_count()} CPUs)")


def main() -> None:
    """Print the table for the pages asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-of", default="2026-11-26")
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=PAGES)
    args = parser.parse_args()
    report(args.as_of, args.runs, tuple(args.pages))


if __name__ == "__main__":
    main()
