"""The cost SQL: `.sql` templates, the loader that fills them, and the DuckDB/Athena dialects."""

from __future__ import annotations

from .dialect import ATHENA, DUCKDB, Dialect, Fragment, in_list, render

__all__ = ["ATHENA", "DUCKDB", "Dialect", "Fragment", "in_list", "render"]
