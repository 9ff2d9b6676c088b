"""Aggregation of the canonical cost table: period totals, top-N with Others, categories, tree."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .catalog import category_of
from .options import Options
from .periods import Period, PeriodPlan
from .report import Column, Table, TreeNode, money
from .selection import Selection

__all__ = [
    "category_tree",
    "change_pct",
    "daily_totals",
    "period_totals",
    "ranked_table",
]

SPARK_DAYS = 30


def _in(frame: pd.DataFrame, period: Period) -> pd.Series:
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    return (frame["date"] >= start) & (frame["date"] < end)


def period_totals(frame: pd.DataFrame, plan: PeriodPlan, by: Sequence[str]) -> pd.DataFrame:
    """Current and previous totals per group (unrounded), with change and share."""
    keys = list(by)
    cur = frame[_in(frame, plan.current)].groupby(keys, dropna=False)["amount"].sum()
    prev = frame[_in(frame, plan.previous)].groupby(keys, dropna=False)["amount"].sum()
    out = pd.concat([cur.rename("current"), prev.rename("previous")], axis=1).fillna(0.0)
    out = out.reset_index()
    out["change"] = out["current"] - out["previous"]
    total = float(out["current"].sum())
    out["share"] = out["current"] / total * 100 if total else 0.0
    return out


def change_pct(current: float, previous: float, digits: int | None = 2) -> float | None:
    """Percentage change, None when there is nothing to compare with; `digits=None` keeps full
    precision (the status rows, so a consumer can re-derive SPIKE/WATCH at the threshold)."""
    if abs(previous) < 0.005:
        return None
    pct = (current - previous) / abs(previous) * 100
    return pct if digits is None else round(pct, digits)


_SORT = {"current": "current", "previous": "previous", "change": "abs_change"}


def _money_row(row: dict[str, Any], total: float) -> dict[str, Any]:
    current, previous = float(row["current"]), float(row["previous"])
    row.update(current=money(current), previous=money(previous),
               change=money(current - previous),
               change_pct=change_pct(current, previous, digits=None),
               share=current / total * 100 if total else 0.0)  # unrounded: shown at render
    return row


def _keep(row: pd.Series, opts: Options, sel: Selection) -> bool:
    biggest = max(abs(row["current"]), abs(row["previous"]))
    if opts.cost_threshold and biggest < opts.cost_threshold:
        return False
    if sel.cost_min is not None and not row["current"] > sel.cost_min:
        return False
    return not (sel.cost_max is not None and not row["current"] < sel.cost_max)


def ranked_table(totals: pd.DataFrame, *, key: str, title: str, label_columns: Sequence[Column],
                 opts: Options, sel: Selection, spark: dict[Any, list[float]] | None = None,
                 item_name: str = "rows", pinned: Sequence[Any] = ()) -> Table:
    """Sort, apply threshold/cost filters and top-N; fold the rest into an Others row so the
    table still adds up to the total."""
    data = totals.assign(abs_change=totals["change"].abs())
    data = data.sort_values([_SORT[opts.sort_by], "current"], ascending=False, kind="stable")
    kept = data[data.apply(_keep, axis=1, args=(opts, sel))] if len(data) else data
    under = int((data[["current", "previous"]].abs().max(axis=1) < opts.cost_threshold).sum()) \
        if opts.cost_threshold and len(data) else 0
    if opts.top_n:
        kept = kept.head(opts.top_n)
    label_keys = [c.key for c in label_columns]
    if pinned:  # rows that must stay visible (e.g. "untagged") whatever top-N folds
        extra = data[data[label_keys[0]].isin(list(pinned)) & ~data.index.isin(kept.index)]
        kept = pd.concat([kept, extra])
    rest = data.drop(kept.index)
    if len(rest) == 1:  # an "Others (1 …)" row would only hide a name
        kept, rest = data.loc[[*kept.index, *rest.index]], rest.iloc[0:0]
    total = float(data["current"].sum())
    rows = []
    for _, rec in kept.iterrows():
        row = {k: rec[k] for k in label_keys}
        row.update(current=rec["current"], previous=rec["previous"])
        if spark is not None:
            row["trend"] = spark.get(rec[label_keys[0]], [])
        rows.append(_money_row(row, total))
    if len(rest):
        other: dict[str, Any] = {k: "" for k in label_keys}
        other[label_keys[0]] = f"Others ({len(rest)} {item_name})"
        other.update(current=rest["current"].sum(), previous=rest["previous"].sum())
        if spark is not None:
            other["trend"] = []
        rows.append(_money_row(other, total))
    footer: dict[str, Any] = {k: "" for k in label_keys}
    footer[label_keys[0]] = "Total"
    footer.update(current=total, previous=float(data["previous"].sum()))
    if spark is not None:
        footer["trend"] = []
    columns = (*label_columns, Column("current", "Current", "money"),
               Column("previous", "Previous", "money"), Column("change", "Change $", "money"),
               Column("change_pct", "Change %", "percent"), Column("share", "Share", "share"))
    if spark is not None:
        columns = (*columns, Column("trend", "Trend", "spark"))
    note = _table_note(opts, sel, under)
    return Table(key, title, columns, tuple(rows), _money_row(footer, total), note)


def _table_note(opts: Options, sel: Selection, under: int = 0) -> str:
    parts = [f"sorted by {opts.sort_by}"]
    if opts.top_n:
        parts.append(f"top {opts.top_n}")
    if under:
        parts.append(f"{under} row{'s' if under != 1 else ''} under {opts.cost_threshold:,.2f} "
                     "in both periods folded into Others")
    if sel.cost_min is not None:
        parts.append(f"cost > {sel.cost_min:g}")
    if sel.cost_max is not None:
        parts.append(f"cost < {sel.cost_max:g}")
    return ", ".join(parts)


def daily_totals(frame: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Daily sums, optionally per `by` column, with every day present."""
    keys = ["date"] + ([by] if by else [])
    return frame.groupby(keys)["amount"].sum().reset_index()


def sparklines(frame: pd.DataFrame, plan: PeriodPlan, by: str) -> dict[Any, list[float]]:
    """The last SPARK_DAYS daily values per group, for trend columns."""
    end = pd.Timestamp(plan.current.end)
    days = pd.date_range(end - pd.Timedelta(days=SPARK_DAYS), end - pd.Timedelta(days=1))
    window = frame[(frame["date"] >= days[0]) & (frame["date"] <= days[-1])]
    pivot = window.pivot_table(index="date", columns=by, values="amount", aggfunc="sum")
    pivot = pivot.reindex(days).fillna(0.0)
    return {col: [round(float(v), 2) for v in pivot[col]] for col in pivot.columns}


def with_category(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a category column from the catalog."""
    categories = {s: category_of(s) for s in frame["service"].unique()}
    return frame.assign(category=frame["service"].map(categories).fillna("Other"))


def _node(label: str, cur: float, prev: float, children: tuple[TreeNode, ...] = (),
          count: int | None = None) -> TreeNode:
    return TreeNode(label, money(cur), money(prev), count, "", children)


def category_tree(frame: pd.DataFrame, plan: PeriodPlan, multi_account: bool) -> TreeNode:
    """Total → category → service (→ account in multi-account scope), current and previous."""
    data = with_category(frame)
    keys = ["category", "service"] + (["account_name"] if multi_account else [])
    totals = period_totals(data, plan, keys)
    rows = list(zip(*(totals[k].astype(str) for k in keys), totals["current"].astype(float),
                    totals["previous"].astype(float), strict=True))
    return _branch(rows, 0, len(keys), "Total")


_Row = tuple[Any, ...]  # the keys' values, then current and previous


def _branch(rows: list[_Row], depth: int, levels: int, label: str) -> TreeNode:
    # plain lists, not frame masks: a 100-account tree has thousands of nodes
    cur = math.fsum(r[levels] for r in rows)
    prev = math.fsum(r[levels + 1] for r in rows)
    if depth == levels:
        return _node(label, cur, prev)
    groups: dict[str, list[_Row]] = {}
    for row in rows:
        groups.setdefault(row[depth], []).append(row)
    order = sorted(sorted(groups), key=lambda name: -math.fsum(r[levels] for r in groups[name]))
    children = tuple(_branch(groups[name], depth + 1, levels, name) for name in order)
    return _node(label, cur, prev, children, count=len(children))
