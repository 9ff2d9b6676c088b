"""Write the six persona notebooks from one description per persona and scope.

Each notebook's parameters cell is generated from the spec's canonical command pattern (§5)
and the option declaration (finops_lib.options.OPTIONS), so notebook parameters and command
options cannot drift apart. Run from the repository root:

    .venv/bin/python notebooks/build_notebooks.py          # (re)write the notebooks
    .venv/bin/python notebooks/build_notebooks.py --check  # exit 1 if they are out of date
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbformat import v4

from finops_lib.options import option

HERE = Path(__file__).resolve().parent

# Parameters every notebook adds to its pattern so runs can be pinned and redirected; all three
# are declared options. `source` auto = Cost Explorer with a profile, else the demo organization.
EXTRA_PARAMETERS: tuple[tuple[str, Any], ...] = (("source", "auto"), ("as_of", None),
                                                 ("output_dir", "exports"))

# The spec's notebook blueprints (§5, "Inputs") ask for these options beyond the command
# pattern; they start at None (the option's default), so a run changes nothing unless set.
BLUEPRINT_INPUTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("executive", "single_account"): ("filter", "cost_threshold", "top_n"),
    ("executive", "multi_account_lz"): ("accounts", "services", "filter", "cost_threshold",
                                        "top_n"),  # filter takes ou:NAME for OUs
    ("architect", "single_account"): ("cost_threshold",),
    ("architect", "multi_account_lz"): ("accounts", "cost_threshold"),
    ("sre", "single_account"): (),
    ("sre", "multi_account_lz"): ("accounts", "services"),
}

COMMON_CHECKLIST = (
    "Profiles used in CLI & notebooks map to **documented AWS named profiles**.",
    "`--timeframe`, `--cost-metric`, and `--validation-level` choices are documented in your "
    "internal FinOps standards.",
    "`--filter`, `--services`, `--accounts`, and `--cost-threshold` patterns are reviewed and "
    "agreed.",
    "Exports (`csv`, `json`, `pdf`, `markdown`) are stored and shared according to your internal "
    "policies.",
)


@dataclass(frozen=True)
class Persona:
    """One persona: its spec section, questions, command pattern (minus scope) and checklist."""

    mode: str
    title: str
    section: str
    questions: tuple[str, ...]
    pattern: tuple[tuple[str, Any], ...]  # (option name, value) in the spec's order
    checklist: tuple[str, ...]


@dataclass(frozen=True)
class Scope:
    """Single account (--profile) or multi-account landing zone (--all-profile)."""

    suffix: str
    title: str
    option: str
    placeholder: str  # what the spec passes, e.g. $AWS_PROFILE


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "executive", "Executive", "8.2",
        ("What did we spend in the current month, and how does it compare with the last one?",
         "What is the daily run rate, and where will the month end?",
         "Which services (and, for the landing zone, which accounts) drive the bill?",
         "Is the figure validated well enough for a governance report?"),
        (("timeframe", "monthly"), ("cost_metric", "amortized"), ("summary_mode", "table"),
         ("output_format", "table"), ("export", ("pdf", "markdown")),
         ("validation_level", "mcp")),
        ("Exec views use **C-suite friendly summaries** (tables only or minimal tree).",
         "Only **validated** (`mcp` or `strict`) outputs are used for governance reports.",
         "Profiles used (e.g. **billing/management**) are clearly owned and maintained.",
         "Activity-analysis is **automatically enabled** for executive mode (no manual flag "
         "required)."),
    ),
    Persona(
        "architect", "Architect", "8.3",
        ("Which infrastructure services (EC2, RDS, S3, ELB) cost most, and which changed most?",
         "How does the cost break down by category, service and account?",
         "Are the figures consistent (services add up to the account total)?",
         "Which resources show low-activity signals (E1–E7, R1–R7, S1–S7)?"),
        (("timeframe", "monthly"), ("cost_metric", "blended"),
         ("services", ("EC2", "RDS", "S3", "ELB")), ("activity_analysis", True), ("top_n", 50),
         ("sort_by", "change"), ("summary_mode", "both"), ("output_format", "both"),
         ("export", ("csv", "markdown")), ("validation_level", "mcp")),
        ("Service subsets in `--services` reflect your current **infrastructure patterns**.",
         "**Manually enable** `--activity-analysis` for behavior signals (not auto-enabled); "
         "this notebook's parameters enable it.",
         "CSV exports are integrated into **architecture review** and **platform backlog** "
         "workflows.",
         "Understand current mode shares default rendering (spec §7.1)."),
    ),
    Persona(
        "sre", "SRE / CloudOps", "8.4",
        ("Which services spiked (> +20 %) or dropped (< −20 %) against the day before?",
         "Which changes are large enough (≥ $1,000) to investigate now?",
         "What do activity signals say about the resources behind a change?",
         "Which files go into the incident ticket or the automation (CSV/JSON/Markdown)?"),
        (("timeframe", "daily"), ("cost_metric", "unblended"), ("cost_threshold", 1000),
         ("top_n", 50), ("sort_by", "change"), ("activity_analysis", True),
         ("summary_mode", "table"), ("output_format", "table"), ("validation_level", "mcp"),
         ("verbose", True), ("export", ("csv", "json", "markdown"))),
        ("Timeframes and thresholds support **rapid anomaly detection**.",
         "**Manually enable** `--activity-analysis` for enriched operational insights; this "
         "notebook's parameters enable it.",
         "JSON/CSV exports are integrated into **incident management** and **automation** where "
         "appropriate.",
         "`--verbose` logs are used during investigations and managed according to logging "
         "policies.",
         "Understand current mode shares default rendering (spec §7.1)."),
    ),
)

SCOPES: dict[str, tuple[Scope, Scope]] = {
    "executive": (Scope("single_account", "single AWS account", "profile", "$AWS_PROFILE"),
                  Scope("multi_account_lz", "multi-account landing zone", "all_profile",
                        "$MANAGEMENT_PROFILE")),
    "architect": (Scope("single_account", "single AWS account", "profile", "$AWS_PROFILE"),
                  Scope("multi_account_lz", "multi-account landing zone", "all_profile",
                        "$CENTRALISED_OPS_PROFILE")),
    "sre": (Scope("single_account", "single AWS account", "profile", "$AWS_PROFILE"),
            Scope("multi_account_lz", "multi-account landing zone", "all_profile",
                  "$MANAGEMENT_OR_OPS_PROFILE")),
}


@dataclass(frozen=True)
class Spec:
    """Everything one notebook is generated from."""

    persona: Persona
    scope: Scope

    @property
    def name(self) -> str:
        """The notebook's file name."""
        return f"finops_{self.persona.mode}_{self.scope.suffix}.ipynb"

    def pattern(self) -> list[tuple[str, Any]]:
        """The spec's command pattern as (option, value): mode, scope, then the persona's."""
        return [("mode", self.persona.mode), (self.scope.option, self.scope.placeholder),
                *self.persona.pattern]

    def parameters(self) -> list[tuple[str, Any]]:
        """Notebook parameters: the pattern (scope = None, i.e. demo/AWS_PROFILE) + extras."""
        params = [(n, None if n == self.scope.option else v) for n, v in self.pattern()]
        named = {n for n, _ in params}
        inputs = [(n, None) for n in BLUEPRINT_INPUTS[(self.persona.mode, self.scope.suffix)]
                  if n not in named]
        return params + inputs + list(EXTRA_PARAMETERS)


def spec_for(name: str) -> Spec:
    """The spec of the notebook called `name`."""
    return next(s for s in all_specs() if s.name == name)


def all_specs() -> list[Spec]:
    """The six notebooks, executive → architect → sre, single account first."""
    return [Spec(p, s) for p in PERSONAS for s in SCOPES[p.mode]]


def command_lines(spec: Spec) -> list[str]:
    """The equivalent `python -m finops_lib dashboard` command, one option per line."""
    lines = ["python -m finops_lib dashboard"]
    for name, value in spec.pattern():
        opt = option(name)
        if opt.kind == "bool":
            lines.append(opt.flag)
        elif name == "export":
            lines += [f"{opt.flag} {fmt}" for fmt in value]
        elif isinstance(value, str) and value.startswith("$"):
            lines.append(f'{opt.flag} "{value}"')
        else:
            lines.append(f"{opt.flag} {shlex.quote(opt.to_text(opt.coerce(value)))}")
    return lines


def _header(spec: Spec) -> str:
    persona, scope = spec.persona, spec.scope
    command = " \\\n  ".join(command_lines(spec))
    questions = "\n".join(f"- {q}" for q in persona.questions)
    checks = "\n".join(f"- [ ] {c}" for c in (*COMMON_CHECKLIST, *persona.checklist))
    demo_hint = (" (set `source = 'demo'` and `profile = 'workloads-prod'` for one demo account)"
                 if scope.option == "profile" else "")
    return (
        f"# FinOps dashboard — {persona.title}, {scope.title}\n\n"
        f"**Questions this notebook answers**\n\n{questions}\n\n"
        f"**Equivalent command** (spec §5, the source of truth for this notebook)\n\n"
        f"```bash\n{command}\n```\n\n"
        f"Every parameter below is that command's option of the same name "
        f"(`finops_lib.options.OPTIONS`). With `{scope.option} = None` and no `AWS_PROFILE`, "
        f"the notebook and the command both read the built-in demo organization{demo_hint}. "
        f"The notebook "
        f"only calls `finops_lib` and displays the result: its figures and exports are the "
        f"command's.\n\n"
        f"**Governance checklist** (spec §8.1 and §{persona.section})\n\n{checks}\n"
    )


def _parameters(spec: Spec) -> str:
    lines = ["# Parameters (papermill: tag `parameters`). Each name is a dashboard option; the",
             "# values are the spec's command pattern. None means the option's default."]
    for name, value in spec.parameters():
        opt = option(name)
        canonical = None if value is None else opt.coerce(value)
        literal = repr(list(canonical) if isinstance(canonical, tuple) else canonical)
        note = f" (spec: {spec.scope.placeholder})" if name == spec.scope.option else ""
        lines.append(f"{name} = {literal}  # {opt.flag}{note}: {opt.help}")
    return "\n".join(lines)


def _load(spec: Spec) -> str:
    args = "".join(f"    {name}={name},\n" for name, _ in spec.parameters())
    return ("from finops_lib import notebook as nb\n\n"
            f"report = nb.load(\n{args})\n"
            "print(nb.command(report))\n"
            "print()\n"
            "print(nb.overview(report))")


_BODY: tuple[tuple[str, str, str], ...] = (
    # (cell id, markdown heading, code)
    ("kpis", "## Headline figures", "display(nb.kpis_frame(report))"),
    ("tables", "## Tables\n\nThe same tables as the command's terminal output and exports.",
     "for key in nb.table_keys(report):\n    display(nb.styled_table(report, key))"),
    ("charts", "## Charts\n\nThe same altair charts as the app.",
     "for chart in nb.charts(report):\n    display(chart)"),
    ("trees", "## Category tree / Activity Health tree",
     "for key in nb.tree_keys(report):\n    print(nb.tree_text(report, key))\n    print()"),
    ("exports", "## Exports\n\nThe same files as the command's `--export` options, in "
     "`output_dir`. A format this installation cannot produce is skipped with its reason.",
     "paths = nb.export(report, export, output_dir)\n"
     "for path in paths:\n    print(f\"wrote {path}\")"),
)


def build(spec: Spec) -> nbformat.NotebookNode:
    """The notebook for one persona and scope, without outputs."""
    stem = spec.name.removesuffix(".ipynb").replace("_", "-")
    cells = [v4.new_markdown_cell(_header(spec), id=f"{stem}-header"),
             v4.new_code_cell(_parameters(spec), id=f"{stem}-parameters",
                              metadata={"tags": ["parameters"]}),
             v4.new_markdown_cell("## Load the report", id=f"{stem}-load-md"),
             v4.new_code_cell(_load(spec), id=f"{stem}-load")]
    for key, heading, code in _BODY:
        cells.append(v4.new_markdown_cell(heading, id=f"{stem}-{key}-md"))
        cells.append(v4.new_code_cell(code, id=f"{stem}-{key}"))
    notebook = v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                       "language": "python"},
        "language_info": {"name": "python"},
    })
    nbformat.validate(notebook)
    return notebook


def render_all() -> dict[str, str]:
    """File name → notebook JSON text, for all six notebooks."""
    return {spec.name: nbformat.writes(build(spec)) + "\n" for spec in all_specs()}


def main(argv: list[str]) -> int:
    """Write the notebooks, or with --check report which are out of date."""
    check = "--check" in argv
    stale = []
    for name, text in render_all().items():
        path = HERE / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not check:
            path.write_text(text, encoding="utf-8")
    for name in stale:
        print(f"{'out of date' if check else 'wrote'}: notebooks/{name}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
