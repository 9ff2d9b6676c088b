"""SRE change status at the exact thresholds."""

from __future__ import annotations

import pytest

from finops_lib.changes import StatusRules, classify

RULES = StatusRules(spike_percent=20.0, watch_percent=10.0, cost_threshold_usd=0.0)


@pytest.mark.parametrize(("current", "previous", "status"), [
    (120.00, 100.00, "WATCH"),     # exactly +20 % is not yet a spike
    (120.01, 100.00, "SPIKE"),     # just above
    (110.00, 100.00, "WATCH"),     # exactly +10 % is on watch
    (109.99, 100.00, "NORMAL"),
    (80.00, 100.00, "NORMAL"),     # exactly −20 % is not a drop
    (79.99, 100.00, "DROP"),
    (1.20, 1.00, "WATCH"),         # float 0.2/1.0 would read 19.999…; cents are exact
    (1.21, 1.00, "SPIKE"),
    (5.00, 0.00, "NEW"),
    (0.00, 5.00, "GONE"),
    (0.00, 0.00, "NORMAL"),
    (100.004, 100.00, "NORMAL"),   # under a cent is no change
])
def test_thresholds_are_exact(current: float, previous: float, status: str) -> None:
    assert classify(current, previous, RULES) == status


def test_dollar_threshold_keeps_small_changes_normal() -> None:
    rules = StatusRules(20.0, 10.0, cost_threshold_usd=1000.0)
    assert classify(1999.99, 1000.00, rules) == "NORMAL"   # +100 % but $999.99
    assert classify(2000.00, 1000.00, rules) == "SPIKE"    # exactly $1,000 counts
    assert classify(900.00, 0.00, rules) == "NORMAL"       # a small new service
    assert classify(0.00, 1000.00, rules) == "GONE"


def test_custom_thresholds() -> None:
    rules = StatusRules(spike_percent=50.0, watch_percent=5.0)
    assert classify(140.0, 100.0, rules) == "WATCH"
    assert classify(150.01, 100.0, rules) == "SPIKE"
    assert classify(104.99, 100.0, rules) == "NORMAL"
