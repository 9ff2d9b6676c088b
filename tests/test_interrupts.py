"""Signals and the deadline: a signal raises Interrupted at once, waits for the end of a
deferred section, and the deadline names the step the command was waiting for."""

from __future__ import annotations

import os
import signal
import time

import pytest

from finops_lib.interrupts import Interrupted, TimedOut, deferred, doing, signals_raise, time_limit

WAIT_SECONDS = 5.0  # far longer than any signal or deadline below takes to arrive


def test_a_signal_raises_interrupted_with_the_shell_exit_code() -> None:
    with signals_raise(), pytest.raises(Interrupted) as caught:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(WAIT_SECONDS)
    assert caught.value.exit_code == 128 + signal.SIGTERM


def test_a_signal_inside_deferred_waits_for_the_section_to_end() -> None:
    finished = False
    with signals_raise(), pytest.raises(Interrupted), deferred():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        finished = True
    assert finished


def test_the_deadline_names_the_step_in_progress() -> None:
    started = time.monotonic()
    with (pytest.raises(TimedOut, match="while reading the bill") as caught,
          time_limit(0.1), doing("reading the bill")):
        time.sleep(WAIT_SECONDS)
    assert caught.value.step == "reading the bill"
    assert time.monotonic() - started < WAIT_SECONDS


def test_handlers_and_timer_are_restored_afterwards() -> None:
    before = signal.getsignal(signal.SIGINT)
    with signals_raise(), time_limit(10.0):
        assert signal.getsignal(signal.SIGINT) is not before
    assert signal.getsignal(signal.SIGINT) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
