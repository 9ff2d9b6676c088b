"""Resolved options: persona defaults, cross-option rules, parser generation, links, commands."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from finops_lib.cli import build_parser
from finops_lib.errors import OptionError
from finops_lib.options import (
    OPTIONS,
    from_query_params,
    option,
    parse_filters,
    resolve,
    to_command,
    to_query_params,
)

AS_OF = {"as_of": "2026-11-26"}


def test_parser_is_generated_from_the_declaration() -> None:
    dashboard = build_parser()._subparsers._group_actions[0].choices["dashboard"]  # type: ignore[union-attr]
    flags = {s for a in dashboard._actions for s in a.option_strings}
    text = " ".join(dashboard.format_help().split())
    for opt in OPTIONS:
        if "cli" in opt.surfaces:
            assert opt.flag in flags, opt.flag
            first_words = " ".join(opt.help.split()[:3])
            assert first_words in text, first_words


@pytest.mark.parametrize(("mode", "timeframe", "activity", "sort", "summary"), [
    ("executive", "monthly", True, "current", "table"),
    ("architect", "monthly", False, "current", "both"),
    ("sre", "daily", False, "change", "none"),
])
def test_persona_defaults(mode: str, timeframe: str, activity: bool, sort: str,
                          summary: str) -> None:
    opts = resolve(mode, AS_OF)
    assert (opts.timeframe, opts.activity_analysis, opts.sort_by, opts.summary_mode) == (
        timeframe, activity, sort, summary)


def test_explicit_flags_beat_persona_defaults() -> None:
    opts = resolve("executive", {**AS_OF, "timeframe": "weekly", "activity_analysis": False})
    assert opts.timeframe == "weekly" and opts.activity_analysis is False


def test_profile_and_all_profile_are_exclusive() -> None:
    with pytest.raises(OptionError, match="cannot be used together"):
        resolve("executive", {**AS_OF, "profile": "a", "all_profile": "b"})


def test_future_as_of_is_refused() -> None:
    with pytest.raises(OptionError, match="in the future"):
        resolve("executive", {"as_of": "2999-01-01"})


def test_filters_parse_and_combine() -> None:
    parsed = parse_filters(("service:EC2,RDS", "account:123456789012", "region:us-east-1",
                            "cost>100", "cost < 1000"))
    assert parsed == [("service", "in", ["EC2", "RDS"]), ("account", "in", ["123456789012"]),
                      ("region", "in", ["us-east-1"]), ("cost", ">", 100.0),
                      ("cost", "<", 1000.0)]


def test_query_params_round_trip_and_carry_as_of() -> None:
    opts = resolve("architect", {**AS_OF, "services": "EC2,RDS", "top_n": 5,
                                 "filter": ["service:EC2,RDS", "cost>100"],
                                 "activity_analysis": True})
    params = to_query_params(opts)
    assert params == {"as_of": "2026-11-26", "services": "EC2,RDS", "top_n": "5",
                      "filter": ["service:EC2,RDS", "cost>100"], "activity_analysis": "true"}
    assert from_query_params("architect", params) == opts


def test_defaults_only_link_still_pins_the_day() -> None:
    assert to_query_params(resolve("sre", AS_OF)) == {"as_of": "2026-11-26"}


def test_command_reproduces_the_options() -> None:
    opts = resolve("sre", {**AS_OF, "cost_threshold": 1000, "filter": ["service:EC2"],
                           "export": ["json"]})
    command = to_command(opts)
    assert command.startswith("python -m finops_lib dashboard --mode sre")
    args = command.split()[3:]
    ns = build_parser().parse_args(args)
    given = {k: v for k, v in vars(ns).items() if k != "command" and v is not None}
    assert resolve(given.pop("mode"), given) == opts


def test_options_are_immutable_and_hashable() -> None:
    opts = resolve("executive", AS_OF)
    with pytest.raises(AttributeError):
        opts.top_n = 3  # type: ignore[misc]
    assert hash(opts) == hash(resolve("executive", AS_OF))
    assert opts.replace(top_n=3).top_n == 3 and opts.top_n == 10
    assert opts.as_of == date(2026, 11, 26)
    assert option("top_n").default_for("sre") == 25


HOURLY_AS_OF = date(2026, 11, 26)


def test_old_as_of_with_hourly_on_ce_is_an_option_error() -> None:
    with pytest.raises(OptionError, match="hourly data for 14 days"):
        resolve("sre", {"timeframe": "hourly", "source": "ce", "profile": "x",
                        "as_of": date.today() - timedelta(days=30)})


def test_old_as_of_with_hourly_on_demo_is_fine() -> None:
    opts = resolve("sre", {"timeframe": "hourly", "source": "demo", "as_of": "2025-01-10"})
    assert opts.timeframe == "hourly"


@pytest.mark.parametrize("given", [
    {"source": "files", "path": "export.parquet"},
    {"source": "athena", "athena_database": "d", "athena_table": "t"},
])
def test_hourly_on_files_or_athena_is_a_clear_option_error(given: dict[str, str]) -> None:
    with pytest.raises(OptionError, match="hourly needs --source ce or demo"):
        resolve("sre", {"timeframe": "hourly", **given})


def test_persona_timeframe_defaults_are_unchanged() -> None:
    assert [resolve(m, {"as_of": HOURLY_AS_OF}).timeframe for m in ("executive", "architect", "sre")] \
        == ["monthly", "monthly", "daily"]
