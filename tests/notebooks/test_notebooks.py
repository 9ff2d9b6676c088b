"""The six persona notebooks: generated, stored clean, display-only, and equal to the command.

The notebooks are executed with nbclient on demo data (single-account ones on the demo account
workloads-prod, landing-zone ones on the demo organization), with parameters injected papermill
style in a cell after the `parameters` cell. Each notebook's JSON export must equal the JSON
export of `python -m finops_lib dashboard` run in a subprocess with the same options.
"""

from __future__ import annotations

import ast
import asyncio
import importlib.util
import json
import re
import shlex
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

from finops_lib.cli import build_parser
from finops_lib.exporters import EXPORTERS, check_exports
from finops_lib.options import OPTIONS, option, resolve

pytestmark = pytest.mark.xdist_group("notebooks")  # one worker executes all six, once

ROOT = Path(__file__).resolve().parents[2]
NB_DIR = ROOT / "notebooks"
AS_OF = "2026-11-26"
DEMO_ACCOUNT = "workloads-prod"
KERNEL = "finops-notebook-tests"
EXTRA = {"source", "as_of", "output_dir"}

# The spec's canonical command patterns (finops-dashboard-spec.md §5), transcribed by hand so
# the generator is checked against the spec rather than against itself. Scope flag excluded.
SPEC_PATTERNS: dict[str, dict[str, Any]] = {
    "executive": {"mode": "executive", "timeframe": "monthly", "cost_metric": "amortized",
                  "summary_mode": "table", "output_format": "table",
                  "export": ["pdf", "markdown"], "validation_level": "mcp"},
    "architect": {"mode": "architect", "timeframe": "monthly", "cost_metric": "blended",
                  "services": ["EC2", "RDS", "S3", "ELB"], "activity_analysis": True,
                  "top_n": 50, "sort_by": "change", "summary_mode": "both",
                  "output_format": "both", "export": ["csv", "markdown"],
                  "validation_level": "mcp"},
    "sre": {"mode": "sre", "timeframe": "daily", "cost_metric": "unblended",
            "cost_threshold": 1000, "top_n": 50, "sort_by": "change", "activity_analysis": True,
            "summary_mode": "table", "output_format": "table", "validation_level": "mcp",
            "verbose": True, "export": ["csv", "json", "markdown"]},
}
# The blueprints' "Inputs" rows (same section) beyond the pattern, also by hand; None = default.
SPEC_INPUTS: dict[str, set[str]] = {
    "finops_executive_single_account.ipynb": {"filter", "cost_threshold", "top_n"},
    "finops_executive_multi_account_lz.ipynb": {"accounts", "services", "filter",
                                                "cost_threshold", "top_n"},
    "finops_architect_single_account.ipynb": {"cost_threshold"},
    "finops_architect_multi_account_lz.ipynb": {"accounts", "cost_threshold"},
    "finops_sre_single_account.ipynb": set(),
    "finops_sre_multi_account_lz.ipynb": {"accounts", "services"},
}
NOTEBOOKS = [f"finops_{mode}_{scope}.ipynb" for mode in SPEC_PATTERNS
             for scope in ("single_account", "multi_account_lz")]
STEM_RE = re.compile(r"^finops-[a-z]+-[a-z0-9-]+-\d{8}T\d{6}Z(?P<suffix>.*)$")


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NB_DIR / name, as_version=4)


def _mode(name: str) -> str:
    return name.split("_")[1]


def _scope_option(name: str) -> str:
    return "profile" if name.endswith("_single_account.ipynb") else "all_profile"


def _code_cells(notebook: nbformat.NotebookNode) -> list[Any]:
    return [c for c in notebook.cells if c.cell_type == "code"]


def _parameters(notebook: nbformat.NotebookNode) -> dict[str, Any]:
    """The parameters cell as {name: literal value}; it must be simple assignments only."""
    tagged = [c for c in _code_cells(notebook) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    assert tagged[0] is _code_cells(notebook)[0], "the parameters cell is the first code cell"
    params: dict[str, Any] = {}
    for stmt in ast.parse(tagged[0].source).body:
        assert isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
        target = stmt.targets[0]
        assert isinstance(target, ast.Name) and target.id not in params
        params[target.id] = ast.literal_eval(stmt.value)
    return params


# --- generation and storage ------------------------------------------------------------------

def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_notebooks", NB_DIR / "build_notebooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def test_the_six_notebooks_exist_and_match_their_generator() -> None:
    rendered = _builder().render_all()
    assert sorted(rendered) == sorted(NOTEBOOKS)
    assert sorted(p.name for p in NB_DIR.glob("*.ipynb")) == sorted(NOTEBOOKS)
    for name, text in rendered.items():
        assert (NB_DIR / name).read_text(encoding="utf-8") == text, \
            f"{name} is out of date: run .venv/bin/python notebooks/build_notebooks.py"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_stored_without_outputs(name: str) -> None:
    notebook = _read(name)
    nbformat.validate(notebook)
    for cell in _code_cells(notebook):
        assert cell.outputs == [] and cell.execution_count is None, cell.id


# --- parameters ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NOTEBOOKS)
def test_parameters_are_the_spec_pattern_options(name: str) -> None:
    params = _parameters(_read(name))
    declared = {o.name for o in OPTIONS}
    assert set(params) <= declared, f"not options: {sorted(set(params) - declared)}"
    pattern = SPEC_PATTERNS[_mode(name)]
    assert set(params) == set(pattern) | {_scope_option(name)} | EXTRA | SPEC_INPUTS[name]
    assert all(params[k] is None for k in SPEC_INPUTS[name]), "blueprint inputs default"
    for key, value in pattern.items():
        assert params[key] == value, key
    assert params[_scope_option(name)] is None, "no profile by default: demo data"
    for key, value in params.items():
        option(key).coerce(value)  # every default is a valid value of its option


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_header_command_resolves_to_the_parameters(name: str) -> None:
    notebook = _read(name)
    header = notebook.cells[0]
    assert header.cell_type == "markdown"
    match = re.search(r"```bash\n(.*?)\n```", header.source, re.S)
    assert match, "the header shows the equivalent command"
    argv = shlex.split(match.group(1).replace("\\\n", " "))
    assert argv[:4] == ["python", "-m", "finops_lib", "dashboard"]
    ns = vars(build_parser().parse_args(argv[3:]))
    given = {k: v for k, v in ns.items() if k != "command" and v is not None}
    scope = _scope_option(name)
    assert given.pop(scope).startswith("$"), "the scope flag carries the spec's placeholder"
    params = {k: v for k, v in _parameters(notebook).items() if k != scope}
    from_command = resolve(given.pop("mode"), dict(given, as_of=AS_OF))
    from_notebook = resolve(params.pop("mode"), dict(params, as_of=AS_OF))
    assert from_command == from_notebook
    for item in ("§8.1", "Governance checklist", "Questions this notebook answers"):
        assert item in header.source


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_load_cell_passes_every_parameter_by_name(name: str) -> None:
    notebook = _read(name)
    calls = [node for cell in _code_cells(notebook)[1:] for node in ast.walk(ast.parse(cell.source))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and node.func.attr == "load"]
    assert len(calls) == 1
    keywords = {kw.arg: kw.value for kw in calls[0].keywords}
    assert set(keywords) == set(_parameters(notebook))
    assert all(isinstance(v, ast.Name) and v.id == k for k, v in keywords.items())


# --- no business logic ------------------------------------------------------------------------

DISPLAY_CALLS = {"display", "print"}


def _finops_aliases(source: str) -> set[str]:
    return {a.asname or a.name for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.ImportFrom)
            and (node.module or "").split(".")[0] == "finops_lib" for a in node.names}


def _violations(source: str, aliases: set[str] | None = None) -> list[str]:
    """Anything in a code cell that is not a finops_lib call, display, printing or a loop."""
    tree = ast.parse(source)
    aliases = (aliases or set()) | _finops_aliases(source)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.append(f"import {', '.join(a.name for a in node.names)}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] != "finops_lib":
            found.append(f"from {node.module} import …")
        elif isinstance(node, (ast.BinOp, ast.AugAssign, ast.UnaryOp, ast.Subscript, ast.Lambda,
                               ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            found.append(f"{type(node).__name__} at line {node.lineno}")
        elif isinstance(node, ast.Attribute) and not (
                isinstance(node.value, ast.Name) and node.value.id in aliases):
            found.append(f".{node.attr} at line {node.lineno}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id not in DISPLAY_CALLS:
            found.append(f"{node.func.id}() at line {node.lineno}")
    return found


def test_the_computation_check_catches_computation() -> None:
    cell = ("import boto3\nimport pandas as pd\nfrom finops_lib import notebook as nb\n"
            "frame = nb.table_frame(report, 'services')\n"
            "total = frame.groupby('Service').sum()\nx = frame['Current'] * 2\nx += 1\n"
            "print(sum([1, 2]))")
    found = " | ".join(_violations(cell))
    for item in ("import boto3", "import pandas", ".groupby", "BinOp", "AugAssign", "Subscript",
                 "sum()"):
        assert item in found
    assert not _violations("from finops_lib import notebook as nb\n"
                           "for key in nb.table_keys(report):\n    display(nb.table_frame(report, key))")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_code_cells_only_call_finops_lib_and_display(name: str) -> None:
    code = _code_cells(_read(name))
    assert any("from finops_lib import notebook as nb" in c.source for c in code)
    aliases = {alias for cell in code for alias in _finops_aliases(cell.source)}
    assert aliases == {"nb"}
    for cell in code[1:]:
        assert _violations(cell.source, aliases) == [], cell.id
    assert "groupby" not in json.dumps([c.source for c in code]) and \
        "boto3" not in json.dumps([c.source for c in code])


# --- execution --------------------------------------------------------------------------------

@dataclass
class Run:
    """One executed notebook and the command run with the same options."""

    name: str
    injected: dict[str, Any]
    notebook: nbformat.NotebookNode | None
    notebook_dir: Path
    command_dir: Path
    argv: list[str]
    command_rc: int | None = None
    command_err: str = ""
    error: BaseException | None = None


def _injected(name: str, root: Path) -> dict[str, Any]:
    params = _parameters(_read(name))
    export = list(params["export"]) + ([] if "json" in params["export"] else ["json"])
    injected: dict[str, Any] = {"source": "demo", "as_of": AS_OF, "export": export,
                                "output_dir": str(root / name.removesuffix(".ipynb") / "nb")}
    if _scope_option(name) == "profile":
        injected["profile"] = DEMO_ACCOUNT
    return injected


def _available(formats: list[str]) -> list[str]:
    check_exports([], None)
    return [f for f in formats if not EXPORTERS[f].unavailable()]


def _argv(params: dict[str, Any], output_dir: Path) -> list[str]:
    """The command line for these parameter values, built flag by flag from the declaration."""
    argv = [sys.executable, "-m", "finops_lib", "dashboard"]
    for key, value in dict(params, output_dir=str(output_dir)).items():
        opt = option(key)
        if value is None:
            continue
        if opt.kind == "bool":
            argv.append(opt.flag if value else "--no-" + opt.flag[2:])
        elif key == "export":
            argv += [part for fmt in _available(value) for part in (opt.flag, fmt)]
        elif isinstance(value, list):
            argv += [opt.flag, ",".join(value)]
        else:
            argv += [opt.flag, str(value)]
    return argv


def _inject(notebook: nbformat.NotebookNode, values: dict[str, Any]) -> None:
    index = next(i for i, c in enumerate(notebook.cells)
                 if "parameters" in c.metadata.get("tags", []))
    source = "# Injected parameters\n" + "".join(f"{k} = {v!r}\n" for k, v in values.items())
    notebook.cells.insert(index + 1, nbformat.v4.new_code_cell(
        source, metadata={"tags": ["injected-parameters"]}))


KERNEL_START_ATTEMPTS = 2  # kernels started side by side can race for their ports


async def _execute(run: Run, kernels: KernelSpecManager) -> None:
    assert run.notebook is not None
    for _ in range(KERNEL_START_ATTEMPTS):
        manager = AsyncKernelManager(kernel_name=KERNEL, kernel_spec_manager=kernels)
        client = NotebookClient(run.notebook, km=manager, timeout=120,
                                resources={"metadata": {"path": str(run.notebook_dir)}})
        try:
            await client.async_execute()
            run.error = None
            return
        except Exception as exc:
            run.error = exc
            # Only a kernel that died before running a cell is started again.
            if "before replying to kernel_info" not in str(exc):
                return


async def _command(run: Run) -> None:
    proc = await asyncio.create_subprocess_exec(*run.argv, cwd=ROOT,
                                                stdout=asyncio.subprocess.DEVNULL,
                                                stderr=asyncio.subprocess.PIPE)
    _, err = await proc.communicate()
    run.command_rc, run.command_err = proc.returncode, err.decode()


async def _run_all(runs: list[Run], kernels: KernelSpecManager) -> None:
    gate = asyncio.Semaphore(3)  # 2 cores: three kernels at a time keeps the machine usable

    async def one(run: Run) -> None:
        async with gate:
            await asyncio.gather(_execute(run, kernels), _command(run))

    await asyncio.gather(*(one(run) for run in runs))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Execute all six notebooks and their commands once, concurrently."""
    from ipykernel.kernelspec import write_kernel_spec

    root = tmp_path_factory.mktemp("notebooks")
    # A kernelspec for this very interpreter: no `ipykernel install` needed to run the tests.
    write_kernel_spec(str(root / "kernels" / KERNEL))
    kernels = KernelSpecManager(kernel_dirs=[str(root / "kernels")])
    result: dict[str, Run] = {}
    for name in NOTEBOOKS:
        injected = _injected(name, root)
        notebook = _read(name)
        _inject(notebook, injected)
        params = dict(_parameters(_read(name)), **injected)
        nb_dir = Path(injected["output_dir"])
        cmd_dir = nb_dir.parent / "command"
        nb_dir.mkdir(parents=True)
        result[name] = Run(name, injected, notebook, nb_dir, cmd_dir, _argv(params, cmd_dir))
    _run_outside_any_loop(lambda: _run_all(list(result.values()), kernels))
    return result


def _run_outside_any_loop(make: Any) -> None:
    """asyncio.run in a fresh thread: another test in this worker (Playwright's sync API) may
    have left an event loop running on the main thread, and asyncio.run refuses to nest."""
    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(make())
        except BaseException as exc:  # re-raised on the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=target, name="notebook-runner")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def _one(runs: dict[str, Run], name: str) -> Run:
    run = runs[name]
    if run.error is not None:
        raise AssertionError(f"{name} failed to execute: {run.error}")
    assert run.command_rc == 0, f"command failed: {run.command_err}"
    return run


def _suffixes(folder: Path) -> dict[str, Path]:
    found = {}
    for path in folder.iterdir():
        match = STEM_RE.match(path.name)
        assert match, f"unexpected file {path.name}"
        found[match.group("suffix")] = path
    return found


def _figures(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("generated_at")
    # where the files went is not part of the report, so the rest must be identical
    assert "output_dir" not in data["options"] and "--output-dir" not in data["command"]
    return data


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_exports_equal_the_command_exports(runs: dict[str, Run], name: str) -> None:
    run = _one(runs, name)
    nb_files, cmd_files = _suffixes(run.notebook_dir), _suffixes(run.command_dir)
    assert set(nb_files) == set(cmd_files)
    wanted = run.injected["export"]
    assert {".json", ".md"} <= set(nb_files) if "markdown" in wanted else ".json" in nb_files
    if "csv" in wanted:
        assert any(s.endswith(".csv") for s in nb_files)
    notebook, command = _figures(nb_files[".json"]), _figures(cmd_files[".json"])
    assert notebook["kpis"] == command["kpis"] and notebook["kpis"]
    assert notebook["tables"] == command["tables"] and notebook["tables"]
    assert notebook["validation"] == command["validation"]
    assert notebook["validation"]["level"] == "mcp"
    assert notebook == command  # and everything else: options, scope, periods, trees, charts
    for suffix, path in nb_files.items():
        if suffix.endswith(".csv"):
            assert path.read_bytes() == cmd_files[suffix].read_bytes(), suffix


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_on_the_intended_demo_scope(runs: dict[str, Run], name: str) -> None:
    run = _one(runs, name)
    data = _figures(_suffixes(run.notebook_dir)[".json"])
    assert data["mode"] == _mode(name) and data["is_demo"]
    if _scope_option(name) == "profile":
        assert data["scope"]["kind"] == "account"
        assert [a["name"] for a in data["scope"]["accounts"]] == [DEMO_ACCOUNT]
    else:
        assert len(data["scope"]["accounts"]) == 9


def _outputs(run: Run, key: str) -> list[Any]:
    assert run.notebook is not None
    cell = next(c for c in run.notebook.cells if c.get("id", "").endswith(f"-{key}"))
    return list(cell.outputs)


def _stdout(run: Run, key: str) -> str:
    return "".join(o.get("text", "") for o in _outputs(run, key) if o.output_type == "stream"
                   and o.name == "stdout")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_displays_the_report(runs: dict[str, Run], name: str) -> None:
    run = _one(runs, name)
    data = json.loads(_suffixes(run.notebook_dir)[".json"].read_text(encoding="utf-8"))
    load = _stdout(run, "load")
    assert load.startswith("python -m finops_lib dashboard --mode " + _mode(name))
    assert data["validation"]["badge"] in load
    kpis = [o for o in _outputs(run, "kpis") if o.output_type == "display_data"]
    assert len(kpis) == 1 and data["kpis"][0]["label"] in kpis[0].data["text/html"]
    tables = [o for o in _outputs(run, "tables") if o.output_type == "display_data"]
    assert len(tables) == len(data["tables"])
    charts = [o for o in _outputs(run, "charts") if o.output_type == "display_data"]
    assert len(charts) == len(data["charts"]) > 0
    trees = _stdout(run, "trees")
    for tree in data["trees"].values():
        assert tree["title"] in trees and tree["root"]["label"] in trees
    if _mode(name) != "sre":
        assert "Cost by category" in trees


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_prints_its_export_paths_and_skips_unavailable_pdf(
        runs: dict[str, Run], name: str) -> None:
    run = _one(runs, name)
    printed = _stdout(run, "exports")
    for path in run.notebook_dir.iterdir():
        assert f"wrote {path}" in printed
    if "pdf" in run.injected["export"]:
        check_exports([], None)
        reason = EXPORTERS["pdf"].unavailable()
        if reason:
            assert f"Skipping pdf: {reason}" in printed
        else:
            assert ".pdf" in _suffixes(run.notebook_dir)
