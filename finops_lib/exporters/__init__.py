"""Export formats, one module each, found through a registry keyed by format.

Built-in formats register themselves with `@register` exactly as a plugin would. Writing is
all-or-nothing: every file is rendered in memory first, written to a temporary name in the
output folder, and only renamed into place when all of them succeeded.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ExportError
from ..formatting import money_in
from ..report import Report

__all__ = ["EXPORTERS", "Exporter", "check_exports", "register", "render", "write_exports"]

Rendered = list[tuple[str, bytes]]  # (file name suffix, content)


@dataclass(frozen=True)
class Exporter:
    """One export format."""

    format: str
    render: Callable[[Report], Rendered]
    unavailable: Callable[[], str | None] = lambda: None  # a one-line reason, or None


EXPORTERS: dict[str, Exporter] = {}
_BUILTIN = ("csv_export", "json_export", "markdown", "pdf", "focus_format")


def register(fmt: str, unavailable: Callable[[], str | None] | None = None
             ) -> Callable[[Callable[[Report], Rendered]], Callable[[Report], Rendered]]:
    """Decorator: register `render(report) -> [(suffix, bytes)]` for a format."""
    def decorate(func: Callable[[Report], Rendered]) -> Callable[[Report], Rendered]:
        EXPORTERS[fmt] = Exporter(fmt, func, unavailable or (lambda: None))
        return func
    return decorate


def _load() -> None:
    for name in _BUILTIN:
        importlib.import_module(f"{__name__}.{name}")


def check_exports(formats: Iterable[str], output_dir: str | Path | None) -> None:
    """Fail before any work when a format is unavailable or the folder is unwritable."""
    _load()
    for fmt in formats:
        if fmt not in EXPORTERS:
            raise ExportError(f"export format {fmt!r} is not available")
        reason = EXPORTERS[fmt].unavailable()
        if reason:
            raise ExportError(reason)
    if output_dir is not None and formats:
        _writable(Path(output_dir))


def _writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".finops-probe-"):
            pass
    except OSError as exc:
        raise ExportError(f"cannot write to --output-dir {folder}: {exc.strerror or exc}",
                          fix="choose a folder you can write to") from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def render(report: Report, fmt: str) -> Rendered:
    """Render one format in memory: [(file name, bytes)]."""
    check_exports([fmt], None)
    with money_in(report.currency):
        rendered = EXPORTERS[fmt].render(report)
    return [(report.file_stem + suffix, data) for suffix, data in rendered]


def write_exports(report: Report, formats: Iterable[str], output_dir: str | Path) -> list[Path]:
    """Write every format atomically; return the final paths (nothing is left on failure)."""
    folder = Path(output_dir)
    formats = list(formats)
    mode = 0o666 & ~_umask()
    check_exports(formats, folder)
    files = [item for fmt in formats for item in render(report, fmt)]
    temps: list[tuple[str, Path]] = []
    placed: list[Path] = []
    try:
        for name, data in files:
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".finops-", suffix=".part")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, mode)  # mkstemp makes 0600; exports are ordinary files
            temps.append((tmp, folder / name))
        for tmp, final in temps:
            os.replace(tmp, final)
            placed.append(final)
    except OSError as exc:
        for path in [Path(t) for t, _ in temps] + placed:
            path.unlink(missing_ok=True)
        raise ExportError(f"could not write exports to {folder}: {exc.strerror or exc}") from None
    return [final for _, final in temps]
