"""finops_lib.app_model: the sidebar described without Streamlit."""

from __future__ import annotations

from datetime import date

import pytest

from finops_lib.app_model import (
    app_options,
    check_profiles,
    fetch_description,
    from_widget_value,
    grouped_specs,
    lenient_from_params,
    persona_questions,
    profile_choices,
    to_widget_value,
)
from finops_lib.errors import OptionError
from finops_lib.options import OPTIONS, resolve

SAMPLE = {"filter": ("service:EC2,RDS", "cost>100"), "services": ("EC2", "RDS"),
          "month": "2026-10", "as_of": date(2026, 11, 20), "top_n": 7, "profile": "prod"}


def test_every_app_option_is_a_widget_and_nothing_else() -> None:
    specs = [s for group in grouped_specs().values() for s in group]
    assert [s.option.name for s in specs] == [o.name for o in OPTIONS if "app" in o.surfaces]
    assert "mode" not in {s.option.name for s in specs}
    for opt in OPTIONS:
        if "app" not in opt.surfaces:
            assert opt.why_not_in_app, opt.name


@pytest.mark.parametrize("opt", app_options(), ids=lambda o: o.name)
def test_widget_values_round_trip(opt) -> None:  # type: ignore[no-untyped-def]
    opts = resolve("architect", {opt.name: SAMPLE[opt.name]} if opt.name in SAMPLE else {})
    raw = from_widget_value(opt, to_widget_value(opt, opts[opt.name]))
    again = resolve("architect", {opt.name: raw} if raw is not None else {})
    assert again[opt.name] == opts[opt.name]


def test_multi_lines_keep_commas_inside_values() -> None:
    opt = next(o for o in OPTIONS if o.name == "filter")
    assert from_widget_value(opt, "service:EC2,RDS\n\n cost>100 ") == ["service:EC2,RDS",
                                                                       "cost>100"]


def test_profile_choices_and_checks() -> None:
    assert profile_choices("profile", "auto", None, ["a", "b"]) == ["", "a", "b"]
    demo = profile_choices("profile", "demo", None, ["a"])
    assert demo[:2] == ["", "a"] and "workloads-prod" in demo
    assert "workloads-prod" not in profile_choices("all_profile", "demo", None, ["a"])
    assert profile_choices("profile", "auto", "ghost", ["a"]) == ["", "a", "ghost"]
    check_profiles(resolve("sre", {"profile": "a"}), ["a"])
    check_profiles(resolve("sre", {"profile": "ml-sandbox", "source": "demo"}), [])
    with pytest.raises(OptionError, match="'ghost' is not configured on this server"):
        check_profiles(resolve("sre", {"profile": "ghost"}), ["a"])
    with pytest.raises(OptionError, match="--all-profile"):
        check_profiles(resolve("sre", {"all_profile": "ml-sandbox", "source": "demo"}), ["a"])


def test_lenient_link_keeps_the_good_parameters() -> None:
    opts, errors = lenient_from_params("sre", {"top_n": "x", "timeframe": "weekly",
                                               "as_of": "2026-11-20", "bogus": "1"})
    assert opts.timeframe == "weekly" and opts.as_of == date(2026, 11, 20)
    assert opts.top_n == 25 and errors == ["top_n=x (not a number)"]
    clean, none = lenient_from_params("sre", {"as_of": "2026-11-20"})
    assert none == [] and clean.as_of == date(2026, 11, 20)


def test_texts() -> None:
    assert set(persona_questions()) == {"executive", "architect", "sre"}
    text = fetch_description(resolve("sre", {"as_of": "2026-11-26"}))
    assert "2026-11-25 from the demo source" in text
