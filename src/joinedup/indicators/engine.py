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
    fetched = {}
    for grain, measures in plan.additive.items():
        relation = compiler._grain_name(plan, grain)
        fine = compiler.fine_counts(bound, plan, grain)
        aggregates = compiler.sums(list(measures.values()))
        fetched[relation] = _roll_up(backend, plan, relation, fine, lookup, aggregates, grain)
    for (grain, measure), relation in plan.distinct.items():
        rows = compiler.distinct_rows(bound, plan, grain, measure)
        fetched[relation] = _roll_up(
            backend, plan, relation, rows, lookup, compiler.distinct_counts, grain
        )
    layouts = {}
    return [_counts(definition, plan, fetched, layouts) for definition in definitions]


def _roll_up(backend: Backend, plan, relation, fine, lookup, aggregates, grain) -> pa.Table:
    # The small LSOA-level table is read once per level and breakdown: compute it once.
    with_areas = backend.materialise(compiler.with_areas(fine, lookup, plan, relation))
    try:
        rolled = compiler.roll_up(with_areas, plan, relation, aggregates, by_age=grain.by_age)
        return backend.to_arrow(rolled)
    finally:
        backend.release(with_areas)


def _counts(definition: Definition, plan, fetched: dict[str, pa.Table], layouts: dict) -> Counts:
    """Pick one indicator's rows and columns from the rolled-up relations it was counted in."""
    by_age = definition.method is Method.DSR
    keys = list(compiler.KEYS) + (["age_band"] if by_age else [])
    parts = []
    for side in ("numerator", "denominator"):
        slot = plan.slots[(definition.id, side)]
        part = fetched[slot.relation].select([*keys, slot.column])
        parts.append((slot.relation, part.rename_columns([*keys, side])))
    (num_relation, numerator), (den_relation, denominator) = parts
    if num_relation == den_relation:
        table = numerator.append_column("denominator", denominator["denominator"])
    else:
        table = numerator.join(denominator, keys=keys, join_type="full outer")
    levels = [GEOGRAPHY_LEVELS[level].name for level in plan.levels[definition.id]]
    wanted = pc.and_(
        pc.is_in(table["area_type"], pa.array(levels)),
        pc.is_in(table["breakdown"], pa.array([compiler.ALL, *definition.breakdowns])),
    )
    # A row may be there for another indicator's measures only: both sides NULL.
    present = pc.or_(pc.is_valid(table["numerator"]), pc.is_valid(table["denominator"]))
    rows = pc.and_(wanted, present).to_numpy(zero_copy_only=False)
    numerator = np.nan_to_num(_as_float(table["numerator"]), nan=0.0)  # no rows: a count of 0
    denominator = _as_float(table["denominator"])
    group_keys = table.select(list(compiler.KEYS))
    if not by_age:
        chosen = np.flatnonzero(rows)
        return Counts(definition, group_keys.take(chosen), numerator[chosen], denominator[chosen])
    # Relations shared by several DSRs are laid out (groups numbered) once.
    if num_relation == den_relation:
        if num_relation not in layouts:
            layouts[num_relation] = _BandLayout.of(group_keys, table["age_band"])
        layout = layouts[num_relation]
    else:
        layout = _BandLayout.of(group_keys, table["age_band"])
    return layout.spread(definition, group_keys, rows, numerator, denominator)


@dataclass(frozen=True)
class _BandLayout:
    """Long rows (one per age band) numbered by group, to spread into groups x 19 bands."""

    group: np.ndarray  # the group number of each row
    first_rows: np.ndarray  # a row of each group, for its keys
    band: np.ndarray  # the age band index of each row, -1 for a band not of the 19

    @classmethod
    def of(cls, group_keys: pa.Table, age_band: pa.ChunkedArray) -> "_BandLayout":
        code = np.zeros(group_keys.num_rows, dtype=np.int64)
        for name in group_keys.column_names:
            encoded = pc.dictionary_encode(group_keys[name]).combine_chunks()
            code = code * len(encoded.dictionary) + encoded.indices.to_numpy(zero_copy_only=False)
        _, first_rows, group = np.unique(code, return_index=True, return_inverse=True)
        band = pc.index_in(age_band, value_set=pa.array(AGE_BANDS))
        band = pc.fill_null(band, -1).to_numpy(zero_copy_only=False).astype(np.int64)
        return cls(group.reshape(-1), first_rows, band)

    def spread(self, definition, group_keys, rows, numerator, denominator) -> Counts:
        chosen = np.flatnonzero(rows & (self.band >= 0))
        # The groups with a chosen row, renumbered 0, 1, ... (a sort-free np.unique).
        used = np.bincount(self.group[chosen], minlength=len(self.first_rows)) > 0
        groups = np.flatnonzero(used)
        position = (np.cumsum(used) - 1)[self.group[chosen]]
        numerators = np.zeros((len(groups), len(AGE_BANDS)))
        denominators = np.full((len(groups), len(AGE_BANDS)), np.nan)
        numerators[position, self.band[chosen]] = numerator[chosen]
        denominators[position, self.band[chosen]] = denominator[chosen]
        keys = group_keys.take(self.first_rows[groups])
        return Counts(definition, keys, numerators, denominators)


def _as_float(column: pa.ChunkedArray) -> np.ndarray:
    """Numbers as float, a missing one (NULL) as NaN."""
    return column.cast(pa.float64()).to_numpy(zero_copy_only=False)


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
