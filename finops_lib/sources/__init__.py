"""Cost sources behind one interface; `open_source` picks one from the options."""

from __future__ import annotations

import importlib

from ..options import Options, effective_source
from .base import CANONICAL_COLUMNS, Account, CostQuery, CostSource, Scope, empty_frame

__all__ = [
    "CANONICAL_COLUMNS",
    "SOURCE_MODULES",
    "Account",
    "CostQuery",
    "CostSource",
    "Scope",
    "empty_frame",
    "open_source",
]

# Source name → module exposing `open(opts: Options) -> CostSource`. Imported lazily so that
# the demo needs neither boto3 sessions nor DuckDB.
SOURCE_MODULES: dict[str, str] = {
    "demo": "finops_lib.sources.demo",
    "ce": "finops_lib.sources.cost_explorer",
    "files": "finops_lib.sources.files",
    "athena": "finops_lib.sources.athena",
}


def open_source(opts: Options) -> CostSource:
    """The cost source the options ask for (source=auto resolved)."""
    name = effective_source(opts)
    module = importlib.import_module(SOURCE_MODULES[name])  # --source choices are these names
    source: CostSource = module.open(opts)
    return source
