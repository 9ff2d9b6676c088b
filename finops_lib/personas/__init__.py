"""One report per persona, folded from the section builders registered for its mode."""

from __future__ import annotations

from collections.abc import Callable

from ..report import Report
from .common import Context, build_context
from .sections import ACTIVITY_APART, SECTIONS, build, register

__all__ = ["ACTIVITY_APART", "BUILDERS", "SECTIONS", "Context", "build_context", "register"]

BUILDERS: dict[str, Callable[[Context], Report]] = {mode: build for mode in SECTIONS}
