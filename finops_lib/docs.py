"""Reference tables for the README, generated from the declarations they document."""

from __future__ import annotations

from .catalog import SERVICE_ALIASES, category_of
from .options import OPTIONS

__all__ = ["BLOCKS", "options_markdown", "services_markdown"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def options_markdown() -> str:
    """Every option: flag, values, default, persona defaults, help, where it appears."""
    lines = ["| Flag | Values | Default | Persona defaults | Surfaces | What it does |",
             "|---|---|---|---|---|---|"]
    for opt in OPTIONS:
        values = ", ".join(opt.choices) if opt.choices else opt.kind
        default = opt.to_text(opt.default) if opt.default not in (None, (), "") else "—"
        personas = "; ".join(f"{m}: {opt.to_text(v)}" for m, v in opt.persona_defaults.items())
        surfaces = ", ".join(sorted(opt.surfaces))
        lines.append(f"| `{opt.flag}` | {_cell(values)} | {_cell(default)} | "
                     f"{_cell(personas) or '—'} | {surfaces} | {_cell(opt.help)} |")
    return "\n".join(lines)


def services_markdown() -> str:
    """Short service names, the Cost Explorer names they map to, and their category."""
    lines = ["| Short name | Cost Explorer service | Category |", "|---|---|---|"]
    for alias, name in SERVICE_ALIASES.items():
        lines.append(f"| `{alias}` | {name} | {category_of(name)} |")
    return "\n".join(lines)


def signals_markdown() -> str:
    """The activity signal catalog (codes, rules, windows, weights) from the signal registry."""
    from .activity.registry import catalog_markdown

    return str(catalog_markdown()).strip()


def flag_modes_block() -> str:
    """What each display/table flag means per mode (finops_lib.flag_modes)."""
    from .flag_modes import flag_modes_markdown

    return flag_modes_markdown()


BLOCKS = {"options": options_markdown, "services": services_markdown,
          "signals": signals_markdown, "flag-modes": flag_modes_block}


def render_blocks(text: str) -> str:
    """Replace every `<!-- BEGIN name -->…<!-- END name -->` block with its generated table."""
    for name, make in BLOCKS.items():
        begin, end = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            _, tail = rest.split(end, 1)
            text = f"{head}{begin}\n{make()}\n{end}{tail}"
    return text
