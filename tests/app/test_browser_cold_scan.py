"""A cold activity scan in a real browser: the executive's cost figures are on screen while the
scan runs, then its summary arrives without the figures being drawn anew.

Real parts: `streamlit run app.py`, Debian's Chromium, the fault endpoint of tests/fault_ce.py
answering Cost Explorer (one account, $12.34 a day) and a moto server answering the activity
scan (EC2, CloudWatch, S3…: every enabled region of the account, a few seconds of calls).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from finops_lib.ui.page import DOWNLOADS_WAIT
from tests.fault_ce import faulty_endpoint

from .conftest import AS_OF, CHROMIUM
from .test_browser import PAGE_TIMEOUT_MS, VIEWPORT, streamlit_server

pytestmark = pytest.mark.browser

STATUS = "Scanning resource activity"
SUMMARY = "could be retired or reviewed"
FIRST_KPI = '[data-testid="stMetricValue"]'
MARK_JS = f"() => {{ document.querySelector('{FIRST_KPI}').dataset.seen = 'yes'; }}"
MARKED_JS = f"() => document.querySelector('{FIRST_KPI}')?.dataset.seen ?? null"


@pytest.fixture
def aws_server(tmp_path: Path) -> Iterator[str]:
    """A streamlit server whose profile `scan` reads the fault endpoint and a moto server."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    moto_url = f"http://{host}:{port}"
    # an idle Elastic IP for the scan to find
    boto3.client("ec2", region_name="us-east-1", endpoint_url=moto_url, aws_access_key_id="k",
                 aws_secret_access_key="s").allocate_address(Domain="vpc")
    (tmp_path / "aws-config").write_text("[profile scan]\nregion = us-east-1\n"
                                         "aws_access_key_id = k\naws_secret_access_key = s\n")
    try:
        with faulty_endpoint() as ce, streamlit_server(
                tmp_path, AWS_ENDPOINT_URL=moto_url, AWS_ENDPOINT_URL_COST_EXPLORER=ce.url,
                AWS_EC2_METADATA_DISABLED="true") as url:
            yield url
    finally:
        moto.stop()


def test_kpis_stay_on_screen_while_a_cold_activity_scan_runs(aws_server: str,
                                                             browser: Any) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(f"{aws_server}/executive?as_of={AS_OF}&source=ce&profile=scan")
        # the full page while the scan runs: figures, the status where the summary goes
        page.get_by_text(DOWNLOADS_WAIT).wait_for(timeout=PAGE_TIMEOUT_MS)
        status = page.get_by_text(STATUS, exact=False)
        assert status.is_visible() and "1 account × every enabled region" in status.inner_text()
        kpis = page.locator(FIRST_KPI).all_inner_texts()
        assert len(kpis) >= 4 and any(k.startswith("$") for k in kpis)
        assert page.get_by_text(SUMMARY, exact=False).count() == 0
        page.evaluate(MARK_JS)

        page.get_by_text(SUMMARY, exact=False).wait_for(timeout=PAGE_TIMEOUT_MS)
        page.wait_for_selector('[data-testid="stDownloadButton"]', timeout=PAGE_TIMEOUT_MS)
        assert status.count() == 0
        assert page.get_by_text("1 resources", exact=False).count() >= 1  # the idle address
        assert page.locator(FIRST_KPI).all_inner_texts() == kpis
        assert page.evaluate(MARKED_JS) == "yes"  # the same card: not drawn anew
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()
