"""AppTest helpers: open a page of app.py at fixed options, read what it shows.

Every test runs with a private AWS config naming two profiles (so the profile selectboxes have
something to offer) and no AWS_PROFILE, and with st.cache_data cleared.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from finops_lib.options import OPTIONS
from finops_lib.sidebar_layout import ADVANCED
from finops_lib.ui.progressive import ONE_PASS_KEY
from finops_lib.ui.sidebar import GROUP_KEY
from finops_lib.ui.state import SHARE_KEY

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
AS_OF = "2026-11-26"
PROFILES = ("finops-payer", "finops-test")
PAGES = ("executive", "architect", "sre")
WIDGET_LISTS = ("selectbox", "toggle", "number_input", "date_input", "text_input", "text_area",
                "multiselect")
RUN_TIMEOUT_S = 60


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    config = tmp_path / "aws-config"
    config.write_text("".join(f"[profile {p}]\nregion = us-east-1\n\n" for p in PROFILES))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    monkeypatch.setenv("FINOPS_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(mode: str | None, params: dict[str, Any] | None = None) -> AppTest:
    """Run app.py, switch to a persona page (None = Overview) with these query parameters."""
    at = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_S)
    at.session_state[ONE_PASS_KEY] = True  # AppTest has no browser to signal: one pass
    if mode is None:
        at.query_params.update(params or {})
        return at.run()
    at.run()
    for page in PAGES:  # the reader opens "Share this view" and every sidebar group
        at.session_state[SHARE_KEY.format(mode=page)] = True
        for group in {o.group for o in OPTIONS} | {ADVANCED}:
            at.session_state[GROUP_KEY.format(mode=page, group=group)] = True
    at.switch_page(f"pages/{mode}.py")
    at.query_params.clear()
    at.query_params.update({"as_of": AS_OF, **(params or {})})
    return at.run()


@pytest.fixture
def page() -> Callable[..., AppTest]:
    """open_page as a fixture."""
    return open_page


def widget(at: AppTest, key: str) -> Any:
    """The sidebar widget with this key, whatever its kind."""
    for kind in WIDGET_LISTS:
        for element in getattr(at, kind):
            if element.key == key:
                return element
    raise LookupError(f"no widget with key {key!r}")


def shown(at: AppTest) -> dict[str, Any]:
    """What the main area shows, minus the share box and download buttons."""
    main = at.main
    return {
        "metrics": [(m.label, m.value, m.delta) for m in main.metric],
        "tables": [d.value.to_csv(index=False) for d in main.dataframe],
        "text": [e.value for kind in ("markdown", "caption", "info", "success", "error",
                                      "warning", "subheader", "title")
                 for e in getattr(main, kind)],
        "expanders": [e.label for e in main.expander],
    }


def command_text(at: AppTest) -> str:
    """The equivalent command line shown in 'Share this view'."""
    return next(c.value for c in at.main.code if c.value.startswith("python -m finops_lib"))


def money_text(value: str) -> float:
    """'-$1,234.56' -> -1234.56."""
    value = value.replace("\\$", "$")  # tooltips are markdown: plain() escapes the dollar sign
    match = re.fullmatch(r"([+-]?)\$([\d,]+\.\d\d)", value.strip())
    assert match, f"not a dollar amount: {value!r}"
    number = float(match.group(2).replace(",", ""))
    return -number if match.group(1) == "-" else number


def metric_money(metric: Any) -> float:
    """A money card's exact amount: its figure, or the "Exact:" line of its tooltip when the
    figure is shown compact ($1.07M)."""
    exact = re.search(r"Exact: (\S+)", metric.help or "")
    return money_text(exact.group(1) if exact else metric.value)


def no_exception(at: AppTest) -> None:
    """Fail with the exception text when the script raised."""
    assert not at.exception, [e.value for e in at.exception]


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


@pytest.fixture(scope="session")
def browser(playwright_driver: Any) -> Iterator[Any]:
    """One headless Chromium for the session, shared by every browser test in a worker."""
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
