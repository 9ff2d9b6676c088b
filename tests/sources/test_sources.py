"""The source registry: sources declare what they can do on their classes, and nothing outside
`sources/` tests a source's name."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from finops_lib.errors import OptionError
from finops_lib.options import OPTIONS, option
from finops_lib.sources import (
    SOURCE_NAMES,
    CostSource,
    auto_source,
    find_source,
    hourly_sources,
    source_class,
    source_classes,
    source_options,
)

ROOT = Path(__file__).parents[2]
# Every module outside finops_lib/sources/: the library, the app, its pages, notebooks' builder,
# benchmarks and scripts. Tests may name sources (they choose what to run).
SCANNED = ("finops_lib", "app.py", "pages", "notebooks", "bench", "scripts")
NAMES = frozenset(SOURCE_NAMES)
# Capabilities each source must state itself: the base class defaults are the safe ones (not
# real, no hourly data, free), and a forgotten `real = True` would analyse demo resources.
DECLARED = ("display_name", "real", "hourly")


def _is_name(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in NAMES


def _names_in(node: ast.AST) -> bool:
    """A source-name literal, or a tuple/list/set literal holding one."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_is_name(e) for e in node.elts)
    return _is_name(node)


def _all_names(nodes: list[ast.expr | None]) -> bool:
    return bool(nodes) and all(n is not None and _is_name(n) for n in nodes)


def name_tests(source: str) -> list[tuple[int, str]]:
    """(line, what) for every place `source` recognises a source by its name."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(
                _names_in(n) for n in (node.left, *node.comparators)):
            found.append((node.lineno, "compares a source name"))
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)) and len(node.elts) > 1 \
                and _all_names(list(node.elts)):
            found.append((node.lineno, "lists source names"))
        elif isinstance(node, ast.Dict) and (_all_names(node.keys) or (
                len(node.values) > 1 and _all_names(list(node.values)))):
            found.append((node.lineno, "dispatches on source names"))
        elif isinstance(node, ast.MatchValue) and _is_name(node.value):
            found.append((node.lineno, "matches a source name"))
    return found


def _modules() -> list[Path]:
    paths: list[Path] = []
    for entry in SCANNED:
        path = ROOT / entry
        paths += [path] if path.is_file() else sorted(path.rglob("*.py"))
    sources = ROOT / "finops_lib" / "sources"
    return [p for p in paths if sources not in p.parents]


def test_no_module_outside_sources_recognises_a_source_by_name() -> None:
    modules = _modules()
    assert len(modules) > 50 and ROOT / "app.py" in modules
    offenders = [f"{p.relative_to(ROOT)}:{line}: {what}" for p in modules
                 for line, what in name_tests(p.read_text())]
    assert offenders == []


@pytest.mark.parametrize("code", [
    'if source.name == "ce": pass',
    'if effective_source(opts) != "demo": pass',
    'ok = source.name in ("files", "athena")',
    'LOCAL = frozenset({"demo", "files"})',
    'PAID = {"ce": "Cost Explorer request", "athena": "Athena query"}',
    'FIELDS = {"path": "files", "athena_table": "athena"}',
    'match name:\n    case "athena": pass',
])
def test_the_scan_catches_each_way_of_testing_a_name(code: str) -> None:
    assert name_tests(code)


@pytest.mark.parametrize("code", [
    'client("ce")',
    'resolve("sre", {"source": "files", "path": p})',
    'if opts.source != "auto": pass',
    'if source.has_client("ce"): pass',
])
def test_the_scan_leaves_other_strings_alone(code: str) -> None:
    assert name_tests(code) == []


def test_source_choices_come_from_the_registry() -> None:
    assert option("source").choices == ("auto", *SOURCE_NAMES)
    assert SOURCE_NAMES == ("demo", "ce", "files", "athena")


@pytest.mark.parametrize("name", SOURCE_NAMES)
def test_each_source_declares_its_capabilities_itself(name: str) -> None:
    cls = source_class(name)
    assert issubclass(cls, CostSource)
    assert callable(importlib.import_module(cls.__module__).open)
    missing = [attr for attr in DECLARED if attr not in _declared(cls)]
    assert missing == []


def _declared(cls: type) -> set[str]:
    """Attributes a class or one of its bases below CostSource sets."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass is CostSource:
            break
        names |= set(vars(klass))
    return names


def test_capabilities_tell_the_sources_apart() -> None:
    classes = source_classes()
    assert {n for n, c in classes.items() if c.real} == {"ce", "files", "athena"}
    assert hourly_sources() == ("ce", "demo")
    assert {n: c.paid_query for n, c in classes.items() if c.paid_query} == {
        "ce": "Cost Explorer request", "athena": "Athena query"}
    assert {n for n, c in classes.items() if c.aws_clients >= {"ce", "budgets"}} == {"ce"}
    assert classes["ce"].shares_session and classes["ce"].resource_credentials
    assert classes["files"].required_options == {"path": "FILE_OR_FOLDER"}
    assert classes["demo"].profile_names()  # the demo accounts double as profiles


def test_source_options_are_declared_options() -> None:
    declared = {o.name for o in OPTIONS}
    for name in SOURCE_NAMES:
        cls = source_class(name)
        assert set(source_options(name)) <= declared
        assert set(cls.required_options) <= set(source_options(name))
    assert source_options("auto") == ()


def test_auto_reads_cost_explorer_with_a_profile_else_the_demo() -> None:
    assert source_class(auto_source(True)).real
    assert not source_class(auto_source(False)).real


def test_unknown_source_name_is_one_clear_line() -> None:
    with pytest.raises(OptionError, match="'gcp' is not one of demo, ce, files, athena"):
        source_class("gcp")


def test_a_value_naming_no_source_finds_none() -> None:
    assert find_source("auto") is None
    assert find_source("demo") is source_class("demo")
