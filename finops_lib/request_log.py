"""The one log of remote calls a run makes: what was asked, how many billed pages, how long.

Cost Explorer bills every request (page) and Athena every query, so the report says how many
were made. One `RequestLog` is created per run (`personas.build_context`), handed to the source
and to every section builder; the report's `api_requests` figure is read from it. Chunks are
fetched from several threads (`sources/ce_fetch.py`), so every change happens under a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from typing import Any

__all__ = ["Call", "RequestLog"]


@dataclass(frozen=True)
class Call:
    """One remote call (or one line of the log when `service` is empty and nothing is billed)."""

    service: str  # ce, athena, duckdb, organizations… ("" for a free-form note)
    operation: str  # GetCostAndUsage… ("" when the service says it all)
    what: str = ""  # the request in words: period, page, query
    pages: int = 1  # billed requests this call made (one per page)
    seconds: float | None = None
    cached: bool = False  # answered from the local cache: nothing billed
    free: bool = False  # not billed (STS, Organizations, describe calls, DuckDB)
    number: int | None = None  # its place among the log's billed requests, when numbered

    @property
    def billed(self) -> int:
        """Billed requests: its pages unless cached or free."""
        return 0 if self.cached or self.free else self.pages

    @property
    def line(self) -> str:
        """The call as one line of the request log."""
        if not self.service:
            return self.what
        head = f"{self.service}:{self.operation}"
        number = f" #{self.number}" if self.number is not None else ""
        what = f" {self.what}" if self.what else ""
        timed = f": {self.seconds:.2f} s" if self.seconds is not None else ""
        return head + number + what + timed

    @classmethod
    def billed_line(cls, line: str) -> Call:
        """One billed request from its log line 'service:Operation [#n] what' (the lines of
        a log kept apart, e.g. the anomaly report's)."""
        operation, _, rest = line.partition(" ")
        service, _, name = operation.partition(":")
        head, _, tail = rest.partition(" ")
        if head.startswith("#") and head[1:].isdigit():
            return cls(service, name, tail, number=int(head[1:]))
        return cls(service, name, rest)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form, with its log line."""
        return {**asdict(self), "line": self.line}


class RequestLog:
    """Every remote call of one run, in order (thread-safe)."""

    def __init__(self, calls: Iterable[Call] = ()) -> None:
        self._lock = threading.Lock()
        self._calls: list[Call] = list(calls)

    def record(self, service: str, operation: str, what: str = "", *, pages: int = 1,
               seconds: float | None = None, cached: bool = False, free: bool = False,
               numbered: bool = False) -> Call:
        """Log one call; `numbered` gives it its place among the billed requests (#n)."""
        call = Call(service, operation, what, pages, seconds, cached, free)
        with self._lock:
            if numbered:
                call = replace(call, number=self._billed() + call.billed)
            self._calls.append(call)
        return call

    def note(self, text: str) -> None:
        """A line of the log that is not a request (a summary, a free describe pass)."""
        self.record("", "", text, pages=0, free=True)

    def add(self, operation: str, detail: str) -> None:
        """Log one billed request named 'service:Operation', numbered in this log."""
        service, _, name = operation.partition(":")
        self.record(service, name, detail, numbered=True)

    def extend(self, calls: Iterable[Call]) -> None:
        """Append calls logged elsewhere (a builder's own log), keeping their numbers."""
        calls = list(calls)
        with self._lock:
            self._calls.extend(calls)

    def _billed(self) -> int:
        return sum(c.billed for c in self._calls)

    @property
    def calls(self) -> tuple[Call, ...]:
        """Every call so far, in order."""
        with self._lock:
            return tuple(self._calls)

    @property
    def count(self) -> int:
        """Billed requests (pages) so far: the figure every surface prints."""
        with self._lock:
            return self._billed()

    @property
    def requests(self) -> int:
        """Billed calls so far (a paged call counts once)."""
        return sum(1 for c in self.calls if c.billed)

    @property
    def seconds(self) -> float:
        """Time spent waiting on timed calls."""
        return round(sum(c.seconds or 0.0 for c in self.calls), 3)

    @property
    def lines(self) -> list[str]:
        """The log as text, one line per call."""
        return [c.line for c in self.calls]

    def __iter__(self) -> Iterator[Call]:
        return iter(self.calls)

    def __len__(self) -> int:
        return len(self.calls)

    def summary(self) -> dict[str, Any]:
        """{"requests", "pages", "seconds", "calls"}: the JSON export's `api_requests`."""
        calls = self.calls
        return {"requests": sum(1 for c in calls if c.billed),
                "pages": sum(c.billed for c in calls),
                "seconds": round(sum(c.seconds or 0.0 for c in calls), 3),
                "calls": [c.to_dict() for c in calls]}
