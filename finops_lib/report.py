"""The renderer-agnostic report model.

A persona's section builders each return a `Section` (finops_lib.personas.sections); the report
folds them (`fold`), and the terminal, the Streamlit page, CSV, JSON, Markdown, PDF and the
notebooks all render the folded `Report`, so every surface shows the same numbers and a new
section appears on every surface without a renderer change. Money values are floats already
rounded to cents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from .options import Options
from .periods import PeriodPlan
from .request_log import Call
from .sources.base import Scope

__all__ = [
    "SCHEMA_VERSION",
    "Chart",
    "Check",
    "Column",
    "Kpi",
    "Report",
    "Section",
    "Table",
    "Tree",
    "TreeNode",
    "ValidationResult",
    "fold",
    "money",
]

SCHEMA_VERSION = "2.0"  # 2.0: api_requests is the request log object
COLUMN_KINDS = ("text", "money", "percent", "share", "status", "number", "date", "codes", "spark")


def money(value: float) -> float:
    """Round to cents, turning -0.0 into 0.0."""
    return round(float(value), 2) + 0.0


@dataclass(frozen=True)
class Kpi:
    """One headline figure, with an optional change against the comparison period."""

    key: str
    label: str
    value: float | str | None
    unit: str = "USD"  # a currency code (USD, EUR…) for money | % | text | days | count
    delta: float | None = None  # same unit as value, e.g. dollars of change
    delta_pct: float | None = None
    help: str = ""


@dataclass(frozen=True)
class Column:
    """A table column: how renderers format it."""

    key: str
    label: str
    kind: str = "text"


@dataclass(frozen=True)
class Table:
    """Rows of plain dicts keyed by column key; `total` is an optional footer row."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, Any], ...]
    total: Mapping[str, Any] | None = None
    note: str = ""

    def to_frame(self, with_total: bool = False) -> pd.DataFrame:
        """The rows as a DataFrame with the columns in order."""
        rows = list(self.rows) + ([self.total] if with_total and self.total else [])
        return pd.DataFrame(rows, columns=[c.key for c in self.columns])

    def column(self, key: str) -> Column:
        """The column called `key`."""
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class TreeNode:
    """A tree node: a label, figures, and children."""

    label: str
    value: float
    previous: float | None = None
    count: int | None = None
    detail: str = ""
    children: tuple[TreeNode, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        out: dict[str, Any] = {"label": self.label, "value": self.value}
        for name in ("previous", "count"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.detail:
            out["detail"] = self.detail
        out["children"] = [child.to_dict() for child in self.children]
        return out

    def walk(self, depth: int = 0) -> Iterable[tuple[int, TreeNode]]:
        """Depth-first (depth, node) pairs, root first."""
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)


@dataclass(frozen=True)
class Tree:
    """A titled tree (category tree, Activity Health Tree)."""

    key: str
    title: str
    root: TreeNode


@dataclass(frozen=True)
class Chart:
    """Data and intent for one chart; `finops_lib.charts` turns it into an altair spec."""

    key: str
    title: str
    kind: str  # daily_cost | period_compare | top_bar | stacked_category | anomaly_series
    data: tuple[Mapping[str, Any], ...]
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """One validation or consistency check."""

    name: str
    passed: bool
    detail: str = ""


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of the requested validation level."""

    level: str
    checks: tuple[Check, ...]
    agreement_pct: float | None = None

    @property
    def passed(self) -> bool:
        """True when every check passed."""
        return all(c.passed for c in self.checks)

    @property
    def badge(self) -> str:
        """Short status text shown on every surface."""
        state = "PASSED" if self.passed else "FAILED"
        agree = f", {self.agreement_pct:.2f}% agreement" if self.agreement_pct is not None else ""
        return f"Validation {self.level}: {state} ({sum(c.passed for c in self.checks)}/" \
               f"{len(self.checks)} checks{agree})"


@dataclass(frozen=True)
class Section:
    """One part of a report (costs, forecast, anomalies, activity…): what it shows on every
    surface, its JSON-only data and the remote calls it made."""

    key: str
    title: str = ""
    kpis: tuple[Kpi, ...] = ()
    tables: tuple[Table, ...] = ()
    trees: tuple[Tree, ...] = ()
    charts: tuple[Chart, ...] = ()
    checks: tuple[Check, ...] = ()
    notices: tuple[str, ...] = ()
    summary_lines: tuple[str, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)  # JSON-only (export's `extra`)
    calls: tuple[Call, ...] = ()


def fold(sections: Sequence[Section]) -> dict[str, Any]:
    """The sections' parts concatenated kind by kind, in section order (Report fields)."""
    kinds = ("kpis", "tables", "trees", "charts", "checks", "notices", "summary_lines")
    out: dict[str, Any] = {k: tuple(x for s in sections for x in getattr(s, k)) for k in kinds}
    out["extra"] = {k: v for s in sections for k, v in s.data.items()}
    return out


@dataclass(frozen=True)
class Report:
    """Everything one persona shows, for every renderer."""

    mode: str
    title: str
    headline: str
    options: Options
    periods: PeriodPlan
    scope: Scope
    source: str
    is_demo: bool
    generated_at: datetime
    kpis: tuple[Kpi, ...] = ()
    tables: tuple[Table, ...] = ()
    trees: tuple[Tree, ...] = ()
    charts: tuple[Chart, ...] = ()
    checks: tuple[Check, ...] = ()  # architect consistency checks
    validation: ValidationResult | None = None
    notices: tuple[str, ...] = ()
    summary_lines: tuple[str, ...] = ()
    api_requests: int = 0  # billed requests of the run (the request log's count)
    extra: Mapping[str, Any] = field(default_factory=dict)  # JSON-only sections (anomalies…)
    frame: pd.DataFrame | None = field(default=None, repr=False, compare=False)  # canonical rows
    currency: str = "USD"  # every amount of the report is in this one currency
    sections: tuple[Section, ...] = field(default=(), repr=False)  # what the fields fold
    calls: tuple[Call, ...] = field(default=(), repr=False)  # the run's request log

    def table(self, key: str) -> Table | None:
        """The table called `key`, if the report has one."""
        return next((t for t in self.tables if t.key == key), None)

    def tree(self, key: str) -> Tree | None:
        """The tree called `key`, if the report has one."""
        return next((t for t in self.trees if t.key == key), None)

    def kpi(self, key: str) -> Kpi | None:
        """The KPI called `key`, if the report has one."""
        return next((k for k in self.kpis if k.key == key), None)

    def shows(self, element: str) -> bool:
        """Whether display options ask for an element: summary_table, summary_tree,
        detail_table, detail_tree."""
        section, kind = element.split("_")
        setting = self.options.summary_mode if section == "summary" else self.options.output_format
        return bool(setting == kind or setting == "both")

    @property
    def file_stem(self) -> str:
        """finops-<mode>-<scope>-asof<day>-<timestamp>, shared by every export of this report
        (a run that finds the name taken adds a unique suffix)."""
        as_of = self.options.as_of
        day = f"-asof{as_of:%Y%m%d}" if as_of else ""
        return f"finops-{self.mode}-{self.scope.slug}{day}-{self.generated_at:%Y%m%dT%H%M%SZ}"
