"""Download buttons for every registered export format, with bytes from the very same exporters
as `--export`, so a download equals the command's file for the same options."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from ..errors import FinopsError
from ..exporters import EXPORTERS, render
from ..exporters.registry import formats
from ..options import Options
from ..report import Report
from ..triage.records import RECORDS_KEY
from .cache import OptionsKey, export_files, options_key
from .text import plain

__all__ = ["download_formats", "mime_type", "render_downloads"]


def download_formats() -> list[str]:
    """The formats offered as downloads: every registered one, in registry order."""
    return formats()


def mime_type(fmt: str) -> str:
    """The MIME type the exporter of `fmt` declares."""
    return EXPORTERS[fmt].mime


def _one_file(mode: str, key: OptionsKey, fmt: str) -> bytes:
    return export_files(mode, key, fmt)[0][1]


def _first(report: Report, fmt: str) -> bytes:
    return render(report, fmt)[0][1]


def _files(report: Report, opts: Options, fmt: str
           ) -> list[tuple[str, bytes | Callable[[], bytes]]]:
    key = options_key(opts)
    exporter = EXPORTERS[fmt]
    if report.extra.get(RECORDS_KEY):  # triage state changes between draws: export what is shown
        if exporter.deferred:
            return [(report.file_stem + exporter.suffix, partial(_first, report, fmt))]
        return list(render(report, fmt))
    if exporter.deferred:  # rendered only when the button is clicked: never slows a page down
        return [(report.file_stem + exporter.suffix, partial(_one_file, opts.mode, key, fmt))]
    return list(export_files(opts.mode, key, fmt))


def render_downloads(report: Report, opts: Options) -> None:
    """One button per exported file; a format that cannot run here says why instead."""
    with st.expander("Downloads", expanded=True, icon="⬇️"):
        for fmt in download_formats():
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
                st.download_button(label, data, file_name=name, mime=mime_type(fmt),
                                   key=f"download:{fmt}:{suffix}", on_click="ignore",
                                   icon="📄")
