"""--timeframe hourly in the app: every persona page renders; the SRE page shows the hourly chart."""

from __future__ import annotations

import pytest

from .conftest import no_exception, open_page


@pytest.mark.parametrize("mode", ["executive", "architect", "sre"])
def test_hourly_pages_render(mode: str) -> None:
    at = open_page(mode, {"timeframe": "hourly", "activity_analysis": "false"})
    no_exception(at)
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "2026-11-25 00:00–24:00 UTC" in text
