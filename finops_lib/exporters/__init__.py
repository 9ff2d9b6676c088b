"""Export formats: `registry` declares each (format, suffix, MIME type, deferred or eager, render
function, unavailable-reason) without importing a renderer; one module renders each format
(csv_export, json_export, markdown, pdf with html/html_layout, focus); `write` renders and writes
them all-or-nothing.
"""

from __future__ import annotations

from .registry import EXPORTERS, Exporter, register
from .write import check_exports, render, write_exports

__all__ = ["EXPORTERS", "Exporter", "check_exports", "register", "render", "write_exports"]
