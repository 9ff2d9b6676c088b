"""route_through_app: a page Streamlit runs as a legacy pages/ script (an app folder with
pages/, before st.navigation ran) reruns once in st.navigation mode; otherwise it runs once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

SCRIPT = """
import streamlit as st

from finops_lib.ui.boot import route_through_app

st.session_state["runs"] = st.session_state.get("runs", 0) + 1
route_through_app()
st.markdown("page body")
"""


@pytest.fixture(autouse=True)
def _restore_flag() -> Iterator[None]:
    before = PagesManager.uses_pages_directory
    yield
    PagesManager.uses_pages_directory = before


def _run(folder: Path, with_pages: bool) -> AppTest:
    (folder / "page.py").write_text(SCRIPT)
    if with_pages:
        (folder / "pages").mkdir()
    return AppTest.from_file(str(folder / "page.py")).run()


def test_a_legacy_pages_run_reruns_in_navigation_mode(tmp_path: Path) -> None:
    at = _run(tmp_path, with_pages=True)
    assert not at.exception
    assert PagesManager.uses_pages_directory is False
    assert at.session_state["runs"] == 2  # the legacy run, then the rerun
    assert [m.value for m in at.main.markdown] == ["page body"]


def test_a_navigation_run_runs_once(tmp_path: Path) -> None:
    at = _run(tmp_path, with_pages=False)
    assert not at.exception
    assert at.session_state["runs"] == 1
    assert [m.value for m in at.main.markdown] == ["page body"]
