"""tests/ mirrors finops_lib/: one test module per module, and no test module without its module.

The rule: the test of `finops_lib/a/b.py` is `tests/a/test_b.py`, of `finops_lib/x.py`
`tests/test_x.py` (`__main__.py`: `test_main.py`); a package's `__init__.py` that defines a
function or class is tested by `tests/a/test_a.py` (`finops_lib/__init__.py`:
`tests/test_finops_lib.py`). The declared exceptions are below, each with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "finops_lib"
TESTS = ROOT / "tests"

# Test folders that do not mirror finops_lib, and why.
EXCEPTION_DIRS = {
    "app": "the Streamlit app (app.py, pages/) driven through AppTest and Chromium",
    "notebooks": "the generated notebooks, executed",
    "security": "cross-cutting security tests (hostile input on every surface)",
    "fixtures": "test data, no tests",
}
# Test modules about the project as a whole rather than one module.
PROJECT_TESTS = {
    "test_layout.py": "this file: the layout of tests/",
    "test_system_deps.py": "the Debian packages the suite needs",
}
# Files under tests/ that are helpers, not test modules.
HELPERS = frozenset({"__init__.py", "conftest.py", "fault_ce.py", "independent.py", "hostile.py",
                     "slow_scan.py"})


def _has_logic(init: Path) -> bool:
    """Whether a package's __init__.py defines a function or a class (not only re-exports)."""
    tree = ast.parse(init.read_text())
    return any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
               for n in tree.body)


def mirror(module: Path) -> Path:
    """The test module of a finops_lib module (a path relative to finops_lib/)."""
    folder = module.parent
    if module.name == "__init__.py":
        name = folder.name if folder.parts else "finops_lib"
        return Path(*folder.parts[:-1]) / folder.name / f"test_{name}.py" if folder.parts \
            else Path(f"test_{name}.py")
    return folder / f"test_{module.stem.strip('_')}.py"


def _modules() -> list[Path]:
    return sorted(p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.py")
                  if "__pycache__" not in p.parts)


def _required() -> dict[Path, Path]:
    """Test module -> the module it must test."""
    return {mirror(m): m for m in _modules()
            if m.name != "__init__.py" or _has_logic(PACKAGE / m)}


def _test_modules() -> list[Path]:
    found = []
    for path in TESTS.rglob("*.py"):
        rel = path.relative_to(TESTS)
        if "__pycache__" in rel.parts or rel.parts[0] in EXCEPTION_DIRS:
            continue
        if len(rel.parts) == 1 and rel.name in PROJECT_TESTS:
            continue
        found.append(rel)
    return sorted(found)


def test_the_rule_on_examples() -> None:
    assert mirror(Path("budgets.py")) == Path("test_budgets.py")
    assert mirror(Path("triage/store.py")) == Path("triage/test_store.py")
    assert mirror(Path("activity/collectors/region.py")) == Path(
        "activity/collectors/test_region.py")
    assert mirror(Path("recommendations/__init__.py")) == Path(
        "recommendations/test_recommendations.py")
    assert mirror(Path("__init__.py")) == Path("test_finops_lib.py")
    assert mirror(Path("__main__.py")) == Path("test_main.py")
    assert _has_logic(PACKAGE / "recommendations" / "__init__.py")
    assert not _has_logic(PACKAGE / "triage" / "__init__.py")


def test_files_that_are_not_test_modules_are_declared_helpers() -> None:
    stray = [str(p) for p in _test_modules()
             if not p.name.startswith("test_") and p.name not in HELPERS]
    assert not stray, f"neither a test module nor a declared helper: {stray}"


def test_every_module_has_its_mirrored_test_module() -> None:
    missing = sorted(f"{test} (for finops_lib/{module})"
                     for test, module in _required().items() if not (TESTS / test).exists())
    print("\n".join(["modules without their mirrored test module:", *missing]))
    assert not missing, f"{len(missing)} modules have no test module: {missing}"


def test_every_test_module_mirrors_a_module() -> None:
    possible = {mirror(m) for m in _modules()}
    orphans = sorted(str(p) for p in _test_modules()
                     if p.name.startswith("test_") and p not in possible)
    print("\n".join(["test modules that mirror no finops_lib module:", *orphans]))
    assert not orphans, f"{len(orphans)} test modules mirror no module: {orphans}"
