"""What each display and table flag means in each mode: one meaning per flag, stated per mode
(the README table is generated from this; tests/test_flag_modes.py checks the behaviour)."""

from __future__ import annotations

__all__ = ["FLAG_MODES", "flag_modes_markdown"]

_SAME = "same in every mode"

# flag → (meaning everywhere, {mode: what it changes there})
FLAG_MODES: dict[str, tuple[str, dict[str, str]]] = {
    "--output-format": (
        "the detail section: table, tree or both (terminal, app, PDF/PNG pack alike)",
        {"executive": "services (and accounts) tables / category → service tree",
         "architect": "services and accounts tables / category → service → account tree",
         "sre": "change-status table / category → service → account tree of the changes; the "
                "anomaly table is always shown"}),
    "--summary-mode": (
        "the summary section: category table, category tree (top level), both or none "
        "(terminal, app, PDF/PNG pack alike)",
        {"executive": _SAME, "architect": _SAME, "sre": _SAME + " (default none)"}),
    "--sort-by": (
        "order of every ranked table by current, previous or |change|",
        {"executive": _SAME, "architect": _SAME,
         "sre": "change-status rows by severity first, then by this key"}),
    "--top-n": (
        "rows per table before the rest fold into one Others row (never a single row)",
        {"executive": _SAME, "architect": _SAME,
         "sre": "change-status rows shown (the note says N of M)"}),
    "--cost-threshold": (
        "rows whose cost stays under X in both periods are hidden; the note counts them",
        {"executive": "folded into Others (totals still add up)",
         "architect": "folded into Others (totals still add up)",
         "sre": "left out of the change-status table and its tree; the status floor for "
                "small changes is --status-min-change"}),
    "--verbose": (
        "more detail, never less: request log and full texts",
        {"executive": _SAME, "architect": _SAME,
         "sre": "recommended actions in full (short without it; always visible)"}),
    "--filter currency:XXX": (
        "keep one billing currency (mixed currencies are refused, never summed)",
        {"executive": _SAME, "architect": _SAME, "sre": _SAME}),
}


def flag_modes_markdown() -> str:
    """The flag × mode table for the README."""
    lines = ["| Flag | Meaning | executive | architect | sre |", "|---|---|---|---|---|"]
    for flag, (meaning, modes) in FLAG_MODES.items():
        cells = " | ".join(modes[m].replace("|", "\\|") for m in ("executive", "architect", "sre"))
        lines.append(f"| `{flag}` | {meaning.replace('|', chr(92) + '|')} | {cells} |")
    return "\n".join(lines)
