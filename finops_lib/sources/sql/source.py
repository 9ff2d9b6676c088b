"""The part of the files and athena sources that does not depend on the engine."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd

from ...commitments import CommitmentRow
from ...errors import SourceError
from ...periods import billing_months
from ..base import Account, CostQuery, CostSource, Scope, empty_frame, normalise_frame
from ..formats import Layout
from .commitment_sql import commitments_statement
from .dialect import Fragment
from .dimensions import tag_values_statement
from .statements import (
    accounts_statement,
    costs_statement,
    resources_statement,
    total_statement,
)

__all__ = ["SqlCostSource"]

RESOURCE_COLUMNS = ("resource_id", "account_id", "service", "region", "amount")
COST_COLUMNS = ("usage_date", "account_id", "account_name", "service", "region", "currency",
                "amount", "group", "unparseable")


@dataclass
class SqlCostSource(CostSource):
    """Costs from a FOCUS/CUR table through the shared SQL; subclasses run the statements."""

    # An export holds whole billing periods: a day inside them without lines cost nothing.
    whole_periods: ClassVar[bool] = True
    layout: Layout | None = None
    relation: Fragment = field(default_factory=lambda: Fragment(""))
    _scope: Scope | None = None

    @abstractmethod
    def run(self, statement: Fragment) -> list[tuple[Any, ...]]:
        """Execute a statement; rows as tuples in the statement's column order."""

    def run_frame(self, statement: Fragment) -> pd.DataFrame:
        """Execute a statement into a DataFrame (engines with a columnar fetch override this)."""
        rows = self.run(statement)
        return pd.DataFrame.from_records(rows, columns=list(COST_COLUMNS))

    @abstractmethod
    def period_filter(self, months: Sequence[str]) -> Fragment:
        """Billing-period pruning for months 'YYYY-MM' (partition or column)."""

    @abstractmethod
    def scope_months(self) -> Sequence[str]:
        """Billing periods the scope query reads (empty = all)."""

    def _layout(self) -> Layout:
        if self.layout is None:
            raise SourceError(f"{self.name} source is not open")
        return self.layout

    def _months(self, query: CostQuery) -> list[str]:
        return [m.strftime("%Y-%m") for m in billing_months(query.start, query.end)]

    def column_period_filter(self, months: Sequence[str]) -> Fragment:
        """Pruning on the billing-period column: [first month's start, last month's end)."""
        if not months:
            return Fragment("")
        year, month = int(months[-1][:4]), int(months[-1][5:7])
        after = f"{year + month // 12:04d}-{month % 12 + 1:02d}"
        return self._layout().partition_free_period_filter(f"{months[0]}-01 00:00:00",
                                                           f"{after}-01 00:00:00")

    def scope(self) -> Scope:
        """Accounts from the data; an organization when there is more than one."""
        if self._scope is None:
            layout = self._layout()
            rows = self.run(accounts_statement(layout, self.relation,
                                               self.period_filter(self.scope_months())))
            accounts = tuple(Account(str(r[0]), str(r[1] or r[0])) for r in rows if r[0])
            self._scope = _scope_of(accounts, layout.label)
        return self._scope

    def costs(self, query: CostQuery) -> pd.DataFrame:
        """Daily canonical rows, aggregated by the engine."""
        layout = self._layout()
        self._note_fallbacks(query.metric)
        statement = costs_statement(layout, self.relation, query,
                                    self.period_filter(self._months(query)))
        frame = self.run_frame(statement)
        if frame.empty:
            return empty_frame()
        frame.columns = ["date", *COST_COLUMNS[1:]]
        bad = pd.to_numeric(frame.pop("unparseable"), errors="coerce").fillna(0).sum()
        # The largest count any read saw: validation must never pass over a bad cell.
        self.unparseable_cells = max(self.unparseable_cells, int(bad))
        frame["estimated"] = False
        return normalise_frame(frame)

    def total(self, query: CostQuery) -> float:
        """The ungrouped SUM for the query (total.sql, independent of costs.sql)."""
        layout = self._layout()
        statement = total_statement(layout, self.relation, query,
                                    self.period_filter(self._months(query)))
        rows = self.run(statement)
        value = rows[0][0] if rows else None
        return float(value) if value not in (None, "") else 0.0

    def resource_costs(self, query: CostQuery, limit: int = 1000) -> pd.DataFrame:
        """Cost per resource id in the window, largest first (empty when the data has no ids)."""
        layout = self._layout()
        if layout.resource_id is None:
            self._notice(f"the {layout.label} data has no resource ids: no per-resource costs")
            return pd.DataFrame({c: [] for c in RESOURCE_COLUMNS})
        statement = resources_statement(layout, self.relation, query,
                                        self.period_filter(self._months(query)), limit)
        frame = pd.DataFrame.from_records(self.run(statement), columns=list(RESOURCE_COLUMNS))
        frame["amount"] = pd.to_numeric(frame["amount"], errors="coerce").astype(float)
        return frame

    def commitments(self, query: CostQuery) -> list[CommitmentRow]:
        """Commitment coverage and utilization per service from the commitment lines."""
        layout = self._layout()
        statement = commitments_statement(layout, self.relation, query,
                                          self.period_filter(self._months(query)))
        rows = []
        for rec in self.run(statement):
            values = [float(v) if v not in (None, "") else 0.0 for v in rec[1:]]
            rows.append(CommitmentRow(str(rec[0]), *values))
        return rows

    def allocation_values(self, query: CostQuery) -> dict[str, dict[str, tuple[str, ...]]]:
        """Tag keys and values of a JSON tags column (CUR 2.0 `user_` prefixes removed)."""
        layout = self._layout()
        statement = tag_values_statement(layout, self.relation, query)
        if statement is None:
            return {}
        tags: dict[str, list[str]] = {}
        for key, value in self.run(statement):
            name = str(key) if layout.is_focus else str(key).removeprefix("user_")
            tags.setdefault(name, []).append(str(value))
        return {"tag": {k: tuple(v) for k, v in tags.items()}}

    def _note_fallbacks(self, metric: str) -> None:
        if self._layout().is_focus and metric.startswith("net-"):
            column = "EffectiveCost" if metric == "net-amortized" else "BilledCost"
            self._notice(f"{metric} on FOCUS data reads {column} (FOCUS has no separate net "
                         "columns; it already includes the invoice's discounts), so it can "
                         "differ from Cost Explorer's net figure for the same bill")
        missing = self._layout().missing_net_columns(metric)
        if missing:
            self._notice(f"{metric}: the data has no {', '.join(missing)} (no discounts on this "
                         "bill?), so the non-net columns are used")

    def _notice(self, text: str) -> None:
        if text not in self.notices:
            self.notices.append(text)


def _scope_of(accounts: tuple[Account, ...], label: str) -> Scope:
    if not accounts:
        raise SourceError(f"the {label} data holds no AWS cost rows",
                          fix="check --path or the Athena table, and --as-of")
    if len(accounts) == 1:
        only = accounts[0]
        return Scope("account", f"{only.name} ({only.id}) — {label}", only.id, accounts)
    return Scope("organization", f"{len(accounts)} accounts — {label}", "", accounts)
