"""Detection parameters: from the options, and refused when they make no sense."""

from __future__ import annotations

import pytest

from finops_lib.anomalies import DetectionParams
from finops_lib.errors import OptionError
from finops_lib.options import resolve

from .conftest import PARAMS


def test_params_from_options() -> None:
    opts = resolve("sre", {"anomaly_min_percent": "35", "anomaly_min_dollars": 80,
                           "baseline_weeks": 6})
    params = DetectionParams.from_options(opts)
    assert (params.min_percent, params.min_dollars, params.baseline_weeks) == (35.0, 80.0, 6)
    defaults = DetectionParams.from_options(resolve("sre", {}))
    assert (defaults.min_percent, defaults.min_dollars, defaults.baseline_weeks) == (
        PARAMS.min_percent, PARAMS.min_dollars, PARAMS.baseline_weeks)


def test_bad_params_are_one_line_errors() -> None:
    with pytest.raises(OptionError, match="baseline-weeks"):
        DetectionParams(baseline_weeks=1)
    with pytest.raises(OptionError, match="negative"):
        DetectionParams(min_dollars=-1)
