"""PDF: not available yet (it arrives with the PDF-pack issue); fails before any work."""

from __future__ import annotations

from ..report import Report
from . import register


def _unavailable() -> str:
    return "--export pdf is not available yet in this version; use csv, json or markdown"


@register("pdf", unavailable=_unavailable)
def render(report: Report) -> list[tuple[str, bytes]]:
    """Placeholder renderer (never reached: `unavailable` stops it first)."""
    raise NotImplementedError(_unavailable())


def _png_unavailable() -> str:
    return "--screenshot is not available yet in this version"


@register("png", unavailable=_png_unavailable)
def render_png(report: Report) -> list[tuple[str, bytes]]:
    """Placeholder screenshot renderer (never reached)."""
    raise NotImplementedError(_png_unavailable())
