"""Real Chromium against `streamlit run app.py` reading a bill with hostile names: on every
persona page no element carries an image or link the project did not create, nothing leaves
the browser for another host (Playwright's request log), and the page still works under the
Content-Security-Policy documented in docs/app.md (no violation reported)."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT
from tests.app.test_browser import (
    PAGE_TIMEOUT_MS,
    VIEWPORT,
    _wait_for_run,
    streamlit_server,
)

from .hostile import AS_OF, write_hostile_bill

pytestmark = pytest.mark.browser


def inline_script_hashes() -> str:
    """CSP sources for the inline scripts of the installed Streamlit's index.html."""
    import streamlit

    html = (Path(streamlit.__file__).parent / "static" / "index.html").read_text()
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
    return " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
                    + "'" for s in scripts)


# The policy docs/app.md asks the reverse proxy to send (kept equal by a test below).
CSP = ("default-src 'self'; script-src 'self' blob: " + inline_script_hashes() + "; "
       "style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
       "worker-src 'self' blob:; frame-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """streamlit run app.py with FINOPS_DATA_DIRS holding the hostile bill; its URL."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    home = tmp_path_factory.mktemp("hostile-server")
    bills = write_hostile_bill(tmp_path_factory.mktemp("bills"))
    with streamlit_server(home, FINOPS_DATA_DIRS=str(bills)) as url:
        yield url


@pytest.fixture(scope="module")
def chromium(playwright_driver: Any) -> Iterator[Any]:
    # Playwright's fulfilled documents trip Chromium's local-network checks on 127.0.0.1,
    # which a page served by a real proxy does not: switch those checks off.
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"])
    yield browser
    browser.close()


def _with_csp(route: Any) -> None:
    """Serve every document with the documented CSP, as the reverse proxy would."""
    if route.request.resource_type != "document":
        route.continue_()
        return
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers,
                                              "content-security-policy": CSP})


@pytest.mark.parametrize("mode", ["executive", "architect", "sre"])
def test_hostile_names_stay_text_and_nothing_leaves_the_browser(mode: str, hostile_server: str,
                                                                chromium: Any) -> None:
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    requests: list[str] = []
    violations: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    page.route("**/*", _with_csp)
    try:
        page.goto(f"{hostile_server}/{mode}?as_of={AS_OF}&source=files&path=hostile.csv"
                  "&top_n=0", timeout=PAGE_TIMEOUT_MS)
        _wait_for_run(page)
        page.wait_for_timeout(1000)  # let charts and lazy images load
        assert page.locator('[data-testid="stException"]').count() == 0
        foreign = [u for u in requests
                   if not u.startswith((hostile_server, "data:", "blob:", "about:"))]
        assert not foreign, foreign
        images = page.eval_on_selector_all("img", "els => els.map(e => e.src)")
        assert all(src.startswith((hostile_server, "data:", "blob:")) for src in images), images
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        assert [h for h in links if not h.startswith(hostile_server)] == []
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert "pixel.png" in text or "javascript:alert" in text  # the names, as text
        marked = " ".join(page.locator('[data-testid="stMarkdownContainer"]').all_inner_texts())
        assert "\u202e" not in marked
        assert not violations, violations
    finally:
        context.close()


def test_the_documented_policy_is_the_one_tested() -> None:
    """Fails after a Streamlit upgrade changes its inline script: update docs/app.md then."""
    assert CSP in " ".join((ROOT / "docs" / "app.md").read_text().split())
