"""App render times per page on demo data: first render (empty cache) and cached rerun.

Targets on the 2-core reference machine: first render <= 2 s, cached rerun <= 0.3 s.
Runs the real app.py through streamlit's AppTest (script run in-process, no browser; the whole
page in one pass, as a browser's second pass draws it), best of --repeat runs; then the same
pages in Chromium (bench/app_browser.py): medians of --runs loads of the time to the first KPI
and to idle, after server start and cached. Usage: .venv/bin/python bench/app_render.py
[--repeat 3] [--runs 5] [--as-of 2026-11-26] [--no-browser]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from finops_lib.ui.progressive import ONE_PASS_KEY

APP = Path(__file__).resolve().parents[1] / "app.py"
PAGES = ("executive", "architect", "sre")
FIRST_TARGET_S = 2.0
RERUN_TARGET_S = 0.3


def _timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception or at.main.error or not at.main.metric:
        raise SystemExit(f"page did not render: {[e.value for e in at.exception or at.error]}")
    return elapsed


def measure(mode: str, as_of: str) -> tuple[float, float]:
    """(first render with an empty cache, cached rerun) in seconds for one page."""
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state[ONE_PASS_KEY] = True  # no browser signals "drawn": time the whole page
    at.run()  # the Overview page; imports are warm after this
    at.switch_page(f"pages/{mode}.py")
    at.query_params.clear()
    at.query_params["as_of"] = as_of
    first = _timed_run(at)
    rerun = min(_timed_run(at) for _ in range(3))
    return first, rerun


def main() -> None:
    """Print a table of first-render and cached-rerun times per page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--as-of", default="2026-11-26")
    parser.add_argument("--runs", type=int, default=5, help="page loads per figure in Chromium")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timings")
    args = parser.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    print(f"first render = empty cache; cached rerun = same options again. {args.repeat} runs per"
          f" page; targets {FIRST_TARGET_S:g} s / {RERUN_TARGET_S:g} s")
    print(f"{'page':<10} {'first: 1st run':>15} {'median':>8} {'best':>8} "
          f"{'rerun: median':>14} {'best':>8}")
    for mode in PAGES:
        runs = [measure(mode, args.as_of) for _ in range(args.repeat)]
        firsts, reruns = [r[0] for r in runs], [r[1] for r in runs]
        verdict = ("ok" if statistics.median(firsts) <= FIRST_TARGET_S
                   and statistics.median(reruns) <= RERUN_TARGET_S else "SLOW")
        print(f"{mode:<10} {firsts[0]:>15.3f} {statistics.median(firsts):>8.3f} "
              f"{min(firsts):>8.3f} {statistics.median(reruns):>14.3f} {min(reruns):>8.3f}"
              f"  {verdict}")
    if not args.no_browser:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import app_browser

        app_browser.report(args.as_of, args.runs)


if __name__ == "__main__":
    main()
