"""One report builder per persona, registered by mode."""

from __future__ import annotations

from collections.abc import Callable

from ..report import Report
from . import architect, executive, sre
from .common import Context, build_context

__all__ = ["BUILDERS", "Context", "build_context"]

BUILDERS: dict[str, Callable[[Context], Report]] = {
    "executive": executive.build,
    "architect": architect.build,
    "sre": sre.build,
}
