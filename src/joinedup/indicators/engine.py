"""Run indicator definitions on a backend: counts from the database, estimates from ``stats``.

>>> backend = DuckDBBackend.connect()            # with tables events, population, area_lookup
>>> table = compute(load_definitions(), backend, years=[2024])  # doctest: +SKIP
>>> table.to_pandas()  # one row per indicator, area, breakdown category and period
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import compile as compiler
from .backends import Backend
from .datasets import AGE_BANDS, AREA_ATTRIBUTES, GEOGRAPHY_LEVELS
from .errors import DefinitionError
from .model import Definition, Method

TABLES = {"events": "events", "population": "population", "area_lookup": "area_lookup"}


@dataclass(frozen=True)
class Counts:
    """One indicator's numbers, one row per area, breakdown category and period.

    ``keys`` has the columns of ``compile.KEYS``. For a DSR, ``numerator`` and ``denominator``
    are (groups x 19 age bands); otherwise one number per group. A missing denominator is NaN.
    """

    definition: Definition
    keys: pa.Table
    numerator: np.ndarray
    denominator: np.ndarray


def count(
    definitions: Sequence[Definition],
    backend: Backend,
    *,
    years: Iterable[int],
    levels: Sequence[str] | None = None,
    tables: dict[str, str] | None = None,
) -> list[Counts]:
    """Count every definition's numerator and denominator in the database.

    ``years`` names the periods (the last year of each: 2024 is 2024 or 2024/25); ``levels``
    overrides the definitions' geography levels; ``tables`` renames the engine's tables.
    """
    _refuse_duplicate_ids(definitions)
    names = {**TABLES, **(tables or {})}
    bound = {name: backend.table(names[name]) for name in ("events", "population")}
    lookup = backend.table(names["area_lookup"])
    plan = compiler.plan(definitions, years, levels)
    _check_lookup(lookup, definitions, plan)
    rolled, materialised = {}, []
    try:
        for grain in plan.additive:
            relation = compiler._grain_name(plan, grain)
            fine = backend.materialise(compiler.fine_counts(bound, plan, grain, lookup))
            materialised.append(fine)
            columns = list(plan.additive[grain].values())
            rolled[relation] = compiler.roll_up(fine, plan, relation, grain, columns, False)
        for (grain, measure), relation in plan.distinct.items():
            rows = compiler.distinct_rows(bound, plan, grain, measure, lookup)
            rolled[relation] = compiler.roll_up(rows, plan, relation, grain, ["m0"], True)
        for relation, expr in rolled.items():
            rolled[relation] = backend.materialise(expr)
            materialised.append(rolled[relation])
        return [
            _counts(
                definition, backend.to_arrow(compiler.indicator_counts(definition, plan, rolled))
            )
            for definition in definitions
        ]
    finally:
        for table in materialised:
            backend.release(table)


def _counts(definition: Definition, fetched: pa.Table) -> Counts:
    numerator = _as_float(fetched["numerator"], fill=0.0)
    denominator = _as_float(fetched["denominator"], fill=np.nan)
    keys = fetched.select(list(compiler.KEYS))
    if definition.method is not Method.DSR:
        return Counts(definition, keys, numerator, denominator)
    # Rows come sorted by the keys then the age band: number the groups, place each band.
    group = _group_numbers(keys)
    groups = int(group[-1]) + 1 if len(group) else 0
    band = pc.index_in(fetched["age_band"], pa.array(AGE_BANDS)).to_numpy(zero_copy_only=False)
    numerators = np.zeros((groups, len(AGE_BANDS)))
    denominators = np.full((groups, len(AGE_BANDS)), np.nan)
    known = ~np.isnan(band.astype(float))
    numerators[group[known], band[known].astype(int)] = numerator[known]
    denominators[group[known], band[known].astype(int)] = denominator[known]
    first_rows = np.flatnonzero(np.diff(group, prepend=-1))
    return Counts(definition, keys.take(first_rows), numerators, denominators)


def _group_numbers(keys: pa.Table) -> np.ndarray:
    """0, 0, 1, 1, 1, 2, ...: a new number wherever any key differs from the row before."""
    rows = keys.num_rows
    if rows == 0:
        return np.zeros(0, dtype=np.int64)
    changed = np.zeros(rows, dtype=bool)
    changed[0] = True
    for name in keys.column_names:
        column = keys[name]
        differs = pc.not_equal(column.slice(1), column.slice(0, rows - 1))
        changed[1:] |= differs.to_numpy(zero_copy_only=False)
    return np.cumsum(changed) - 1


def _as_float(column: pa.ChunkedArray, fill: float) -> np.ndarray:
    return pc.fill_null(column.cast(pa.float64()), fill).to_numpy()


def _refuse_duplicate_ids(definitions: Sequence[Definition]) -> None:
    seen = set()
    for definition in definitions:
        if definition.id in seen:
            raise DefinitionError(f"id {definition.id!r} is given twice", where="id")
        seen.add(definition.id)


def _check_lookup(lookup, definitions: Sequence[Definition], plan) -> None:
    needed = {"lsoa_code"}
    for definition in definitions:
        needed |= {GEOGRAPHY_LEVELS[level].column for level in plan.levels[definition.id]} - {None}
        needed |= {b for b in definition.breakdowns if b in AREA_ATTRIBUTES}
    missing = sorted(needed - set(lookup.columns))
    if missing:
        raise ValueError(
            f"The area lookup table has no column {', '.join(map(repr, missing))}; "
            f"it has {', '.join(lookup.columns)}."
        )
