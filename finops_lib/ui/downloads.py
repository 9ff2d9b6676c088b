"""Download buttons for every registered export format, with bytes from the very same exporters
as `--export`, so a download equals the command's file for the same options."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from ..errors import FinopsError
from ..exporters import EXPORTERS, check_exports, render
from ..options import Options
from ..report import Report
from ..triage.records import RECORDS_KEY
from .cache import OptionsKey, export_files, options_key
from .text import plain

__all__ = ["DEFERRED_SUFFIXES", "MIME_TYPES", "render_downloads"]

MIME_TYPES = {"csv": "text/csv", "json": "application/json", "md": "text/markdown",
              "pdf": "application/pdf", "png": "image/png", "parquet": "application/octet-stream"}
# Formats that run an external converter (seconds): rendered only when the button is clicked,
# so they never slow a page down. Each yields one file with this suffix.
DEFERRED_SUFFIXES = {"pdf": ".pdf", "png": ".png"}


def _formats() -> list[str]:
    check_exports([], None)  # loads the built-in exporters into the registry
    return list(EXPORTERS)


def _mime(name: str) -> str:
    return MIME_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")


def _one_file(mode: str, key: OptionsKey, fmt: str) -> bytes:
    return export_files(mode, key, fmt)[0][1]


def _first(report: Report, fmt: str) -> bytes:
    return render(report, fmt)[0][1]


def _files(report: Report, opts: Options, fmt: str
           ) -> list[tuple[str, bytes | Callable[[], bytes]]]:
    key = options_key(opts)
    if report.extra.get(RECORDS_KEY):  # triage state changes between draws: export what is shown
        if fmt in DEFERRED_SUFFIXES:
            return [(report.file_stem + DEFERRED_SUFFIXES[fmt], partial(_first, report, fmt))]
        return list(render(report, fmt))
    if fmt in DEFERRED_SUFFIXES:
        return [(report.file_stem + DEFERRED_SUFFIXES[fmt], partial(_one_file, opts.mode, key, fmt))]
    return list(export_files(opts.mode, key, fmt))


def render_downloads(report: Report, opts: Options) -> None:
    """One button per exported file; a format that cannot run here says why instead."""
    with st.expander("Downloads", expanded=True, icon="⬇️"):
        for fmt in _formats():
            reason = EXPORTERS[fmt].unavailable()
            if reason:
                st.caption(f"**{fmt}**: {reason}")
                continue
            try:
                files = _files(report, opts, fmt)
            except FinopsError as exc:
                st.caption(f"**{fmt}**: {plain(exc.one_line())}")
                continue
            for name, data in files:
                suffix = name.removeprefix(report.file_stem).lstrip("-_.") or fmt
                label = fmt.upper() if len(files) == 1 else f"{fmt.upper()} · {suffix}"
                st.download_button(label, data, file_name=name, mime=_mime(name),
                                   key=f"download:{fmt}:{suffix}", on_click="ignore",
                                   icon="📄")
