"""On-disk cache of AWS responses, so a re-run within the TTL costs no Cost Explorer request.

One JSON file per request, named by the sha256 of (operation, parameters, profile, caller
account). Writes are atomic (temporary file, then `os.replace`); an unreadable or corrupt file,
or one stamped in the future, is treated as a miss, never as an error. Callers store only
replies they have checked (see `ce_replies`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CACHE_DIR_ENV", "DEFAULT_TTL_SECONDS", "ResponseCache", "cache_key",
           "default_cache_dir"]

CACHE_DIR_ENV = "FINOPS_CACHE_DIR"
DEFAULT_TTL_SECONDS = 6 * 3600.0
FUTURE_SKEW_SECONDS = 300.0  # entries stamped later than this ahead of now are ignored
_FORMAT = 1  # bump when the stored layout changes, so old files are misses


def default_cache_dir() -> Path:
    """$FINOPS_CACHE_DIR, else ~/.cache/finops-dashboard."""
    configured = os.environ.get(CACHE_DIR_ENV)
    return Path(configured) if configured else Path.home() / ".cache" / "finops-dashboard"


def cache_key(operation: str, params: Mapping[str, Any], profile: str | None,
              account: str) -> str:
    """sha256 over the canonical JSON of the request and who made it."""
    blob = json.dumps(
        {"v": _FORMAT, "op": operation, "params": params, "profile": profile or "",
         "account": account},
        sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


@dataclass
class ResponseCache:
    """Responses stored as JSON files; `read=False` (--no-cache) skips lookups but still stores."""

    directory: Path = field(default_factory=default_cache_dir)
    ttl_seconds: float = DEFAULT_TTL_SECONDS
    read: bool = True
    clock: Callable[[], float] = time.time
    hits: int = 0
    misses: int = 0

    def path_for(self, key: str) -> Path:
        """Where the response for `key` lives."""
        return self.directory / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored response for `key` if fresh and readable, else None."""
        if not self.read:
            return None
        entry = self._load(self.path_for(key))
        age = self.clock() - entry["stored_at"] if entry is not None else None
        # an entry from the future (clock skew, a planted file) would otherwise never expire
        if entry is None or age is None or not -FUTURE_SKEW_SECONDS <= age <= self.ttl_seconds:
            self.misses += 1
            return None
        self.hits += 1
        response: dict[str, Any] = entry["response"]
        return response

    def put(self, key: str, response: Mapping[str, Any]) -> None:
        """Store `response` atomically; a read-only or full disk only loses the cache."""
        entry = {"format": _FORMAT, "stored_at": self.clock(), "response": dict(response)}
        with contextlib.suppress(OSError):
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(entry, handle, default=str)
                os.replace(tmp, self.path_for(key))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise

    @staticmethod
    def _load(path: Path) -> dict[str, Any] | None:
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        valid = (isinstance(entry, dict) and entry.get("format") == _FORMAT
                 and isinstance(entry.get("stored_at"), (int, float))
                 and isinstance(entry.get("response"), dict))
        return entry if valid else None
