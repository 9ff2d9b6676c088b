"""The server-side trust boundary of the app: what a link or widget may not decide.

The operator lists the folders the app may read in `FINOPS_DATA_DIRS` (os.pathsep-separated) and
sets the Athena settings in `FINOPS_ATHENA_*` variables; a link can only choose among what the
operator allowed. The command line is not subject to this: its user is the operator.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import OptionError

__all__ = ["ATHENA_ENV", "DATA_DIRS_ENV", "SERVER_ONLY", "allowed_roots", "check_data_path",
           "server_settings"]

DATA_DIRS_ENV = "FINOPS_DATA_DIRS"
# Athena option -> the server environment variable that sets it in the app.
ATHENA_ENV: dict[str, str] = {
    "athena_database": "FINOPS_ATHENA_DATABASE",
    "athena_table": "FINOPS_ATHENA_TABLE",
    "athena_workgroup": "FINOPS_ATHENA_WORKGROUP",
    "athena_output": "FINOPS_ATHENA_OUTPUT",
}
SERVER_ONLY = frozenset(ATHENA_ENV)
_GLOB_CHARS = frozenset("*?[")


def server_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The options only the server sets (Athena), from its environment; unset ones omitted."""
    env = os.environ if environ is None else environ
    return {name: env[var] for name, var in ATHENA_ENV.items() if env.get(var, "").strip()}


def allowed_roots(environ: Mapping[str, str] | None = None) -> tuple[Path, ...]:
    """The folders the app may read files from, resolved (empty: no local files at all)."""
    env = os.environ if environ is None else environ
    parts = [p.strip() for p in env.get(DATA_DIRS_ENV, "").split(os.pathsep) if p.strip()]
    return tuple(Path(p).expanduser().resolve() for p in parts)


def _inside(path: Path, roots: tuple[Path, ...]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def _candidate(text: str, roots: tuple[Path, ...]) -> Path:
    """The absolute spelling of the link's path: as given, or under the first root where it
    exists (or matches, for a glob) when relative."""
    given = Path(text).expanduser()
    if given.is_absolute():
        return given
    for root in roots:
        if (root / given).exists() or glob.glob(str(root / given), recursive=True):
            return root / given
    return roots[0] / given


def _targets(candidate: Path) -> list[Path]:
    """Everything reading `candidate` would open, resolved (symlinks followed): the path, every
    file a glob matches, every file under a folder."""
    text = str(candidate)
    if _GLOB_CHARS & set(text):
        return [Path(m).resolve() for m in glob.glob(text, recursive=True)] or [
            Path(re.split(r"[*?\[]", text)[0] or "/").resolve()]
    if candidate.is_dir():
        return [candidate.resolve(), *(p.resolve() for p in candidate.rglob("*"))]
    return [candidate.resolve()]


def check_data_path(path: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The path the app may read for a link's `path`, made absolute, or OptionError naming the
    allowed roots (never the server's other paths)."""
    if not path:
        return path
    roots = allowed_roots(environ)
    if not roots:
        raise OptionError("--path: this server offers no local files",
                          fix=f"the operator lists readable folders in {DATA_DIRS_ENV}")
    if ".." in Path(path).parts:
        raise _outside(roots)
    candidate = _candidate(path, roots)
    if not all(_inside(t, roots) for t in _targets(candidate)):
        raise _outside(roots)
    return str(candidate if _GLOB_CHARS & set(path) else candidate.resolve())


def _outside(roots: tuple[Path, ...]) -> OptionError:
    names = ", ".join(str(r) for r in roots)
    return OptionError("--path: only files under the folders this server allows can be read",
                       fix=f"use a path inside {names}")
