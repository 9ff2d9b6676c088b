"""Every program the tests run comes from a Debian package `make test` installs
(scripts/system-deps.sh via the Makefile), so the suite passes on a fresh Debian 12."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# program → the Debian package that provides it
PROVIDED_BY = {"wkhtmltopdf": "wkhtmltopdf", "wkhtmltoimage": "wkhtmltopdf",
               "pdftotext": "poppler-utils", "pdfinfo": "poppler-utils",
               "chromium": "chromium", "fc-list": "fontconfig", "pg_ctl": "postgresql",
               "runuser": "util-linux", "ldd": "libc-bin"}
# Debian's Essential packages are on every Debian system (even debootstrap --variant=minbase),
# so make test need not install them.
ESSENTIAL = {"util-linux", "libc-bin"}
# how a test names a program: shutil.which(NAME), subprocess.run([NAME, …]), the /usr/bin path
CALLS = re.compile(r'which\("([a-z][a-z0-9_-]*)"\)|run\(\["([a-z][a-z0-9_-]*)"'
                   r'|/usr/bin/([a-z][a-z0-9_-]*)')


def _make_packages(target: str) -> set[str]:
    makefile = (ROOT / "Makefile").read_text()
    variables = dict(re.findall(r"^([A-Z_]+) :?= (.+)$", makefile, re.M))
    line = next(ln for ln in makefile.split(f"{target}:")[1].splitlines() if "system-deps.sh" in ln)
    line = re.sub(r"\$\(([A-Z_]+)\)", lambda m: variables[m.group(1)], line)
    return set(line.split("system-deps.sh", 1)[1].split()) - {"--optional"}


def test_every_program_the_tests_run_is_installed_by_make_test() -> None:
    installed = _make_packages("system-deps-test")
    used: set[str] = set()
    for path in (ROOT / "tests").rglob("*.py"):
        for groups in CALLS.findall(path.read_text()):
            used |= {g for g in groups if g}
    assert used <= set(PROVIDED_BY), f"map these programs to their package: {used - set(PROVIDED_BY)}"
    assert {"wkhtmltopdf", "pdftotext", "chromium", "fc-list"} <= used
    for program in used & set(PROVIDED_BY):
        assert PROVIDED_BY[program] in installed | ESSENTIAL, program


def test_the_pdf_fonts_are_set_up_for_running_and_testing() -> None:
    for target in ("system-deps-run", "system-deps-test"):
        assert {"fontconfig", "fonts-liberation2", "fonts-dejavu-core"} <= _make_packages(target)
    script = (ROOT / "scripts" / "system-deps.sh").read_text()
    for package in ("fontconfig", "fonts-liberation2", "fonts-dejavu-core"):
        assert f"    {package})" in script, package  # probed by what it provides


def test_the_playwright_driver_finds_its_shared_libraries() -> None:
    """A minimal Debian 12 lacks libatomic.so.1, which the bundled node driver links; the browser
    tests then fail with "Connection closed while reading from the driver"."""
    import playwright

    node = Path(playwright.__file__).parent / "driver" / "node"
    if not node.exists():
        pytest.skip(f"no bundled Playwright driver at {node}")
    linked = subprocess.run(["ldd", str(node)], capture_output=True, text=True, check=True).stdout
    assert "not found" not in linked, linked
    assert "libatomic1" in _make_packages("system-deps-test")
