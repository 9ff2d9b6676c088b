"""The client-side request rate for Cost Explorer: one adaptive token bucket per process.

AWS publishes no request rate for the Cost Explorer API (the API reference and the Cost
Management quotas page list none); it throttles with LimitExceededException or
ThrottlingException. So the bucket starts from an assumed rate (`REQUESTS_PER_SECOND` sustained,
bursts of `BURST`: enough for a cold 6-account read's ~25 pages to go out in a second) and
*adapts*: every throttled reply halves the rate (down to `MIN_REQUESTS_PER_SECOND`) and empties
the bucket, and every answered request wins back `RECOVER_PER_SUCCESS` of the assumed rate.
botocore's adaptive retry mode still retries the throttled call itself; this bucket keeps the
concurrent chunks of one run (and of every run in the process) from tripping it again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["BURST", "LIMITER", "MIN_REQUESTS_PER_SECOND", "REQUESTS_PER_SECOND", "RateLimiter",
           "limit_rate"]

REQUESTS_PER_SECOND = 10.0  # assumed: AWS publishes no Cost Explorer rate (module docstring)
BURST = 20
MIN_REQUESTS_PER_SECOND = 1.0
RECOVER_PER_SUCCESS = 0.05  # of the assumed rate: ~20 answered requests undo one halving
THROTTLE_CODES = frozenset({"LimitExceededException", "ThrottlingException", "Throttling",
                            "TooManyRequestsException", "RequestLimitExceeded"})
LIMITER_ID = "finops-ce-rate-limit"
OPERATIONS = ("GetCostAndUsage", "GetDimensionValues")


@dataclass
class RateLimiter:
    """A token bucket shared by threads: `burst` requests at once, then `per_second`, which
    halves on each throttled reply and recovers as requests are answered."""

    per_second: float = REQUESTS_PER_SECOND
    burst: int = BURST
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    waited_seconds: float = 0.0
    calls: int = 0
    throttles: int = 0
    rate: float = field(default=0.0, init=False)  # the current rate (≤ per_second)
    _tokens: float | None = field(default=None, init=False)
    _last: float = field(default=0.0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.rate = self.per_second

    def acquire(self) -> None:
        """Block until a token is free (a negative balance queues the callers in order)."""
        with self._lock:
            now = self.clock()
            tokens = float(self.burst) if self._tokens is None else self._tokens
            tokens = min(float(self.burst), tokens + (now - self._last) * self.rate)
            self._tokens, self._last = tokens - 1.0, now
            wait = max(0.0, (1.0 - tokens) / self.rate)
            self.waited_seconds += wait
            self.calls += 1
        if wait > 0:
            self.sleep(wait)

    def throttled(self) -> None:
        """Cost Explorer refused a request for its rate: halve ours and spend the burst."""
        with self._lock:
            self.throttles += 1
            self.rate = max(MIN_REQUESTS_PER_SECOND, self.rate / 2.0)
            self._tokens = min(self._tokens or 0.0, 0.0)

    def answered(self) -> None:
        """A request was answered: win back a little of the assumed rate."""
        with self._lock:
            self.rate = min(self.per_second, self.rate + RECOVER_PER_SUCCESS * self.per_second)

    def hook(self, **_: Any) -> None:
        """botocore `before-call` handler: every call takes a slot."""
        self.acquire()

    def observe(self, response: Any = None, **_: Any) -> None:
        """botocore `needs-retry` handler (each attempt): adapt to the reply; decide nothing."""
        if not isinstance(response, tuple) or len(response) != 2:
            return  # a connection error: not a rate signal
        code = (response[1] or {}).get("Error", {}).get("Code", "")
        if code in THROTTLE_CODES:
            self.throttled()
        elif not code:
            self.answered()


LIMITER = RateLimiter()  # one per process: every Cost Explorer client shares the account's rate


def limit_rate(client: Any, limiter: RateLimiter = LIMITER) -> None:
    """Make every paid Cost Explorer call of `client` (pages included) wait for the limiter,
    and let every attempt's reply adapt it."""
    events = client.meta.events
    for operation in OPERATIONS:
        events.register(f"before-call.cost-explorer.{operation}", limiter.hook,
                        unique_id=f"{LIMITER_ID}-{operation}")
        # first: botocore's retry handler answers the event and would stop the chain
        events.register_first(f"needs-retry.cost-explorer.{operation}", limiter.observe,
                              unique_id=f"{LIMITER_ID}-seen-{operation}")
