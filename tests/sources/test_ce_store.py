"""The Cost Explorer day store against moto: only stale days are fetched, closed days are not,
the previous month is re-read once after the 5th, a damaged store is refetched, it is bounded."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from finops_lib.sources.base import CostQuery
from finops_lib.sources.ce_store import SQL, DayStore, Modelled, final_from

EC2, S3 = "Amazon Elastic Compute Cloud - Compute", "Amazon Simple Storage Service"
A, B = "111111111111", "222222222222"


def _amount(day: date, account: str, service: str) -> str:
    """A distinct amount per cell, so a wrong day or duplicate changes the sum."""
    return f"{day.toordinal() % 97 + (7 if account == B else 0) + (0.25 if service == S3 else 0)}"


def _reply(build: Callable[..., dict[str, Any]], start: date, end: date,
           estimated: int = 0, bump: float = 0.0) -> dict[str, Any]:
    days = [start + timedelta(days=i) for i in range((end - start).days)]
    groups = {d: [(a, s, f"{float(_amount(d, a, s)) + bump:.2f}") for a in (A, B)
                  for s in (EC2, S3)] for d in days}
    return build(groups, estimated=days[len(days) - estimated:] if estimated else ())


def _expected(start: date, end: date, bump: float = 0.0) -> float:
    days = [start + timedelta(days=i) for i in range((end - start).days)]
    return round(sum(float(_amount(d, a, s)) + bump for d in days for a in (A, B)
                     for s in (EC2, S3)), 2)


def _run(make: Callable[..., Any], today: date, start: date, end: date,
         **options: Any) -> tuple[Any, Any, list[str]]:
    source = make(**options)
    assert source.store is not None
    source.store.today = lambda: today
    sent: list[dict[str, Any]] = []
    source.client("ce").meta.events.register(
        "provide-client-params.ce.GetCostAndUsage", lambda params, **_: sent.append(params))
    frame = source.costs(CostQuery(start, end))
    periods = [f"{p['TimePeriod']['Start']}..{p['TimePeriod']['End']}" for p in sent]
    return source, frame, periods


def test_next_day_fetches_only_the_new_and_estimated_days(
        make_ce_source: Any, inject_ce: Any, ce_response: Any) -> None:
    start, today = date(2026, 9, 1), date(2026, 9, 30)
    inject_ce([_reply(ce_response, start, today, estimated=2)])
    first, frame, periods = _run(make_ce_source, today, start, today)
    assert periods == ["2026-09-01..2026-09-30"] and first.api_requests == 1
    assert round(frame["amount"].sum(), 2) == _expected(start, today)

    # next day: the two estimated days are restated (+1 each cell) and one day is new
    inject_ce([_reply(ce_response, date(2026, 9, 28), today + timedelta(days=1), bump=1.0)])
    second, frame, periods = _run(make_ce_source, today + timedelta(days=1),
                                  start + timedelta(days=1), today + timedelta(days=1))
    assert periods == ["2026-09-28..2026-10-01"] and second.api_requests == 1
    want = _expected(start + timedelta(days=1), date(2026, 9, 28)) + _expected(
        date(2026, 9, 28), today + timedelta(days=1), bump=1.0)
    assert round(frame["amount"].sum(), 2) == round(want, 2)
    assert len(frame) == 29 * 4 and not frame.duplicated(["date", "account_id", "service"]).any()
    assert any("26 day(s) from disk, 3 fetched in 1 chunk(s) (1 request(s)" in line
               for line in second.request_log)
    read = second.store.reads[-1]
    assert (read["days_from_store"], read["days_fetched"], read["chunks"], read["requests"]) == (
        26, 3, 1, 1)


def test_previous_month_is_read_again_once_after_the_5th(
        make_ce_source: Any, inject_ce: Any, ce_response: Any) -> None:
    start, end = date(2026, 10, 20), date(2026, 11, 3)
    inject_ce([_reply(ce_response, start, end)])
    _run(make_ce_source, date(2026, 11, 3), start, end)
    assert final_from(date(2026, 10, 20)) == date(2026, 11, 6)

    before_close, _, periods = _run(make_ce_source, date(2026, 11, 5), start, end)
    assert periods == [] and before_close.api_requests == 0  # closed days: from disk

    # the 6th: October (and the November days fetched before the close) are read once more;
    # a credit restated October by -1 a cell
    inject_ce([_reply(ce_response, start, date(2026, 11, 1), bump=-1.0)])
    reread, frame, periods = _run(make_ce_source, date(2026, 11, 6), start, date(2026, 11, 1))
    assert periods == ["2026-10-20..2026-11-01"] and reread.api_requests == 1
    assert round(frame["amount"].sum(), 2) == _expected(start, date(2026, 11, 1), bump=-1.0)

    again, frame, periods = _run(make_ce_source, date(2026, 11, 9), start, date(2026, 11, 1))
    assert periods == [] and again.api_requests == 0
    assert round(frame["amount"].sum(), 2) == _expected(start, date(2026, 11, 1), bump=-1.0)


def test_damaged_store_and_damaged_day_are_fetched_again(
        make_ce_source: Any, inject_ce: Any, ce_response: Any) -> None:
    start, end, today = date(2026, 9, 1), date(2026, 9, 11), date(2026, 9, 20)
    inject_ce([_reply(ce_response, start, end)] * 2)
    first, _, _ = _run(make_ce_source, today, start, end)
    path = first.store.path
    with sqlite3.connect(path) as con:  # one day lost a row
        con.execute("DELETE FROM rows WHERE day = '2026-09-04' AND account_id = ?", (B,))
    inject_ce([_reply(ce_response, date(2026, 9, 4), date(2026, 9, 5))])
    _, frame, periods = _run(make_ce_source, today, start, end)
    assert periods == ["2026-09-04..2026-09-05"]
    assert round(frame["amount"].sum(), 2) == _expected(start, end)

    path.write_bytes(b"not a database at all" * 100)
    rebuilt, frame, _ = _run(make_ce_source, today, start, end)
    # every day is read again (here from the response cache: the same request an hour ago)
    assert any("0 day(s) from disk, 10 fetched" in line for line in rebuilt.request_log)
    assert round(frame["amount"].sum(), 2) == _expected(start, end)
    assert any("day store" in n and "fetched again" in n for n in rebuilt.notices)
    assert _run(make_ce_source, today, start, end)[2] == []  # the new store serves the next run


def test_no_cache_fetches_every_day_and_stores_it(
        make_ce_source: Any, inject_ce: Any, ce_response: Any) -> None:
    start, end, today = date(2026, 9, 1), date(2026, 9, 8), date(2026, 9, 20)
    inject_ce([_reply(ce_response, start, end)] * 2)
    _run(make_ce_source, today, start, end)
    bypass, frame, periods = _run(make_ce_source, today, start, end, no_cache=True)
    assert periods == ["2026-09-01..2026-09-08"] and bypass.api_requests == 1
    assert round(frame["amount"].sum(), 2) == _expected(start, end)


def test_store_is_bounded(tmp_path: Any) -> None:
    store = DayStore(tmp_path / "s.sqlite", max_mb=0.05, today=lambda: date(2026, 9, 20))
    rows = {date(2026, 9, 1): [(f"{i:012d}", f"service {i}", 1.0, "USD") for i in range(2000)]}
    for cube in ("old", "new"):
        store.save(cube, cube, [date(2026, 9, 1)], rows, {}, {})
    assert store.size_mb() <= 0.05 + 0.2  # the least recently used cube was dropped
    assert store.stale_days("new", date(2026, 9, 1), date(2026, 9, 2)) in ([], [date(2026, 9, 1)])
    assert store.stale_days("old", date(2026, 9, 1), date(2026, 9, 2)) == [date(2026, 9, 1)]
    ancient = {date(2025, 1, 1): [("1", "s", 1.0, "USD")]}
    store.save("new", "new", [date(2025, 1, 1)], ancient, {}, {})
    assert store.stale_days("new", date(2025, 1, 1), date(2025, 1, 2)) == [date(2025, 1, 1)]


def test_a_day_cost_explorer_did_not_answer_is_asked_again(
        make_ce_source: Any, inject_ce: Any, ce_response: Any) -> None:
    start, end, today = date(2026, 9, 1), date(2026, 9, 8), date(2026, 9, 20)
    inject_ce([_reply(ce_response, start, date(2026, 9, 7))])  # no result for 2026-09-07
    first, frame, _ = _run(make_ce_source, today, start, end)
    assert date(2026, 9, 7) not in first.days_answered
    inject_ce([_reply(ce_response, date(2026, 9, 7), end)])
    second, frame, periods = _run(make_ce_source, today, start, end)
    assert periods == ["2026-09-07..2026-09-08"]
    assert round(frame["amount"].sum(), 2) == _expected(start, end)
    assert date(2026, 9, 7) in second.days_answered and len(second.days_answered) == 7


def test_modelled_marks_follow_their_days(tmp_path: Any) -> None:
    store = DayStore(tmp_path / "s.sqlite", max_mb=0.05, today=lambda: date(2026, 9, 20))
    day, ancient = date(2026, 9, 1), date(2025, 1, 1)
    rows = {day: [("1", "s", 1.0, "USD")], ancient: [("1", "s", 1.0, "USD")]}
    store.save("c", "c", [day], rows, {}, {}, modelled=Modelled(False))
    assert store.modelled_days("c", day, date(2026, 9, 2)) == {
        day: Modelled(False, date(2026, 9, 20))}
    assert store.stale_days("c", day, date(2026, 9, 2)) == []  # served like any closed day
    store.save("c", "c", [day], rows, {}, {})  # the full plan read it: no longer modelled
    assert store.modelled_days("c", day, date(2026, 9, 2)) == {}
    store.save("c", "c", [ancient], rows, {}, {}, modelled=Modelled(True))  # past retention
    assert store.modelled_days("c", ancient, date(2025, 1, 2)) == {}
    store.save("c", "c", [day], rows, {}, {}, modelled=Modelled(True))
    big = {day: [(f"{i:012d}", f"service {i}", 1.0, "USD") for i in range(2000)]}
    store.save("d", "d", [day], big, {}, {})  # past max_mb: the older cube "c" is dropped
    with sqlite3.connect(store.path) as con:
        assert con.execute("SELECT count(*) FROM modelled WHERE cube = 'c'").fetchone() == (0,)


def test_a_store_written_before_the_modelled_table_still_serves(tmp_path: Any) -> None:
    path = tmp_path / "s.sqlite"
    with sqlite3.connect(path) as con:  # the schema as it was, without the modelled table
        con.executescript(SQL["schema"].split("CREATE TABLE IF NOT EXISTS modelled")[0])
        con.execute("INSERT INTO days VALUES ('c', '2026-09-01', 0, '2026-09-10', 1)")
        con.execute("INSERT INTO rows VALUES ('c', '2026-09-01', '1', 's', 2.5, 'USD')")
    store = DayStore(path, today=lambda: date(2026, 9, 20))
    assert store.stale_days("c", date(2026, 9, 1), date(2026, 9, 3)) == [date(2026, 9, 2)]
    assert store.modelled_days("c", date(2026, 9, 1), date(2026, 9, 3)) == {}
    store.save("c", "c", [date(2026, 9, 2)], {}, {}, {}, modelled=Modelled(True))
    assert list(store.modelled_days("c", date(2026, 9, 1), date(2026, 9, 3))) == [
        date(2026, 9, 2)]
    assert store.load("c", date(2026, 9, 1), date(2026, 9, 2))[0]["amount"].tolist() == [2.5]
