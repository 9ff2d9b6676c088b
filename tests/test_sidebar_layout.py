"""Sidebar placement: each option up front only where it changes the page; messages in words."""

from __future__ import annotations

from finops_lib.options import OPTIONS, option
from finops_lib.sidebar_layout import ADVANCED, FRONT_GROUPS, in_words, placement


def test_each_option_sits_up_front_only_where_it_changes_the_page() -> None:
    for mode, groups in FRONT_GROUPS.items():
        for opt in OPTIONS:
            where = placement(opt, mode, "auto")
            assert where in (*groups, ADVANCED)
            if opt.name.startswith("athena_") or opt.name == "path":
                assert where == ADVANCED  # another source's fields
    assert placement(option("spike_threshold"), "executive", "auto") == ADVANCED
    assert placement(option("spike_threshold"), "sre", "auto") == "SRE"
    assert placement(option("athena_table"), "executive", "athena") == "Scope"


def test_messages_name_fields_not_flags() -> None:
    assert in_words("--source files needs --path. Add --path FILE") == \
        "Source files needs path. Add path FILE"
    assert in_words("--unknown-flag stays") == "--unknown-flag stays"
