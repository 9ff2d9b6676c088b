"""The terminal renderer (rich): the same report structure as every other surface."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text
from rich.tree import Tree as RichTree

from .drawn import DETAIL_TREES, table_drawn
from .formatting import fmt, fmt_money, in_currency, kpi_text, status_text
from .report import Report, Table, TreeNode

__all__ = ["render_terminal"]

STATUS_STYLE = {"SPIKE": "bold red", "DROP": "bold green", "WATCH": "yellow",
                "NORMAL": "dim", "NEW": "bold cyan", "GONE": "magenta"}
NUMERIC = ("money", "percent", "share", "number")
# Long free-text columns the terminal shows only with --verbose (every export keeps them).
VERBOSE_ONLY = {"evidence", "unknown", "runbook", "last_day"}
# Always shown: their first clause in the terminal, in full with --verbose.
SHORT_UNLESS_VERBOSE = {"action"}
SHORT_CHARS = 50
HIDDEN = {"activity_resources": {"service"}}


def _kpis(report: Report) -> RichTable:
    grid = RichTable(show_header=False, box=None, padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(justify="right")
    grid.add_column(style="dim")
    for kpi in report.kpis:
        grid.add_row(kpi.label, kpi_text(kpi), kpi.help)
    return grid


def short(text: str) -> str:
    """The first clause of a recommended action ("Investigate now")."""
    cut = min((i for i in (text.find(":"), text.find(";"), text.find(".")) if i > 0),
              default=len(text))
    head = text[:cut].strip()
    return head if len(head) <= SHORT_CHARS else head[:SHORT_CHARS - 1] + "…"


def _cell(value: object, kind: str, key: str = "", verbose: bool = True) -> Text:
    text = fmt(value, kind)
    if key in SHORT_UNLESS_VERBOSE and not verbose:
        return Text(short(text))
    if kind == "status":
        return Text(status_text(text), style=STATUS_STYLE.get(text, ""))
    if kind in ("money", "percent") and text.startswith("-"):
        return Text(text, style="green")
    if kind in ("money", "percent") and text.startswith("+"):
        return Text(text, style="red")
    return Text(text)


def _table(table: Table, verbose: bool) -> RichTable:
    out = RichTable(title=table.title, caption=table.note or None, title_justify="left",
                    show_footer=table.total is not None)
    hidden = HIDDEN.get(table.key, set()) | (set() if verbose else VERBOSE_ONLY)
    # a column no row fills (owner, note before anyone triaged) only takes width on a terminal
    columns = [c for c in table.columns if c.key not in hidden
               and any(row.get(c.key) not in (None, "") for row in table.rows)]
    for col in columns:
        footer = fmt(table.total.get(col.key), col.kind) if table.total else ""
        out.add_column(col.label, footer=footer, overflow="fold",
                       justify="right" if col.kind in NUMERIC else "left")
    for row in table.rows:
        out.add_row(*[_cell(row.get(c.key), c.kind, c.key, verbose) for c in columns])
    return out


def _tree(node: TreeNode, max_depth: int) -> RichTree:
    def label(n: TreeNode) -> str:
        prev = f" [dim](prev {fmt_money(n.previous)})[/dim]" if n.previous is not None else ""
        count = f" [dim]· {n.count}[/dim]" if n.count is not None and n.children else ""
        detail = f" [dim]{Text(n.detail).markup}[/dim]" if n.detail else ""
        return f"[bold]{Text(n.label).markup}[/bold] {fmt_money(n.value)}{prev}{count}{detail}"

    root = RichTree(label(node))
    stack = [(root, node, 0)]
    while stack:
        branch, current, depth = stack.pop(0)
        if depth >= max_depth:
            continue
        for child in current.children:
            stack.append((branch.add(label(child)), child, depth + 1))
    return root


def _sections(report: Report, verbose: bool) -> list[object]:
    parts: list[object] = []
    if report.shows("summary_table") and report.table("summary"):
        parts.append(_table(report.table("summary"), verbose))  # type: ignore[arg-type]
    tree = report.tree("categories")
    if tree and report.shows("summary_tree"):
        parts.append(Panel(_tree(tree.root, 1), title="Categories", title_align="left"))
    for table in report.tables:
        if table.key != "summary" and table_drawn(report, table.key):
            parts.append(_table(table, verbose))
    for t in report.trees:
        if report.shows("detail_tree") or t.key not in DETAIL_TREES:
            parts.append(Panel(_tree(t.root, 4), title=t.title, title_align="left"))
    return parts


@in_currency
def render_terminal(report: Report, console: Console | None = None, verbose: bool = False) -> None:
    """Print the report: header, KPIs, the sections display options ask for, validation."""
    console = console or Console()
    p = report.periods
    header = Text.assemble((report.title, "bold"), "\n", report.headline, "\n",
                           (f"{report.scope.label} · {p.current.label} vs {p.previous.label} · "
                            f"{report.options.cost_metric} · {report.source}", "dim"))
    console.print(Panel(header, border_style="blue"))
    for notice in report.notices:
        console.print(Text("ⓘ " + notice, style="yellow"))
    console.print(Panel(_kpis(report), title="Key figures", title_align="left"))
    for line in report.summary_lines:
        console.print(Text("• " + line))
    for part in _sections(report, verbose):
        console.print(part)
    for check in report.checks:
        console.print(Text(("✔ " if check.passed else "✘ ") + f"{check.name}: {check.detail}",
                           style="green" if check.passed else "bold red"))
    if report.validation:
        ok = report.validation.passed
        console.print(Text(report.validation.badge, style="bold green" if ok else "bold red"))
        if verbose or not ok:
            for c in report.validation.checks:
                console.print(Text(f"  {'✔' if c.passed else '✘'} {c.name}: {c.detail}"))
    console.print(Text(f"Cost Explorer requests: {report.api_requests}", style="dim"))


