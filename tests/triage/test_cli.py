"""`python -m finops_lib anomalies …` as a user types it: list, change, bad input."""

from __future__ import annotations

import pytest

from finops_lib.cli import main
from finops_lib.dashboard import build_report
from finops_lib.options import resolve
from finops_lib.triage import open_store, records_of

AS_OF = "2026-11-26"


def test_list_then_ack_shows_the_new_state(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["anomalies", "list", "--as-of", AS_OF]) == 0
    listed = capsys.readouterr().out
    records = records_of(build_report(resolve("sre", {"as_of": AS_OF})))
    for r in records:
        assert r["id"] in listed and r["start"] in listed
    first = records[0]
    assert main(["anomalies", "ack", first["id"].upper(), "--owner", "sre-team", "--note",
                 "[x](http://evil) *looking*", "--by", "dana"]) == 0
    changed = capsys.readouterr().out
    assert f"{first['id']} {first['series']} from {first['start']}: acknowledged" in changed
    assert "by dana" in changed
    assert main(["anomalies", "list", "--as-of", AS_OF]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if first["id"] in line)
    assert "acknowledged" in row and "sre-team" in row
    assert open_store().record(first["id"]).note == "[x](http://evil) *looking*"  # type: ignore[union-attr]


@pytest.mark.parametrize(("argv", "needle"), [
    (["anomalies", "ack", "not-an-id"], "is not an anomaly id"),
    (["anomalies", "resolve", "0123456789"], "unknown anomaly id 0123456789"),
    (["anomalies", "list", "--as-of", "2026-13-01"], "--as-of"),
])
def test_bad_input_is_one_line_and_exit_2(argv: list[str], needle: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and needle in err[0] and err[0].startswith("finops: error: ")
