"""Markdown: a readable persona pack, safe against pipes, Markdown and HTML in names."""

from __future__ import annotations

import re
from typing import Any

from ..drawn import DETAIL_TREES
from ..formatting import fmt, fmt_money, in_currency, kpi_text
from ..report import Report, Table, TreeNode

__all__ = ["escape", "render_markdown"]

# Only what is special inside a line: every escaped value sits after our own prefix, so
# line-start markers (#, -, +, >) cannot take effect and are left readable.
_SPECIAL = re.compile(r"([\\`*_\[\]!|~])")


def escape(text: Any) -> str:
    """Inert Markdown text: HTML entities escaped, Markdown punctuation backslashed."""
    value = str(text).replace("\r", " ").replace("\n", " ")
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", value)


def _table(table: Table) -> list[str]:
    lines = [f"### {escape(table.title)}", ""]
    if table.note:
        lines += [f"_{escape(table.note)}_", ""]
    cols = [c for c in table.columns if c.kind != "spark"]
    lines.append("| " + " | ".join(escape(c.label) for c in cols) + " |")
    lines.append("|" + "|".join("---:" if c.kind in ("money", "percent", "share", "number")
                                else "---" for c in cols) + "|")
    rows = list(table.rows) + ([table.total] if table.total else [])
    for row in rows:
        lines.append("| " + " | ".join(escape(fmt(row.get(c.key), c.kind)) for c in cols) + " |")
    return [*lines, ""]


def _tree(node: TreeNode, depth: int, max_depth: int) -> list[str]:
    prev = f" (previous {fmt_money(node.previous)})" if node.previous is not None else ""
    count = f", {node.count} item{'s' if node.count != 1 else ''}" \
        if node.count is not None else ""
    detail = f" — {node.detail}" if node.detail else ""
    lines = [f"{'  ' * depth}- **{escape(node.label)}** {escape(fmt_money(node.value))}"
             f"{escape(prev)}{escape(count)}{escape(detail)}"]
    if depth < max_depth:
        for child in node.children:
            lines += _tree(child, depth + 1, max_depth)
    return lines


@in_currency
def render_markdown(report: Report) -> str:
    """The whole pack as Markdown text."""
    p = report.periods
    lines = [f"# {escape(report.title)}", "", f"**{escape(report.headline)}**", "",
             f"- Scope: {escape(report.scope.label)}",
             f"- Period: {escape(p.current.label)} compared with {escape(p.previous.label)} "
             f"({escape(p.timeframe)}, as of {p.as_of.isoformat()})",
             f"- Cost metric: {escape(report.options.cost_metric)}; source: {escape(report.source)}",
             f"- {escape(report.validation.badge) if report.validation else 'Not validated'}",
             f"- Cost Explorer requests: {report.api_requests}", ""]
    lines += [f"> {escape(n)}" for n in report.notices] + ([""] if report.notices else [])
    lines += ["## Key figures", "", "| Figure | Value |", "|---|---:|"]
    lines += [f"| {escape(k.label)} | {escape(kpi_text(k))} |" for k in report.kpis]
    lines.append("")
    if report.summary_lines:
        lines += ["## Activity", ""] + [f"- {escape(s)}" for s in report.summary_lines] + [""]
    lines += ["## Tables", ""]
    for table in report.tables:
        lines += _table(table)
    for tree in report.trees:
        # Cost trees stop at accounts; the Activity Health Tree goes down to its resources.
        depth = 3 if tree.key in DETAIL_TREES else 8
        lines += [f"## {escape(tree.title)}", "", *_tree(tree.root, 0, depth), ""]
    if report.checks:
        lines += ["## Consistency checks", ""]
        lines += [f"- {'PASSED' if c.passed else 'FAILED'}: {escape(c.name)} — {escape(c.detail)}"
                  for c in report.checks] + [""]
    if report.validation:
        lines += ["## Validation", ""]
        lines += [f"- {'PASSED' if c.passed else 'FAILED'}: {escape(c.name)} — {escape(c.detail)}"
                  for c in report.validation.checks] + [""]
    lines.append(f"_Generated {report.generated_at.isoformat()} by finops_lib._")
    return "\n".join(lines) + "\n"


def render(report: Report) -> list[tuple[str, bytes]]:
    """The persona pack as one .md file."""
    return [(".md", render_markdown(report).encode("utf-8"))]
