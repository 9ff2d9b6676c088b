"""The one cost-metric table: option choices, the query check and Cost Explorer names derive
from it."""

from __future__ import annotations

from datetime import date

import pytest

from finops_lib.cost_metrics import COST_METRICS, FORECAST_NAMES, METRICS, USAGE_NAMES, ce_name
from finops_lib.errors import OptionError
from finops_lib.options import OPTIONS
from finops_lib.sources.base import CostQuery


def test_every_place_derives_from_the_table() -> None:
    choices = next(o.choices for o in OPTIONS if o.name == "cost_metric")
    assert tuple(choices) == METRICS == tuple(m.option for m in COST_METRICS)
    assert USAGE_NAMES["net-amortized"] == "NetAmortizedCost"
    assert FORECAST_NAMES["net-amortized"] == "NET_AMORTIZED_COST"


def test_the_query_refuses_a_metric_outside_the_table() -> None:
    assert CostQuery(date(2026, 11, 1), date(2026, 11, 2), metric="blended").metric == "blended"
    with pytest.raises(ValueError, match="unknown metric 'gross'"):
        CostQuery(date(2026, 11, 1), date(2026, 11, 2), metric="gross")


def test_ce_name_accepts_either_name_and_refuses_others() -> None:
    assert ce_name("amortized", FORECAST_NAMES) == "AMORTIZED_COST"
    assert ce_name("AmortizedCost", USAGE_NAMES) == "AmortizedCost"
    with pytest.raises(OptionError, match="unknown cost metric 'gross'"):
        ce_name("gross", USAGE_NAMES)
