"""Each signal module lists its CASES; a test asking for `signal_case` runs once per row."""

from __future__ import annotations

import pytest

from ..conftest import SignalCase


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize `signal_case` from the module's CASES, with readable ids."""
    if "signal_case" in metafunc.fixturenames:
        cases = [SignalCase(*row) for row in metafunc.module.CASES]
        metafunc.parametrize("signal_case", cases,
                             ids=[f"{c.code}-{c.status}-{i}" for i, c in enumerate(cases)])
