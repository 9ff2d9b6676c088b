"""FinOps dashboard library: options, periods, sources, reports and exports.

Importing this package never imports streamlit; Streamlit helpers live in `finops_lib.ui`.
"""

from __future__ import annotations

from .errors import ExportError, FinopsError, OptionError, SourceError, ValidationFailed
from .options import OPTIONS, Option, Options, resolve, to_command
from .periods import Period, PeriodPlan, plan_periods
from .report import Report

__version__ = "0.1.0"

__all__ = [
    "OPTIONS",
    "ExportError",
    "FinopsError",
    "Option",
    "OptionError",
    "Options",
    "Period",
    "PeriodPlan",
    "Report",
    "SourceError",
    "ValidationFailed",
    "__version__",
    "plan_periods",
    "resolve",
    "to_command",
]
