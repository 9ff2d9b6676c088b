"""Every export format as a plain value: its name, files, MIME type, when it runs and by what.

`options` (the --export choices) and the app (download buttons, MIME types) read this module,
which imports no renderer and nothing that imports `options`: a format names its render function
and its unavailable-reason as "module:function", imported on first use. A plugin declares an
`Exporter` and passes it to `register`; an installed package can offer one under the entry-point
group `finops_lib.exporters` (read before the --export choices are built).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..report import Report

__all__ = ["ENTRY_POINT_GROUP", "EXPORTERS", "Exporter", "export_formats", "formats", "register"]

Rendered = list[tuple[str, bytes]]  # (file name suffix, content)
ENTRY_POINT_GROUP = "finops_lib.exporters"
_LOG = logging.getLogger(__name__)


def _target(path: str | Callable[..., Any]) -> Callable[..., Any]:
    """A callable, or the function named "module:function" (its module imported now)."""
    if callable(path):
        return path
    module, _, name = path.partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return found


@dataclass(frozen=True)
class Exporter:
    """One export format."""

    format: str
    renderer: str | Callable[[Report], Rendered]  # "module:function", or the function itself
    reason: str | Callable[[], str | None] | None = None  # why it can't run here: one line
    suffix: str = ""  # every file it writes ends so; a deferred format writes stem + suffix only
    mime: str = "application/octet-stream"
    deferred: bool = False  # runs an external converter (seconds): the app renders it on click
    export_choice: bool = True  # offered by --export (png is asked for by --screenshot)

    def render(self, report: Report) -> Rendered:
        """The format's files in memory: [(file name suffix, bytes)]."""
        files: Rendered = _target(self.renderer)(report)
        return files

    def unavailable(self) -> str | None:
        """Why this format can't run here (one line), or None."""
        if self.reason is None:
            return None
        why: str | None = _target(self.reason)()
        return why


_HERE = __name__.rsplit(".", 1)[0]
# In this order on the app's download list.
BUILTIN: tuple[Exporter, ...] = (
    Exporter("csv", f"{_HERE}.csv_export:render", suffix=".csv", mime="text/csv"),
    Exporter("json", f"{_HERE}.json_export:render", suffix=".json", mime="application/json"),
    Exporter("markdown", f"{_HERE}.markdown:render", suffix=".md", mime="text/markdown"),
    Exporter("pdf", f"{_HERE}.pdf:render", f"{_HERE}.pdf:unavailable", suffix=".pdf",
             mime="application/pdf", deferred=True),
    Exporter("png", f"{_HERE}.pdf:render_png", f"{_HERE}.pdf:png_unavailable", suffix=".png",
             mime="image/png", deferred=True, export_choice=False),
    Exporter("focus", f"{_HERE}.focus:render", suffix="-focus.csv", mime="text/csv"),
)
EXPORTERS: dict[str, Exporter] = {exporter.format: exporter for exporter in BUILTIN}
_PLUGINS: dict[str, bool] = {"read": False}


def register(exporter: Exporter) -> Exporter:
    """Add (or replace) a format; returns it."""
    EXPORTERS[exporter.format] = exporter
    return exporter


def _read_plugins() -> None:
    """Register the exporters installed packages declare, once per process."""
    if _PLUGINS["read"]:
        return
    _PLUGINS["read"] = True  # first: a plugin that asks for the formats while loading can't loop
    for point in entry_points(group=ENTRY_POINT_GROUP):
        try:
            exporter = point.load()
        except Exception as exc:  # a broken plugin must not stop the built-in formats
            _LOG.warning("export plugin %s could not be loaded: %s", point.value, exc)
            continue
        if isinstance(exporter, Exporter):
            register(exporter)
        else:
            _LOG.warning("export plugin %s is not an Exporter", point.value)


def formats() -> list[str]:
    """Every registered format (plugins included), in download-list order."""
    _read_plugins()
    return list(EXPORTERS)


def export_formats() -> tuple[str, ...]:
    """The formats --export offers."""
    _read_plugins()
    return tuple(name for name, exporter in EXPORTERS.items() if exporter.export_choice)
