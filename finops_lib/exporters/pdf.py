"""PDF packs (pdfkit + wkhtmltopdf) and PNG screenshots (wkhtmltoimage) of the HTML report.

Both converters get the page on stdin with JavaScript and local file access disabled; the page
itself loads nothing (images are data URIs). Debian's wkhtmltopdf is built on an unpatched Qt,
so there are no running headers or footers: the cover block and the closing footer line carry
what a header would.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from typing import Any

from ..errors import ExportError
from ..report import Report
from .html_layout import PAGE_MARGIN_MM  # the page layout is computed for these margins

__all__ = ["pdf_bytes", "pdf_options", "png_bytes", "png_unavailable", "unavailable",
           "wkhtmltoimage_args"]

INSTALL_HINT = "install it with `sudo apt-get install wkhtmltopdf` (macOS: `brew install wkhtmltopdf`)"
PAGE_SIZES = {"a4": "A4", "letter": "Letter"}
SCREENSHOT_WIDTH_PX = 1200
# For PNG, wkhtmltoimage's "quality" is the zlib effort (the image stays lossless); its default
# leaves a long report at ~30 MB, 50 brings it under 1 MB at the same speed.
PNG_QUALITY = 50
CONVERT_TIMEOUT_S = 120
# wkhtmltopdf prints Qt chatter on stderr even when it succeeds; it is not an error.
_SAFETY_FLAGS = ("--disable-javascript", "--disable-local-file-access", "--quiet")


def _binary(name: str) -> str | None:
    return shutil.which(name)


def unavailable() -> str | None:
    """Why PDF export can't run here (one line with the install command), or None."""
    if _binary("wkhtmltopdf") is None:
        return f"--export pdf needs wkhtmltopdf, which is not on PATH: {INSTALL_HINT}"
    return None


def png_unavailable() -> str | None:
    """Why --screenshot can't run here (one line with the install command), or None."""
    if _binary("wkhtmltoimage") is None:
        return f"--screenshot needs wkhtmltoimage (part of wkhtmltopdf), which is not on PATH: " \
               f"{INSTALL_HINT}"
    return None


def pdf_options(page_size: str, title: str) -> dict[str, Any]:
    """wkhtmltopdf options for a pack: page size, margins and the safety flags."""
    margin = f"{PAGE_MARGIN_MM:g}mm"
    options: dict[str, Any] = {flag: "" for flag in _SAFETY_FLAGS}
    options.update({
        "--page-size": PAGE_SIZES.get(str(page_size).lower(), "A4"),
        "--margin-top": margin, "--margin-bottom": margin,
        "--margin-left": margin, "--margin-right": margin,
        "--encoding": "UTF-8",
        "--title": title,
    })
    return options


def pdf_bytes(html: str, page_size: str = "a4", title: str = "FinOps report") -> bytes:
    """Render an HTML page to PDF bytes with pdfkit."""
    import pdfkit

    binary = _binary("wkhtmltopdf")
    if binary is None:
        raise ExportError(str(unavailable()))
    # pdfkit reads extra command-line options from <meta name="pdfkit-…"> tags in the page;
    # a random prefix means no page content can ever switch an option on.
    config = pdfkit.configuration(wkhtmltopdf=binary,
                                  meta_tag_prefix=f"finops-{secrets.token_hex(8)}-")
    try:
        data = pdfkit.from_string(html, False, options=pdf_options(page_size, title),
                                  configuration=config, verbose=False)
    except OSError as exc:
        raise ExportError(f"wkhtmltopdf failed: {_first_line(str(exc))}") from None
    if not isinstance(data, bytes) or not data.startswith(b"%PDF"):
        raise ExportError("wkhtmltopdf produced no PDF")
    return data


def wkhtmltoimage_args(binary: str, width_px: int = SCREENSHOT_WIDTH_PX) -> list[str]:
    """The wkhtmltoimage command line: page on stdin, PNG on stdout, same safety flags."""
    return [binary, *_SAFETY_FLAGS, "--encoding", "UTF-8", "--format", "png",
            "--quality", str(PNG_QUALITY), "--width", str(width_px), "-", "-"]


def png_bytes(html: str, width_px: int = SCREENSHOT_WIDTH_PX) -> bytes:
    """Render an HTML page to a PNG screenshot with wkhtmltoimage."""
    binary = _binary("wkhtmltoimage")
    if binary is None:
        raise ExportError(str(png_unavailable()))
    try:
        done = subprocess.run(wkhtmltoimage_args(binary, width_px), input=html.encode("utf-8"),
                              capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ExportError(f"wkhtmltoimage failed: {exc}") from None
    if done.returncode != 0 or not done.stdout.startswith(b"\x89PNG\r\n\x1a\n"):
        detail = _first_line(done.stderr.decode("utf-8", "replace")) or f"exit {done.returncode}"
        raise ExportError(f"wkhtmltoimage failed: {detail}")
    return done.stdout


def _first_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines()
             if ln.strip() and not ln.startswith(("QStandardPaths", "Command failed", "wkhtmltopdf "
                                                  "reported"))]
    return lines[0] if lines else ""


def render(report: Report) -> list[tuple[str, bytes]]:
    """The persona pack as one PDF (A4 unless --page-size letter)."""
    from .html import render_html  # altair and Jinja2 load only when a pack is made

    html = render_html(report)
    return [(".pdf", pdf_bytes(html, report.options.page_size, report.title))]


def render_png(report: Report) -> list[tuple[str, bytes]]:
    """A PNG screenshot of the same page, SCREENSHOT_WIDTH_PX wide."""
    from .html import render_html

    return [(".png", png_bytes(render_html(report, paginate=False)))]
