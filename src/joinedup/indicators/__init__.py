"""Indicators from record-level data: definitions as files, counted in the database.

Pure core (no Django). A definition (TOML, see ``loader``) says what to count and how to
estimate; ``compute`` counts every definition on a backend (DuckDB by default, PostgreSQL or
Spark through Ibis) for every area, breakdown and period, then applies the national methods
from ``joinedup.stats`` and suppresses small counts.

>>> backend = DuckDBBackend.connect()
>>> for name, table in synthetic.generate(lsoas=300, local_authorities=3, events=20_000).items():
...     backend.load(name, table)
>>> results = compute(load_definitions(), backend, years=[2024])
>>> results.column_names[:4]
['Indicator ID', 'Definition version', 'Area Type', 'Area Code']
"""

from collections.abc import Iterable, Sequence

import pyarrow as pa

from joinedup.stats.result import DEFAULT_LEVELS

from . import synthetic
from .backends import Backend, DuckDBBackend, PostgresBackend, SparkBackend
from .engine import Counts, count, nestings
from .errors import DefinitionError
from .loader import DEFINITIONS_DIR, definition_from_dict, load_definition, load_definitions
from .model import (
    Count,
    CountRule,
    Definition,
    Filter,
    Measure,
    Method,
    Period,
    PeriodKind,
    Polarity,
)
from .results import DEFAULT_SUPPRESS_BELOW, column_names, estimate


def compute(
    definitions: Sequence[Definition],
    backend: Backend,
    *,
    years: Iterable[int],
    levels: Sequence[str] | None = None,
    confidence: Sequence[float] = DEFAULT_LEVELS,
    suppress_below: int = DEFAULT_SUPPRESS_BELOW,
    tables: dict[str, str] | None = None,
) -> pa.Table:
    """Count and estimate every definition: one tidy Arrow table (``.to_pandas()`` for pandas)."""
    counts = count(definitions, backend, years=years, levels=levels, tables=tables)
    nested = nestings(definitions, backend, levels=levels, tables=tables)
    return estimate(counts, levels=confidence, suppress_below=suppress_below, nestings=nested)


__all__ = [
    "Backend",
    "Count",
    "CountRule",
    "Counts",
    "DEFINITIONS_DIR",
    "Definition",
    "DefinitionError",
    "DuckDBBackend",
    "Filter",
    "Measure",
    "Method",
    "Period",
    "PeriodKind",
    "Polarity",
    "PostgresBackend",
    "SparkBackend",
    "column_names",
    "compute",
    "count",
    "definition_from_dict",
    "estimate",
    "load_definition",
    "load_definitions",
    "nestings",
    "synthetic",
]
