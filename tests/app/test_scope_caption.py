"""The app caption names the accounts a filtered report covers, like every other surface."""

from __future__ import annotations

from tests.app.conftest import open_page


def test_accounts_filter_narrows_the_caption() -> None:
    at = open_page("architect", {"accounts": "workloads-prod"})
    captions = [c.value for c in at.main.caption]
    assert any("filtered to 1 account of 9: workloads-prod" in c for c in captions), captions
    assert not any("Demo organization (9 accounts) ·" in c for c in captions)
