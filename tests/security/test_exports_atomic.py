"""Exports are all-or-nothing: full disks, signals at random points and concurrent runs into
one folder leave either nothing or complete report sets, and every "wrote" line is true.

Signal and concurrency cases run the real command in forked processes (the library is already
imported, so each run costs its work, not an interpreter start): real signals, real exit codes.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest

from finops_lib.dashboard import build_report
from finops_lib.errors import ExportError
from finops_lib.exporters import write_exports
from finops_lib.options import resolve

from .hostile import AS_OF, assert_empty_or_complete, one_line_failure, run_cli

FORMATS = "csv,json,markdown,focus"
KILL_TRIES = 20


def _fork_cli(argv: list[str], log: Path) -> int:
    """Run main(argv) in a forked child with stdout/stderr in `log`; return its pid."""
    from finops_lib.cli import main

    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        code = 1
        try:
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            # pytest's capture objects would swallow the child's lines: write to the log
            sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115
            code = main(argv)
        except KeyboardInterrupt:
            # SIGINT before main() runs: end as the interpreter does (killed by SIGINT)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
        finally:
            sys.stdout.flush()
            os._exit(code)
    return pid


def _status(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _args(out: Path, as_of: str = AS_OF, mode: str = "architect") -> list[str]:
    return ["dashboard", "--mode", mode, "--as-of", as_of, "--no-activity-analysis",
            "--timeframe", "weekly", "--export", FORMATS, "--output-dir", str(out)]


@pytest.fixture(scope="module")
def run_seconds(tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long one uninterrupted (warm) run takes here: the kill window."""
    out = tmp_path_factory.mktemp("timing")
    assert _status(_fork_cli(_args(out / "warm"), out / "warm.log")) == 0
    started = time.monotonic()
    assert _status(_fork_cli(_args(out / "o"), out / "log")) == 0
    return time.monotonic() - started


def test_signals_at_random_points_leave_an_empty_or_complete_folder(
        tmp_path: Path, run_seconds: float) -> None:
    rng = random.Random(11)
    outcomes: dict[int, int] = {}
    complete = 0
    for attempt in range(KILL_TRIES):
        out, log = tmp_path / f"o{attempt}", tmp_path / f"log{attempt}"
        sig = signal.SIGTERM if attempt % 2 else signal.SIGINT
        pid = _fork_cli(_args(out), log)
        # half the signals anywhere in the run, half near its end, where files are written
        low, high = (0.0, 1.0) if attempt < KILL_TRIES // 2 else (0.6, 1.6)
        time.sleep(run_seconds * rng.uniform(low, high))
        os.kill(pid, sig)
        code = _status(pid)
        outcomes[code] = outcomes.get(code, 0) + 1
        sets = assert_empty_or_complete(out)
        complete += sets
        text = log.read_text()
        assert "Traceback" not in text
        wrote = [line.split(" ", 1)[1] for line in text.splitlines() if line.startswith("wrote ")]
        assert all(Path(p).is_file() for p in wrote)
        if code in (130, 143):
            assert code == 128 + sig
            assert ("finops: interrupted: nothing written" in text) == (sets == 0), text[-500:]
        else:
            assert code in (0, -sig), (code, text[-500:])
    assert sum(outcomes.values()) == KILL_TRIES
    print(f"exit statuses over {KILL_TRIES} signals: {dict(sorted(outcomes.items()))}; "
          f"{complete} folders complete, {KILL_TRIES - complete} empty "
          f"(run {run_seconds:.2f} s)")


def test_ctrl_c_at_the_very_start_is_an_interruption_not_a_failure(tmp_path: Path) -> None:
    codes = []
    for attempt in range(6):
        out, log = tmp_path / f"o{attempt}", tmp_path / f"log{attempt}"
        pid = _fork_cli(_args(out), log)
        time.sleep((attempt + 1) * 0.002)  # in the parser and option set-up, before any work
        os.kill(pid, signal.SIGINT)
        codes.append(_status(pid))
        # a signal landing inside os.fork() itself is dropped by CPython: that run completes
        sets = assert_empty_or_complete(out)
        text = log.read_text() if log.exists() else ""
        assert "Traceback" not in text
        assert codes[-1] in (0, 130, -signal.SIGINT), (codes[-1], text)
        assert (sets == 1) == (codes[-1] == 0)
        assert codes[-1] != 130 or "finops: interrupted: nothing written" in text
    assert 130 in codes  # main() caught at least one: parsing is inside its handler
    print(f"exit statuses for Ctrl-C at the start: {codes}")


@pytest.mark.parametrize("same_as_of", [False, True], ids=["as-of-differs", "same-report"])
def test_four_concurrent_exports_into_one_folder_all_survive(tmp_path: Path,
                                                             same_as_of: bool) -> None:
    out = tmp_path / "shared"
    days = ["2026-11-26"] * 4 if same_as_of else ["2026-11-23", "2026-11-24", "2026-11-25",
                                                     "2026-11-26"]
    pids = [_fork_cli(_args(out, day), tmp_path / f"log{i}") for i, day in enumerate(days)]
    assert [_status(pid) for pid in pids] == [0, 0, 0, 0]
    wrote = [line.split(" ", 1)[1] for i in range(4)
             for line in (tmp_path / f"log{i}").read_text().splitlines()
             if line.startswith("wrote ")]
    assert len(wrote) == len(set(wrote)) and all(Path(p).is_file() for p in wrote)
    assert sorted(Path(p).name for p in wrote) == sorted(p.name for p in out.iterdir())
    assert assert_empty_or_complete(out) == 4
    assert len([p for p in wrote if p.endswith(".json")]) == 4


class _FullDisk:
    """A file object whose disk fills after `room` bytes: a partial write, then ENOSPC."""

    def __init__(self, real, room: int) -> None:
        self.real, self.room = real, room

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.real.close()

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            self.real.write(data[:self.room])
            self.real.flush()
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.real.write(data)


@pytest.mark.parametrize("room", [0, 1, 45_000])
def test_a_full_disk_removes_every_temporary_file(tmp_path: Path, monkeypatch,
                                                  room: int) -> None:
    report = build_report(resolve("architect", {"as_of": AS_OF, "activity_analysis": False}))
    real_fdopen = os.fdopen

    def filling(fd: int, mode: str = "r", *args, **kwargs):
        return _FullDisk(real_fdopen(fd, mode, *args, **kwargs), room)

    monkeypatch.setattr(os, "fdopen", filling)
    with pytest.raises(ExportError, match="No space left on device") as info:
        write_exports(report, ["csv", "json", "focus"], tmp_path)
    assert "nothing was written" in info.value.one_line()
    assert list(tmp_path.iterdir()) == []


def test_the_command_on_a_full_disk_is_one_line_and_an_empty_folder(tmp_path: Path,
                                                                    monkeypatch) -> None:
    real_fdopen = os.fdopen

    def full(fd: int, mode: str = "r", *args, **kwargs):
        return _FullDisk(real_fdopen(fd, mode, *args, **kwargs), 100)

    monkeypatch.setattr(os, "fdopen", full)
    run = run_cli(*_args(tmp_path / "out"))
    assert "No space left on device" in one_line_failure(run)
    assert list((tmp_path / "out").iterdir()) == []


def test_an_existing_file_is_never_replaced(tmp_path: Path) -> None:
    report = build_report(resolve("architect", {"as_of": AS_OF, "activity_analysis": False}))
    first = write_exports(report, ["json"], tmp_path)
    second = write_exports(report, ["json"], tmp_path)
    assert first[0] != second[0] and first[0].read_bytes() == second[0].read_bytes()
    assert second[0].name.startswith(report.file_stem + "-")
