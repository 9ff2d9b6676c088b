"""SIGINT/SIGTERM as an exception the command can clean up after, a section they wait for, and
the command's overall deadline.

The command installs `signals_raise()`; a signal then raises `Interrupted` wherever the command
is, so temporary export files are removed by the code that created them. Inside `deferred()`
(placing finished exports and printing "wrote" lines) a signal waits until the section ends,
so the folder holds either every file or none. `time_limit(seconds)` raises `TimedOut` naming
the step in progress (set with `doing()`) when the deadline passes: a slow endpoint can never
hang the command, whatever its retries and timeouts.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["Interrupted", "TimedOut", "deferred", "doing", "signals_raise", "time_limit"]

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """The command received SIGINT or SIGTERM; `exit_code` is 128 + the signal number."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.exit_code = 128 + signum
        super().__init__(signal.Signals(signum).name)


class TimedOut(BaseException):
    """The command's --timeout passed; `step` says what it was waiting for."""

    def __init__(self, seconds: float, step: str) -> None:
        self.seconds = seconds
        self.step = step
        super().__init__(f"timed out after {seconds:g} s while {step}")


class _State:
    depth = 0  # open deferred() sections
    pending: int | None = None
    step = "building the report"
    limit = 0.0


def _handler(signum: int, frame: FrameType | None) -> None:
    if _State.depth > 0:
        _State.pending = signum
        return
    if signum == signal.SIGALRM:
        raise TimedOut(_State.limit, _State.step)
    raise Interrupted(signum)


@contextmanager
def doing(step: str) -> Iterator[None]:
    """Name what the command is waiting for, for the deadline's message."""
    previous, _State.step = _State.step, step
    try:
        yield
    finally:
        _State.step = previous


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """While active (main thread only), raise TimedOut once `seconds` have passed."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _handler)
    _State.limit = seconds
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def signals_raise() -> Iterator[None]:
    """While active (main thread only), SIGINT and SIGTERM raise Interrupted."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _handler) for sig in _SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def deferred() -> Iterator[None]:
    """Signals arriving inside wait for its end, then raise Interrupted (sections nest)."""
    _State.depth += 1
    try:
        yield
    finally:
        _State.depth -= 1
        pending, _State.pending = _State.pending, None
        if pending == signal.SIGALRM and not _State.depth:
            pending = None  # the work the deadline guarded is done: nothing to undo
        if pending is not None:
            if _State.depth:
                _State.pending = pending
            else:
                raise Interrupted(pending)
