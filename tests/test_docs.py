"""Documentation that must not drift from the code (datasette style: a missing doc fails)."""

from __future__ import annotations

import re
from pathlib import Path

from finops_lib.catalog import SERVICE_ALIASES
from finops_lib.docs import render_blocks
from finops_lib.options import OPTIONS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_readme_tables_are_generated_from_the_code() -> None:
    assert render_blocks(README) == README, "run `make docs`"


def test_every_option_and_alias_is_documented() -> None:
    for opt in OPTIONS:
        assert f"`{opt.flag}`" in README, opt.flag
    for alias in SERVICE_ALIASES:
        assert f"`{alias}`" in README, alias


def test_readme_shows_the_two_commands() -> None:
    assert "make run" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_linked_documents_exist() -> None:
    for link in re.findall(r"\]\(((?:docs|notebooks)/[^)#]+)\)", README):
        assert (ROOT / link).exists(), link
