"""Cost sources behind one interface, and the registry that names them.

Every source is a `CostSource` subclass that declares what it can do as class attributes
(`base.CostSource`: hourly data, AWS clients, paid reads, its options…). Callers ask the
registry (`source_class`) or the open source for a capability; no module outside this package
compares a source's name. Modules are imported lazily, so the demo needs neither boto3 nor DuckDB.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ..errors import OptionError
from .base import CANONICAL_COLUMNS, Account, CostQuery, CostSource, Scope, empty_frame

if TYPE_CHECKING:
    from ..options import Options

__all__ = [
    "CANONICAL_COLUMNS",
    "SOURCE_CLASSES",
    "SOURCE_NAMES",
    "Account",
    "CostQuery",
    "CostSource",
    "Scope",
    "auto_source",
    "empty_frame",
    "find_source",
    "hourly_sources",
    "open_source",
    "source_class",
    "source_classes",
    "source_options",
]

# Source name → "module:Class"; the module also exposes `open(opts) -> CostSource`.
SOURCE_CLASSES: dict[str, str] = {
    "demo": "finops_lib.sources.demo:DemoSource",
    "ce": "finops_lib.sources.cost_explorer:CostExplorerSource",
    "files": "finops_lib.sources.files:FilesSource",
    "athena": "finops_lib.sources.athena:AthenaSource",
}
SOURCE_NAMES: tuple[str, ...] = tuple(SOURCE_CLASSES)
# source=auto: the source read with AWS credentials (a profile), and the one without.
_AUTO_WITH_PROFILE = "ce"
_AUTO_WITHOUT_PROFILE = "demo"


def auto_source(has_profile: bool) -> str:
    """What source=auto reads: Cost Explorer with a profile, else the demo."""
    return _AUTO_WITH_PROFILE if has_profile else _AUTO_WITHOUT_PROFILE


def _parts(name: str) -> tuple[str, str]:
    try:
        module, cls = SOURCE_CLASSES[name].split(":")
    except KeyError:
        raise OptionError(f"--source: {name!r} is not one of {', '.join(SOURCE_NAMES)}",
                          fix=f"use e.g. --source {SOURCE_NAMES[0]}") from None
    return module, cls


def source_class(name: str) -> type[CostSource]:
    """The class of the source called `name` (its module imported on first use)."""
    module, cls = _parts(name)
    found: type[CostSource] = getattr(importlib.import_module(module), cls)
    return found


def source_classes() -> dict[str, type[CostSource]]:
    """Every registered source class by name (imports every source module)."""
    return {name: source_class(name) for name in SOURCE_NAMES}


def hourly_sources() -> tuple[str, ...]:
    """Names of the sources that answer hourly queries, real data first."""
    classes = source_classes()
    return tuple(sorted((n for n, c in classes.items() if c.hourly),
                        key=lambda n: not classes[n].real))


def find_source(name: str) -> type[CostSource] | None:
    """The class of source `name`, or None for a value that names none (a widget's "auto")."""
    return source_class(name) if name in SOURCE_CLASSES else None


def source_options(name: str) -> tuple[str, ...]:
    """The options only source `name` reads; () for a name outside the registry ("auto")."""
    found = find_source(name)
    return found.option_names if found else ()


def open_source(opts: Options, session: Any = None) -> CostSource:
    """The cost source the options ask for (source=auto resolved); `session` is reused by a
    source that shares one (a long-running app keeps one boto3 session per profile)."""
    from ..options import effective_source

    name = effective_source(opts)
    module = importlib.import_module(_parts(name)[0])
    if session is not None and source_class(name).shares_session:
        shared: CostSource = module.open(opts, session=session)
        return shared
    source: CostSource = module.open(opts)
    return source
