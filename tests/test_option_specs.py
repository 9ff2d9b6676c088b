"""The one option declaration: every flag declared, every app-less option says why."""

from __future__ import annotations

from finops_lib.option_specs import OPTIONS
from finops_lib.sources import SOURCE_NAMES


def test_every_flag_of_the_issue_is_declared() -> None:
    names = {o.name for o in OPTIONS}
    wanted = {"mode", "profile", "all_profile", "source", "timeframe", "month", "as_of",
              "cost_metric", "services", "accounts", "filter", "cost_threshold", "top_n",
              "sort_by", "summary_mode", "output_format", "verbose", "activity_analysis",
              "validation_level", "export", "output_dir", "screenshot", "spike_threshold",
              "watch_threshold", "no_cache"}
    assert wanted <= names


def test_every_option_outside_the_app_says_why() -> None:
    for opt in OPTIONS:
        assert ("app" in opt.surfaces) or opt.why_not_in_app, opt.name


def test_source_choices_are_the_registered_sources() -> None:
    source = next(o for o in OPTIONS if o.name == "source")
    assert source.choices == ("auto", *SOURCE_NAMES)
