"""The page layout of the HTML report: tables and trees as formatted cells, cut into page-sized
chunks whose column widths are estimated from the printed font (wkhtmltopdf can't do either).

Cells are formatted exactly as the terminal and Markdown show them; sparklines are inline SVG
data URIs, so the page loads nothing.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..formatting import fmt, fmt_money
from ..report import Column, Table, Tree

__all__ = ["Cell", "Layout", "column_widths", "detail_keys", "keeps_whole", "spark_uri",
           "svg_data_uri", "table_view", "text_em", "tone", "tree_view"]

NUMERIC_KINDS = ("money", "percent", "share", "number")
TREE_DEPTH = 3  # root, categories, services, accounts: the same depth as the Markdown pack
SPARK_WIDTH_PX = 84
SPARK_HEIGHT_PX = 16


@dataclass(frozen=True)
class Cell:
    """A formatted table cell: text, CSS classes and an optional image (sparklines)."""

    text: str
    css: str = ""
    image: str = ""


def svg_data_uri(svg: str) -> str:
    """An SVG document as a base64 data URI (no quoting issues inside an attribute)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# ---------------------------------------------------------------- page geometry

# Debian's wkhtmltopdf (unpatched Qt) repeats no table headers and splits table rows across
# pages; only `page-break-inside: avoid` on a block works. So tables are cut here into chunks
# that fit on a page, each a block with its own header: a page break can only fall between
# chunks, and every page a table continues on starts with its column headers.
PAGE_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
PAGE_MARGIN_MM = 12.0
CSS_PX_PER_MM = 4.91  # measured: wkhtmltopdf lays out 913 CSS px across A4 minus 24 mm
PAGE_FILL = 0.9  # a chunk may fill this share of a page (the estimate below is approximate)
FONT_STEPS_PX = (13.0, 12.0, 11.0)  # table font sizes; keep in step with the template's f13…f11
LINE_HEIGHT = 1.35
ROW_CHROME_PX = 11.0  # vertical padding and border of one row
TITLE_ROW_PX = 34.0
NOTE_PX = 24.0
WIDE_TABLE_COLUMNS = 8


@dataclass(frozen=True)
class Layout:
    """Where the page will be printed: page size, and whether to cut tables into pages."""

    page_size: str = "a4"
    paginate: bool = True

    @property
    def width_px(self) -> float:
        """Printable width in CSS px."""
        return (PAGE_MM[self.page_size][0] - 2 * PAGE_MARGIN_MM) * CSS_PX_PER_MM

    @property
    def chunk_px(self) -> float:
        """The height one table chunk may take, in CSS px."""
        return (PAGE_MM[self.page_size][1] - 2 * PAGE_MARGIN_MM) * CSS_PX_PER_MM * PAGE_FILL


# Widths are estimated in em from Liberation Sans (Arial) metrics, rounded up a little.
_NARROW = frozenset("iljfrtI.,:;|!'()[]{}/ ")  # about 0.28 em
_BROAD = frozenset("mwMW%@")  # about 0.85 em
_FIGURE_EM = {"money": 6.6, "percent": 4.4, "share": 3.9, "number": 4.2, "date": 5.8}
TEXT_EM_CAP = 16.0  # a text column never asks for more (about 30 characters)
CELL_PADDING_PX = 8.0
DETAIL_MIN_COLUMNS = 10  # in tables this wide, long text moves to a line under its row
DETAIL_TEXT_CHARS = 60
HEADER_EM = 0.95  # column labels: capitals in a smaller font, letter-spaced
FALLBACK_FONT_SLACK = 1.12
NOWRAP_WORD_CHARS = 40  # one-word cells up to this long never wrap (ids, OU paths, dates)


def text_em(text: str) -> float:
    """Approximate rendered width of `text`, in em."""
    return sum(0.3 if ch in _NARROW else 0.86 if ch in _BROAD else 0.68 if ch.isupper()
               else 0.56 if ch.isdigit() else 0.52 for ch in text)


def _longest(table: Table, col: Column) -> tuple[float, float, int]:
    """(widest cell, widest word) in em, and the longest cell in characters."""
    texts = [fmt(r.get(col.key), col.kind) for r in table.rows] if col.kind != "spark" else []
    return (max([text_em(t) for t in texts] + [0.0]),
            max([text_em(w) for t in texts for w in t.split()] + [0.0]),
            max([len(t) for t in texts] + [0]))


def detail_keys(table: Table) -> tuple[str, ...]:
    """Long text columns of a wide table, shown as labelled lines under each row."""
    if len(table.columns) < DETAIL_MIN_COLUMNS:
        return ()
    return tuple(c.key for c in table.columns
                 if c.kind == "text" and _longest(table, c)[2] > DETAIL_TEXT_CHARS)


def _wanted(table: Table, col: Column, font_px: float) -> tuple[float, float]:
    """(wanted, least) width of a column in em."""
    widest, word, _ = _longest(table, col)
    label_word = max(text_em(w.upper()) for w in col.label.split() or [""]) * HEADER_EM
    if col.kind == "spark":
        want = SPARK_WIDTH_PX / font_px + 0.5
    elif col.kind in _FIGURE_EM:
        want = max(_FIGURE_EM[col.kind], widest)
    elif col.kind == "status":
        want = widest + 1.5  # a pill is wider than its text
    else:
        # A word never breaks, so its room is estimated generously: a fallback font such as
        # DejaVu Sans is up to ~12% wider than Liberation Sans.
        floor = max(word * FALLBACK_FONT_SLACK, label_word, 2.5)
        return max(min(widest, TEXT_EM_CAP), floor), floor
    want = max(want, label_word)
    return want, want


def column_widths(table: Table, columns: Sequence[Column], width_px: float
                  ) -> tuple[float, list[float]]:
    """(font px, column widths in %). Figures get what they need; text columns get their
    widest cell, shrunk toward their widest word (lines wrap between words) when the page
    is too narrow; wide tables step down a font size when even that doesn't fit."""
    fonts = FONT_STEPS_PX if len(columns) >= WIDE_TABLE_COLUMNS else FONT_STEPS_PX[:1]
    for font in fonts:
        pairs = [_wanted(table, col, font) for col in columns]
        room = (width_px - CELL_PADDING_PX * len(columns)) / font
        if sum(f for _, f in pairs) <= room:
            break
    wanted = [w for w, _ in pairs]
    slack = sum(w - f for w, f in pairs)
    excess = sum(wanted) - room
    if excess > 0 and slack > 0:
        cut = min(excess / slack, 1.0)
        wanted = [w - (w - f) * cut for w, f in pairs]
    spare = max(room - sum(wanted), 0.0) / sum(wanted)  # any room left is shared out
    widths_px = [w * (1 + spare) * font + CELL_PADDING_PX for w in wanted]
    total = sum(widths_px)
    return font, [w / total * 100 for w in widths_px]


def _lines(text: str, width_px: float, font_px: float) -> int:
    """How many lines `text` wraps to in a cell `width_px` wide."""
    per_line = max((width_px - CELL_PADDING_PX) / font_px, 1.0)
    lines, used = 1, 0.0
    for word in text.split():
        need = text_em(word)
        if used and used + 0.3 + need > per_line:
            lines, used = lines + 1, 0.0
        used += (0.3 if used else 0.0) + need
        while used > per_line:  # a word wider than the cell is broken
            lines, used = lines + 1, used - per_line
    return lines


def _row_px(cells: Sequence[Cell], widths_px: Sequence[float], font_px: float) -> float:
    lines = max(_lines(c.text, w, font_px) for c, w in zip(cells, widths_px, strict=True))
    return lines * font_px * LINE_HEIGHT + ROW_CHROME_PX


def _chunks(heights: Sequence[float], header_px: float, layout: Layout) -> list[list[int]]:
    """Row indexes grouped so that each group, with its header, fits on one page."""
    if not layout.paginate:
        return [list(range(len(heights)))]
    groups: list[list[int]] = [[]]
    used = header_px
    for index, height in enumerate(heights):
        if groups[-1] and used + height > layout.chunk_px:
            groups.append([])
            used = header_px
        groups[-1].append(index)
        used += height
    return groups


# ---------------------------------------------------------------- cells and tables


def tone(value: Any) -> str:
    """"up" for a rise, "down" for a fall, "" otherwise (the CSS class of a change)."""
    if not isinstance(value, (int, float)) or value == 0:
        return ""
    return "up" if value > 0 else "down"


def keeps_whole(text: str, kind: str) -> bool:
    """True for cells printed on one line: figures, dates, and one-word text such as account
    ids or OU paths (a 12-digit id broken over two lines can't be read or searched)."""
    return kind in NUMERIC_KINDS or kind in ("date", "status") or (
        bool(text) and len(text) <= NOWRAP_WORD_CHARS and len(text.split()) == 1)


def _cell(row: Mapping[str, Any], key: str, kind: str) -> Cell:
    value = row.get(key)
    if kind == "spark":
        values = [float(v) for v in value or ()]
        return Cell("", "spark", spark_uri(values) if len(values) > 1 else "")
    text = fmt(value, kind)
    css = ["num"] if kind in NUMERIC_KINDS else [kind]
    if keeps_whole(text, kind):
        css.append("nowrap")
    if kind == "percent" or (kind == "money" and "change" in key):
        css.append(tone(value))
    if kind == "status":
        css.append("status-" + text.lower())
    return Cell(text, " ".join(c for c in css if c))


def _grid(key: str, title: str, note: str, headers: list[Cell], widths: list[float],
          rows: list[dict[str, Any]], total: list[Cell] | None, layout: Layout,
          font: float = FONT_STEPS_PX[0]) -> dict[str, Any]:
    """A titled table cut into page-sized chunks (see the page geometry notes above)."""
    widths_px = [w / 100 * layout.width_px for w in widths]
    header_px = TITLE_ROW_PX + _row_px([Cell(h.text.upper()) for h in headers], widths_px, font - 1)
    body = rows + ([{"css": "total", "cells": total, "details": []}] if total else [])
    heights = [_row_px(r["cells"], widths_px, font)
               + sum(_row_px([Cell(f"{k}: {v}")], [layout.width_px], font - 1) for k, v in r["details"])
               for r in body]
    if note and heights:
        heights[-1] += NOTE_PX  # the note travels with the last rows
    chunks = [{"continued": n > 0, "rows": [body[i] for i in group]}
              for n, group in enumerate(_chunks(heights, header_px, layout))]
    return {"key": key, "title": title, "note": note, "headers": headers, "font": f"f{font:g}",
            "widths": [f"{w:.1f}%" for w in widths], "chunks": chunks}


def table_view(table: Table, layout: Layout | None = None) -> dict[str, Any]:
    """A table's header, rows and total as formatted cells, in page-sized chunks."""
    details = detail_keys(table)
    columns = [c for c in table.columns if c.key not in details]
    labels = {c.key: c.label for c in table.columns}
    headers = [Cell(c.label, f"num col-{c.key}" if c.kind in NUMERIC_KINDS else f"{c.kind} col-{c.key}")
               for c in columns]
    rows = [{"css": "odd" if n % 2 else "even",
             "cells": [_cell(row, c.key, c.kind) for c in columns],
             "details": [(labels[k], str(row.get(k))) for k in details if row.get(k)]}
            for n, row in enumerate(table.rows)]
    total = [_cell(table.total, c.key, c.kind) for c in columns] if table.total else None
    layout = layout or Layout()
    font, widths = column_widths(table, columns, layout.width_px)
    return _grid(table.key, table.title, table.note, headers, widths, rows, total, layout, font)


def spark_uri(values: Sequence[float]) -> str:
    """A small line chart of daily values as an SVG data URI."""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (SPARK_WIDTH_PX - 2) / (len(values) - 1)
    rise = SPARK_HEIGHT_PX - 4
    points = " ".join(f"{1 + i * step:.1f},{SPARK_HEIGHT_PX - 2 - (v - low) / span * rise:.1f}"
                      for i, v in enumerate(values))
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SPARK_WIDTH_PX}" '
           f'height="{SPARK_HEIGHT_PX}" viewBox="0 0 {SPARK_WIDTH_PX} {SPARK_HEIGHT_PX}">'
           f'<polyline fill="none" stroke="#2f6fb3" stroke-width="1.2" points="{points}"/></svg>')
    return svg_data_uri(svg)


_TREE_HEADERS = [Cell("Item", "text"), Cell("Items", "num"), Cell("Current", "num"),
                 Cell("Previous", "num"), Cell("Change $", "num")]
_TREE_WIDTHS = [52.0, 8.0, 14.0, 13.0, 13.0]
# A tree without a comparison (the Activity Health Tree) has no Previous/Change columns.
_PLAIN_TREE_HEADERS = _TREE_HEADERS[:3]
_PLAIN_TREE_WIDTHS = [76.0, 8.0, 16.0]
# Cost trees stop at accounts; other trees (activity) go down to their leaves (resources).
TREE_DEPTHS = {"categories": TREE_DEPTH, "changes": TREE_DEPTH}
FULL_DEPTH = 8


def tree_view(tree: Tree, layout: Layout | None = None, max_depth: int | None = None
              ) -> dict[str, Any]:
    """A tree flattened to indented rows (a table breaks across pages cleanly)."""
    depth_limit = max_depth if max_depth is not None else TREE_DEPTHS.get(tree.key, FULL_DEPTH)
    compared = any(n.previous is not None for _, n in tree.root.walk())
    rows = []
    for depth, node in tree.root.walk():
        if depth > depth_limit:
            continue
        change = None if node.previous is None else round(node.value - node.previous, 2)
        label = node.label + (f" · {node.detail}" if node.detail else "")
        cells = [Cell(label, "text node"),
                 Cell("" if node.count is None else str(node.count), "num"),
                 Cell(fmt_money(node.value), "num")]
        if compared:
            cells += [Cell(fmt_money(node.previous), "num"),
                      Cell(fmt_money(change, signed=True), f"num {tone(change)}".strip())]
        rows.append({"css": f"depth-{depth}", "details": [], "cells": cells})
    headers, widths = ((_TREE_HEADERS, _TREE_WIDTHS) if compared
                       else (_PLAIN_TREE_HEADERS, _PLAIN_TREE_WIDTHS))
    return _grid(tree.key, tree.title, "", headers, widths, rows, None, layout or Layout())
