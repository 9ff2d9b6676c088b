"""A real browser: `streamlit run app.py` on 127.0.0.1 and Debian's Chromium through Playwright.

One streamlit server and one browser per test session. Each page test waits for the script to
finish, checks key figures and the absence of exceptions, downloads the JSON export and compares
it with the command's file for the same options, and saves a full-page screenshot to
test-artifacts/.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from finops_lib.dashboard import build_report
from finops_lib.formatting import fmt_money_compact
from finops_lib.options import OPTIONS, resolve, to_command

from .conftest import AS_OF, CHROMIUM, PAGES, ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
START_TIMEOUT_S = 90
PAGE_TIMEOUT_MS = 90_000
VIEWPORT = {"width": 1400, "height": 900}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy")


@contextlib.contextmanager
def streamlit_server(home: Path, **extra_env: str) -> Iterator[str]:
    """`streamlit run app.py` on a free local port with a private AWS set-up under `home`
    (plus `extra_env`, as the server's operator would set it); its URL."""
    env = {k: v for k, v in os.environ.items() if k not in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE")}
    env.update(AWS_CONFIG_FILE=str(home / "aws-config"), FINOPS_CACHE_DIR=str(home / "cache"),
               AWS_SHARED_CREDENTIALS_FILE=str(home / "aws-credentials"),
               FINOPS_DATA_DIR=str(home / "data"), **extra_env)  # its own triage store
    port = _free_port()
    log = (home / "streamlit.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A streamlit server for the whole session; its URL."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    with streamlit_server(tmp_path_factory.mktemp("server")) as url:
        yield url


def _wait_for_run(page: Any) -> None:
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached",
                           timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector('[data-testid="stDownloadButton"]', timeout=PAGE_TIMEOUT_MS)


def _screenshot(page: Any, name: str) -> Path:
    """Full page: Streamlit scrolls inside its main container, so grow the viewport to it."""
    height = page.evaluate(
        "() => Math.max(document.querySelector('[data-testid=\"stMain\"]').scrollHeight,"
        " document.querySelector('[data-testid=\"stSidebarContent\"]')?.scrollHeight || 0)")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": int(height) + 40})
    page.wait_for_timeout(500)  # let charts re-layout at the new size
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"app-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _command_json(mode: str, out: Path) -> dict[str, Any]:
    argv = [sys.executable, *to_command(resolve(mode, {"as_of": AS_OF})).split()[1:]]
    done = subprocess.run([*argv, "--export", "json", "--output-dir", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    (path,) = out.glob("*.json")
    return dict(json.loads(path.read_text()))


# Written by the command only: how to export is not part of the report (the app has buttons).
CLI_ONLY = {o.name for o in OPTIONS if "app" not in o.surfaces and o.name != "mode"}


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    """The export minus its timestamp and the command's own export flags."""
    out = {k: v for k, v in data.items() if k != "generated_at"}
    out["options"] = {k: v for k, v in data["options"].items() if k not in CLI_ONLY}
    out["command"] = data["command"].split(" --export ")[0]
    return out


@pytest.mark.parametrize("mode", PAGES)
def test_page_in_a_real_browser(mode: str, server: str, browser: Any, tmp_path: Path) -> None:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{server}/{mode}?as_of={AS_OF}")
        _wait_for_run(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        report = build_report(resolve(mode, {"as_of": AS_OF}))
        total = report.kpi("total")
        assert total is not None
        values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        # the card's figure is compact when long; the exact amount is in its tooltip
        assert fmt_money_compact(float(total.value or 0)) in values
        assert page.get_by_text(report.title, exact=True).is_visible()
        assert "as_of=" + AS_OF in page.url
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Overview" in nav and "SRE" in nav, "pages run through app.py's st.navigation"

        with page.expect_download() as info:
            page.get_by_role("button", name="JSON", exact=True).click()
        download = info.value
        assert download.suggested_filename.startswith(f"finops-{mode}-")
        downloaded = _comparable(json.loads(Path(download.path()).read_text()))
        expected = _comparable(_command_json(mode, tmp_path))
        assert downloaded["options"] == expected["options"]
        assert downloaded == expected

        shot = _screenshot(page, mode)
        assert shot.stat().st_size > 20_000
    finally:
        context.close()


def test_overview_in_a_real_browser(server: str, browser: Any) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(server)
        page.wait_for_selector('[data-testid="stPageLink"]', timeout=PAGE_TIMEOUT_MS)
        page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached",
                               timeout=PAGE_TIMEOUT_MS)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stPageLink"]').count() == 3
        assert page.get_by_text("Demo data: a synthetic organization", exact=False).is_visible()
        page.locator('[data-testid="stPageLink"]').filter(has_text="spike").click()
        page.wait_for_url("**/sre**", timeout=PAGE_TIMEOUT_MS)
        _wait_for_run(page)
        assert "as_of=" in page.url  # the SRE page wrote its options into the link
        _screenshot(page, "overview-to-sre")
    finally:
        context.close()


# ------------------------------------------------------------------ layout at 1400 px and 390 px

PHONE = {"width": 390, "height": 844}
KPI_CHECK_JS = """() => [...document.querySelectorAll(
    '[data-testid="stMetricValue"], [data-testid="stMetricLabel"]')].map(e => ({
    text: e.innerText, kind: e.dataset.testid,
    cut: [e, ...e.querySelectorAll('*')].some(c => c.scrollWidth > c.clientWidth + 1)}))"""
FIRST_KPI_JS = """() => document.querySelector('[data-testid="stMetricValue"]')
    .getBoundingClientRect().bottom"""
PAGE_WIDTH_JS = "() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth"
BACKGROUND_JS = "() => getComputedStyle(document.querySelector('.stApp')).backgroundColor"
# Streamlit draws vega-lite charts as SVG: each chart's height and the text Vega drew in it.
CHARTS_JS = """() => [...document.querySelectorAll('.stVegaLiteChart')].map(e => ({
    height: e.getBoundingClientRect().height,
    texts: [...e.querySelectorAll('svg text')].map(t => t.textContent)}))"""


def _luminance(css_rgb: str) -> float:
    red, green, blue = (int(v) for v in re.findall(r"\d+", css_rgb)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def _shot(page: Any, name: str, width: int) -> Path:
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": int(height) + 40})
    page.wait_for_timeout(400)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"app-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _open(browser: Any, url: str, viewport: dict[str, int]) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport=viewport, color_scheme="light")
    page = context.new_page()
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.goto(url)
    _wait_for_run(page)
    page.wait_for_timeout(800)  # charts finish drawing after the script
    return context, page, warnings


@pytest.mark.parametrize("mode", PAGES)
def test_kpis_whole_charts_labelled_console_clean_light_and_dark(
        mode: str, server: str, browser: Any) -> None:
    from finops_lib.charts import BAR_PX

    context, page, warnings = _open(browser, f"{server}/{mode}?as_of={AS_OF}", VIEWPORT)
    try:
        cards = page.evaluate(KPI_CHECK_JS)
        assert cards and not [c for c in cards if c["cut"] or c["text"].endswith("…")], cards
        report = build_report(resolve(mode, {"as_of": AS_OF}))
        drawn = [c for c in report.charts if c.data]
        shown = page.evaluate(CHARTS_JS)
        assert len(shown) == len(drawn)
        for chart, seen in zip(drawn, shown, strict=True):
            if chart.kind != "top_bar":
                continue
            assert seen["height"] >= BAR_PX * len(chart.data), chart.key
            for row in chart.data:  # every bar of the top-N is labelled (long ones end in …)
                label = str(row["label"])
                assert any(t == label or (t.endswith("…") and label.startswith(t[:-1]))
                           for t in seen["texts"]), (chart.key, label)
        assert warnings == [], warnings[:3]
        assert _luminance(page.evaluate(BACKGROUND_JS)) > 0.9
        _shot(page, f"{mode}-1400-light", VIEWPORT["width"])
        page.emulate_media(color_scheme="dark")  # the viewer's OS switches to dark
        page.wait_for_timeout(800)
        assert _luminance(page.evaluate(BACKGROUND_JS)) < 0.2
        _shot(page, f"{mode}-1400-dark", VIEWPORT["width"])
        assert warnings == [], warnings[:3]
    finally:
        context.close()


@pytest.mark.parametrize("mode", PAGES)
def test_phone_shows_the_first_kpi_on_the_first_screen(mode: str, server: str,
                                                       browser: Any) -> None:
    context, page, warnings = _open(browser, f"{server}/{mode}?as_of={AS_OF}", PHONE)
    try:
        assert page.evaluate(FIRST_KPI_JS) <= PHONE["height"]
        cards = page.evaluate(KPI_CHECK_JS)
        assert not [c for c in cards if c["cut"]], cards
        assert page.evaluate(PAGE_WIDTH_JS) <= PHONE["width"]  # wide tables scroll inside
        assert warnings == [], warnings[:3]
        _shot(page, f"{mode}-390", PHONE["width"])
    finally:
        context.close()


def test_architect_sections_in_a_real_browser(server: str, browser: Any) -> None:
    """Recommendations, network cost and the dependency map are drawn (charts as canvases or
    SVG, tables as grids) with the library's savings figure."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(f"{server}/architect?as_of={AS_OF}&activity_analysis=true")
        _wait_for_run(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        report = build_report(resolve("architect", {"as_of": AS_OF,
                                                    "activity_analysis": True}))
        savings = report.kpi("identified_savings")
        assert savings is not None
        values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert fmt_money_compact(float(savings.value or 0)) in values
        for title in ("Savings recommendations", "Network cost by kind", "Dependency map"):
            assert page.get_by_role("heading", name=title).count() >= 1, title
        charts = page.locator('[data-testid="stVegaLiteChart"]')
        charts.last.scroll_into_view_if_needed()
        page.wait_for_function("() => [...document.querySelectorAll("
                               "'[data-testid=\"stVegaLiteChart\"]')].every("
                               "c => c.querySelector('canvas, svg'))", timeout=PAGE_TIMEOUT_MS)
        assert charts.count() == len(report.charts)
        _screenshot(page, "architect-sections")
    finally:
        context.close()
