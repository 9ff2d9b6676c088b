"""Stable anomaly ids: the same series and start day give the same id on every run and host."""

from __future__ import annotations

import hashlib
import re
from datetime import date

from ..errors import OptionError

__all__ = ["ID_LENGTH", "anomaly_id", "check_id"]

ID_LENGTH = 10
_ID_RE = re.compile(rf"^[0-9a-f]{{{ID_LENGTH}}}$")


def anomaly_id(dimension: str, series_key: str, start: date | str) -> str:
    """Short hex id from the series (level and key) and the first anomalous day."""
    day = start.isoformat() if isinstance(start, date) else str(start)
    digest = hashlib.sha256(f"{dimension}\x1f{series_key}\x1f{day}".encode()).hexdigest()
    return digest[:ID_LENGTH]


def check_id(text: str) -> str:
    """The id, normalised, or OptionError saying what an id looks like."""
    value = text.strip().lower()
    if not _ID_RE.match(value):
        raise OptionError(f"{text!r} is not an anomaly id (expected {ID_LENGTH} hex characters)",
                          fix="run `python -m finops_lib anomalies list` to see the ids")
    return value
