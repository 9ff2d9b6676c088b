"""The app, through Streamlit's AppTest: names from a bill are never markup on any page, and a
bad link value is named in the sidebar while the page shows the default (never an error box).

The bill is a FOCUS file under FINOPS_DATA_DIRS whose account and service names are Markdown
images and links, HTML, emphasis, code, bare URLs and a right-to-left override; every text the
page hands to Streamlit's Markdown is rendered with a CommonMark parser and must hold no image,
link or HTML element, and show the names as text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.app.conftest import _isolated, no_exception, open_page  # noqa: F401 (autouse)

from .hostile import FANCY, LINK, write_hostile_bill

MARKDOWN_KINDS = ("markdown", "caption", "info", "success", "warning", "error", "subheader",
                  "title")
_MD = MarkdownIt("commonmark")


@pytest.fixture(scope="module")
def bill(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a FOCUS export whose names are hostile."""
    return write_hostile_bill(tmp_path_factory.mktemp("bills"))


def _markdown_texts(at) -> list[str]:
    texts = [e.value for part in (at.main, at.sidebar) for kind in MARKDOWN_KINDS
             for e in getattr(part, kind)]
    texts += [e.label for e in at.main.expander] + [m.label for m in at.main.metric]
    return texts


@pytest.mark.parametrize("mode", ["executive", "architect", "sre"])
def test_hostile_names_are_text_on_every_page(mode: str, bill: Path, monkeypatch) -> None:
    monkeypatch.setenv("FINOPS_DATA_DIRS", str(bill))
    at = open_page(mode, {"source": "files", "path": "hostile.csv", "top_n": "0"})
    no_exception(at)
    # the only error box allowed is the report's own validation badge (days outside the bill)
    assert all(e.value.startswith("Validation") for e in at.main.error)
    texts = _markdown_texts(at)
    html = "\n".join(_MD.render(text) for text in texts)
    assert "<img" not in html and "<a " not in html and "<script" not in html
    assert "href=" not in html and "src=" not in html.replace("img src=x", "")
    for text in texts:
        assert not re.search(r"(?<!\\)://", text) and "www.example" not in text, text  # autolinks
        assert ":red[alarm]" not in text and "$x$" not in text, text  # no directives, math
        assert "\u202e" not in text
    shown = "\n".join(texts) + "\n".join(d.value.to_csv() for d in at.main.dataframe)
    assert any(name in shown for name in (LINK, FANCY, "pixel.png")), "names are still shown"


def test_bad_link_values_are_named_and_the_page_shows_the_default() -> None:
    at = open_page("sre", {"as_of": "1900-01-01", "spike_threshold": "nan", "month": "0000-01",
                           "athena_output": "s3://someone-elses-bucket/"})
    no_exception(at)
    assert not at.main.error, [e.value for e in at.main.error]
    warnings = [w.value for w in at.sidebar.warning]
    for expected in ("as_of=1900-01-01 (before 2000-01-01)",
                     "spike_threshold=nan (not a finite number)",
                     "month=0000-01 (before 2000-01)",
                     "athena_output=s3\u2060\\://someone-elses-bucket/ (set by the server)"):
        assert any(expected in w for w in warnings), (expected, warnings)
    assert at.main.metric  # the default page is drawn


def test_a_filter_that_matches_nothing_is_an_empty_report() -> None:
    at = open_page("sre", {"filter": "region:xx-nowhere-9"})
    no_exception(at)
    assert not at.main.error, [e.value for e in at.main.error]
    assert any("No cost matched the filters" in m.value for m in at.main.markdown)
