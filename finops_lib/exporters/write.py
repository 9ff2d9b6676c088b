"""Rendering and writing exports. Writing is all-or-nothing: every file is rendered in memory
first, written to a temporary name in the output folder, and only given its final name (never
replacing another file) when all of them succeeded.
"""

from __future__ import annotations

import errno
import os
import secrets
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ExportError
from ..formatting import money_in
from ..interrupts import deferred
from .registry import EXPORTERS, Rendered
from .registry import formats as registered

if TYPE_CHECKING:  # report imports options, which reads the registry: no import cycle
    from ..report import Report

__all__ = ["check_exports", "render", "write_exports"]

MAX_NAME_ATTEMPTS = 20
_NO_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV})


def check_exports(formats: Iterable[str], output_dir: str | Path | None) -> None:
    """Fail before any work when a format is unavailable or the folder is unwritable."""
    known = set(registered())  # plugins included
    for fmt in formats:
        if fmt not in known:
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


def _temp_file(folder: Path, data: bytes, mode: int, temps: list[Path]) -> None:
    """Write `data` to a new temporary file, registered in `temps` from its creation."""
    with deferred():  # a signal between creating and registering would orphan the file
        fd, name = tempfile.mkstemp(dir=folder, prefix=".finops-", suffix=".part")
        temps.append(Path(name))
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(name, mode)  # mkstemp makes 0600; exports are ordinary files


def _claim(tmp: Path, final: Path) -> None:
    """Give `tmp` the name `final`, never replacing an existing file (FileExistsError)."""
    try:
        os.link(tmp, final)
    except FileExistsError:
        raise
    except OSError as exc:  # a file system without hard links: reserve the name, then fill it
        if exc.errno not in _NO_LINKS:
            raise
        os.close(os.open(final, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.replace(tmp, final)


def _place(folder: Path, stem: str, names: list[str], temps: list[Path]) -> list[Path]:
    """Give every temporary file its final name; a name taken by another run (same report,
    same second) makes the whole set take a unique suffix instead of overwriting."""
    for attempt in range(MAX_NAME_ATTEMPTS):
        unique = stem if attempt == 0 else f"{stem}-{secrets.token_hex(3)}"
        finals = [folder / (unique + name.removeprefix(stem)) for name in names]
        placed: list[Path] = []
        try:
            for tmp, final in zip(temps, finals, strict=True):
                _claim(tmp, final)
                placed.append(final)
            return finals
        except FileExistsError:
            for path in placed:
                path.unlink(missing_ok=True)
        except BaseException:
            for path in placed:
                path.unlink(missing_ok=True)
            raise
    raise ExportError(f"could not find a free file name for {stem} in {folder}")


def write_exports(report: Report, formats: Iterable[str], output_dir: str | Path) -> list[Path]:
    """Write every format all-or-nothing; return the final paths. Temporary files are removed
    whatever happens (error, full disk, SIGINT/SIGTERM), and existing files are never replaced."""
    folder = Path(output_dir)
    formats = list(formats)
    mode = 0o666 & ~_umask()
    check_exports(formats, folder)
    files = [item for fmt in formats for item in render(report, fmt)]
    temps: list[Path] = []
    try:
        for _, data in files:
            _temp_file(folder, data, mode, temps)
        with deferred():
            return _place(folder, report.file_stem, [name for name, _ in files], temps)
    except OSError as exc:
        raise ExportError(f"could not write exports to {folder}: {exc.strerror or exc}",
                          fix="nothing was written; free some space or choose another "
                              "--output-dir") from None
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
