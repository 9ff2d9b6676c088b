"""The section builders of each persona, in report order: adding a section to a report is one
builder `(Context) -> Section` and one registration here (or `register`)."""

from __future__ import annotations

from ..report import Report, Section
from . import architect, executive, sre
from .assemble import SectionBuilder, run_sections
from .common import Context

__all__ = ["ACTIVITY_APART", "SECTIONS", "build", "register", "sections_for"]

SECTIONS: dict[str, tuple[SectionBuilder, ...]] = {
    "executive": executive.SECTIONS,
    "architect": architect.SECTIONS,
    "sre": sre.SECTIONS,
}

# Personas whose activity section only adds to the report (no other section reads it), so the
# app can draw the rest before a cold scan ends; the architect's recommendations and dependency
# map read the activity result, so its report waits for the scan.
ACTIVITY_APART = ("executive", "sre")

_REPORTS = {"executive": executive.report, "architect": architect.report, "sre": sre.report}


def register(mode: str, builder: SectionBuilder) -> None:
    """Add a section builder at the end of a persona's report."""
    SECTIONS[mode] = (*SECTIONS[mode], builder)


def sections_for(ctx: Context) -> tuple[Section, ...]:
    """Every registered section of the context's persona, built in order."""
    return run_sections(ctx, SECTIONS[ctx.opts.mode])


def build(ctx: Context) -> Report:
    """The persona's report: its sections, folded, with its title and headline."""
    return _REPORTS[ctx.opts.mode](ctx, sections_for(ctx))
