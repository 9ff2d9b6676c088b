"""The runbook library (docs/runbooks/*.md) and which runbook an anomaly's action links to.

Each runbook declares its own matching in a front-matter block at the top of its file:
`services` (comma list; a name matches when equal to or contained in the anomaly's service,
case-insensitive), `usage_types` (comma list of fragments matched against the anomaly's
usage-type root causes), `direction` (spike, drop or any) and `new_series` (yes: only a series
with nothing expected; no/absent: any). A runbook with neither services nor usage types is a
fallback for its direction. The best match scores usage type 3, service 2, new series 4,
exact direction 1; ties go to the file name, so the choice is deterministic.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["RUNBOOK_DIR_ENV", "Runbook", "library", "match", "runbook_dir"]

RUNBOOK_DIR_ENV = "FINOPS_RUNBOOK_DIR"
LINK_PREFIX = "docs/runbooks/"
_SCORE_USAGE, _SCORE_SERVICE, _SCORE_NEW, _SCORE_DIRECTION = 3, 2, 4, 1


@dataclass(frozen=True)
class Runbook:
    """One runbook: where it is, what it matches, and its Markdown body."""

    slug: str
    title: str
    services: tuple[str, ...]
    usage_types: tuple[str, ...]
    direction: str  # spike | drop | any
    new_series: bool
    owner: str
    body: str

    @property
    def link(self) -> str:
        """Repository-relative link to the runbook file."""
        return f"{LINK_PREFIX}{self.slug}.md"

    def score(self, service: str, usage_types: Sequence[str], direction: str,
              is_new: bool) -> int | None:
        """How well this runbook fits an anomaly; None when it does not apply."""
        if self.direction not in ("any", direction) or (self.new_series and not is_new):
            return None
        svc = service.lower()
        by_service = bool(svc) and any(s.lower() == svc or s.lower() in svc for s in self.services)
        by_usage = any(f.lower() in u.lower() for f in self.usage_types for u in usage_types)
        generic = not self.services and not self.usage_types
        if not (by_service or by_usage or generic):
            return None
        return (_SCORE_USAGE * by_usage + _SCORE_SERVICE * by_service + _SCORE_NEW * self.new_series
                + _SCORE_DIRECTION * (self.direction == direction))


def runbook_dir() -> Path:
    """$FINOPS_RUNBOOK_DIR, else docs/runbooks in the project."""
    configured = os.environ.get(RUNBOOK_DIR_ENV)
    return Path(configured) if configured else Path(__file__).resolve().parents[1] / "docs" / \
        "runbooks"


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, text
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return {}, text
    fields = {}
    for line in lines[1:end]:
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields, "\n".join(lines[end + 1:]).strip() + "\n"


def _items(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(",") if p.strip())


def parse(slug: str, text: str) -> Runbook:
    """A runbook from its file's text."""
    fields, body = _front_matter(text)
    return Runbook(slug, fields.get("title", slug), _items(fields.get("services", "")),
                   _items(fields.get("usage_types", "")),
                   fields.get("direction", "any").lower() or "any",
                   fields.get("new_series", "").lower() in ("yes", "true"),
                   fields.get("owner", ""), body)


@lru_cache(maxsize=4)
def _load(folder: str) -> tuple[Runbook, ...]:
    path = Path(folder)
    if not path.is_dir():
        return ()
    return tuple(parse(p.stem, p.read_text(encoding="utf-8")) for p in sorted(path.glob("*.md"))
                 if p.name.lower() != "readme.md")


def library() -> tuple[Runbook, ...]:
    """Every runbook of the library, by file name."""
    return _load(str(runbook_dir()))


def match(record: Mapping[str, object], runbooks: Sequence[Runbook] | None = None) -> Runbook | None:
    """The runbook for an anomaly record (service, direction, is_new, usage_types)."""
    candidates = library() if runbooks is None else runbooks
    usage = [str(u) for u in record.get("usage_types", ()) or ()]  # type: ignore[attr-defined]
    scored = [(score, rb.slug, rb) for rb in candidates
              if (score := rb.score(str(record.get("service", "")), usage,
                                    str(record.get("direction", "")),
                                    bool(record.get("is_new")))) is not None]
    if not scored:
        return None
    return min(scored, key=lambda t: (-t[0], t[1]))[2]
