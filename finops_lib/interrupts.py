"""SIGINT/SIGTERM as an exception the command can clean up after, and a section they wait for.

The command installs `signals_raise()`; a signal then raises `Interrupted` wherever the command
is, so temporary export files are removed by the code that created them. Inside `deferred()`
(placing finished exports and printing "wrote" lines) a signal waits until the section ends,
so the folder holds either every file or none.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["Interrupted", "deferred", "signals_raise"]

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """The command received SIGINT or SIGTERM; `exit_code` is 128 + the signal number."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.exit_code = 128 + signum
        super().__init__(signal.Signals(signum).name)


class _State:
    depth = 0  # open deferred() sections
    pending: int | None = None


def _handler(signum: int, frame: FrameType | None) -> None:
    if _State.depth > 0:
        _State.pending = signum
        return
    raise Interrupted(signum)


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
        if pending is not None:
            if _State.depth:
                _State.pending = pending
            else:
                raise Interrupted(pending)
