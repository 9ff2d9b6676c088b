"""On-disk cache of activity snapshots, with its own TTL (hours: inventories change slowly).

An activity scan lists every resource of every enabled region of every account and reads its
metrics: seconds to minutes of API calls. Its snapshot (resources, metrics, notices) is stored
as tagged JSON — never pickle, so a file in the cache directory cannot run code — keyed by who
asks and what is scanned (profile, accounts and roles, regions, resource types, signal
parameters, the day it ends), not by persona: the executive, architect and SRE reports of one
scope share one scan. `read=False` (--no-cache) scans again and stores the result; an
unreadable file is a miss. TTL: `DEFAULT_TTL_HOURS`, or $FINOPS_ACTIVITY_TTL_HOURS.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..sources.cache import ResponseCache, cache_key, default_cache_dir
from .model import Resource, Snapshot

__all__ = ["DEFAULT_TTL_HOURS", "TTL_ENV", "cached_snapshot", "decode", "encode", "is_stored"]

DEFAULT_TTL_HOURS = 6.0
TTL_ENV = "FINOPS_ACTIVITY_TTL_HOURS"


def encode(value: Any) -> Any:
    """JSON-able form keeping datetimes, dates and tuples apart from strings and lists."""
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return {"$tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    return value


def decode(value: Any) -> Any:
    """The inverse of `encode`."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"$datetime"}:
            return datetime.fromisoformat(value["$datetime"])
        if set(value) == {"$date"}:
            return date.fromisoformat(value["$date"])
        if set(value) == {"$tuple"}:
            return tuple(decode(v) for v in value["$tuple"])
        return {k: decode(v) for k, v in value.items()}
    return value


def _to_json(snapshot: Snapshot) -> dict[str, Any]:
    resources = [{f.name: encode(getattr(r, f.name)) for f in fields(Resource)}
                 for r in snapshot.resources]
    return {"resources": resources, "notices": list(snapshot.notices),
            "unreached": dict(snapshot.unreached)}


def _from_json(data: Mapping[str, Any]) -> Snapshot:
    resources = tuple(Resource(**{k: decode(v) for k, v in item.items()})
                      for item in data["resources"])
    return Snapshot(resources, tuple(data["notices"]), {}, dict(data["unreached"]))


def _ttl_seconds() -> float:
    with contextlib.suppress(ValueError):
        return float(os.environ.get(TTL_ENV, DEFAULT_TTL_HOURS)) * 3600
    return DEFAULT_TTL_HOURS * 3600


def _cache(directory: Path | None, read: bool, clock: Callable[[], float]) -> ResponseCache:
    return ResponseCache(directory or default_cache_dir() / "activity", ttl_seconds=_ttl_seconds(),
                         read=read, clock=clock)


def _key(what: Mapping[str, Any], profile: str | None) -> str:
    return cache_key("activity:snapshot", dict(what), profile, str(what.get("caller", "")))


def is_stored(what: Mapping[str, Any], profile: str | None, *, directory: Path | None = None,
              clock: Callable[[], float] = time.time) -> bool:
    """True when a fresh, readable snapshot for `what` is stored (no scan is needed)."""
    stored = _cache(directory, True, clock).get(_key(what, profile))
    return stored is not None and "snapshot" in stored


def cached_snapshot(what: Mapping[str, Any], profile: str | None, scan: Callable[[], Snapshot],
                    *, read: bool = True, directory: Path | None = None,
                    clock: Callable[[], float] = time.time) -> Snapshot:
    """The stored snapshot for `what` when fresh, else `scan()` (stored for the next run)."""
    cache = _cache(directory, read, clock)
    key = _key(what, profile)
    stored = cache.get(key)
    if stored is not None:
        with contextlib.suppress(KeyError, TypeError, ValueError):
            snapshot = _from_json(stored["snapshot"])
            age = (clock() - float(stored["scanned_at"])) / 3600
            note = (f"Activity from the scan of {age:.1f} h ago (cached for "
                    f"{_ttl_seconds() / 3600:g} h; --no-cache scans again).")
            return Snapshot(snapshot.resources, (*snapshot.notices, note), {},
                            snapshot.unreached)
    snapshot = scan()
    with contextlib.suppress(TypeError, ValueError):
        json.dumps(_to_json(snapshot))  # only what round-trips is stored
        cache.put(key, {"snapshot": _to_json(snapshot), "scanned_at": clock()})
    return snapshot
