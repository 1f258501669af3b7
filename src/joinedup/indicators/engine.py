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
from .datasets import AGE_BANDS, AREA_ATTRIBUTES, ENGLAND_CODE, GEOGRAPHY_LEVELS
from .errors import DefinitionError
from .model import Definition, Method
from .suppression import Nesting, encode

TABLES = {"events": "events", "population": "population", "area_lookup": "area_lookup"}


@dataclass(frozen=True)
class Counts:
    """One indicator's numbers, one row per area, breakdown category and period.

    ``keys`` has the columns of ``compile.KEYS``. For a DSR, ``numerator`` and ``denominator``
    are (groups x 19 age bands); otherwise one number per group. A missing denominator is NaN.
    ``codes``, when given, is each key column as numbers: (each row's index, distinct values),
    made once per relation and shared by the indicators counted in it (suppression uses them).
    """

    definition: Definition
    keys: pa.Table
    numerator: np.ndarray
    denominator: np.ndarray
    codes: dict[str, tuple[np.ndarray, pa.Array]] | None = None


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
    _check_lookup(backend, lookup, definitions, plan)
    fetched = {}
    for scan, grains in plan.scans().items():
        relations = [compiler._grain_name(plan, grain) for grain in grains]
        fine = compiler.fine_counts(bound, plan, scan)
        # The small LSOA-level table is read once per level and breakdown: compute it once.
        with_areas = backend.materialise(compiler.with_areas(fine, lookup, plan, relations))
        try:
            for grain, relation in zip(grains, relations, strict=True):
                fetched[relation] = _roll_up_sums(backend, plan, scan, grain, relation, with_areas)
        finally:
            backend.release(with_areas)
    for (grain, measure), relation in plan.distinct.items():
        rows = compiler.distinct_rows(bound, plan, grain, measure)
        with_areas = backend.materialise(compiler.with_areas(rows, lookup, plan, relation))
        try:
            rolled = compiler.roll_up(
                with_areas, plan, relation, compiler.distinct_counts, by_age=grain.by_age
            )
            fetched[relation] = backend.to_arrow(rolled)
        finally:
            backend.release(with_areas)
    layouts = {}
    return [_counts(definition, plan, fetched, layouts) for definition in definitions]


def _roll_up_sums(backend: Backend, plan, scan, grain, relation: str, with_areas) -> pa.Table:
    """Sum a grain's measures up every level, the larger levels from a small cube."""
    columns = list(plan.additive[grain].values())
    held = []
    try:
        table = with_areas
        if scan.by_age and not grain.by_age:
            table = backend.materialise(compiler.without_age(with_areas, plan, grain))
            held.append(table)
        cube = None
        if len(compiler.levels(plan, relation)) > 1:
            cube = compiler.cube(table, plan, relation, columns, by_age=grain.by_age)
            cube = backend.materialise(cube)
            held.append(cube)
        totals = compiler.lsoa_totals(table, plan, relation, columns, by_age=grain.by_age)
        if totals is not None:
            totals = backend.materialise(totals)  # read twice: materialised, not computed twice
            held.append(totals)
        rolled = compiler.roll_up(
            table,
            plan,
            relation,
            compiler.sums(columns),
            by_age=grain.by_age,
            cube=cube,
            totals=totals,
        )
        return backend.to_arrow(rolled)
    finally:
        for table in held:
            backend.release(table)


def _counts(definition: Definition, plan, fetched: dict[str, pa.Table], layouts: dict) -> Counts:
    """Pick one indicator's rows and columns from the rolled-up relations it was counted in."""
    slots = [plan.slots[(definition.id, side)] for side in ("numerator", "denominator")]
    levels = [GEOGRAPHY_LEVELS[level].name for level in plan.levels[definition.id]]
    breakdowns = [compiler.ALL, *definition.breakdowns]
    if definition.method is Method.DSR:
        return _dsr_counts(definition, slots, fetched, layouts, levels, breakdowns)
    keys = list(compiler.KEYS)
    parts = []
    for side, slot in zip(("numerator", "denominator"), slots, strict=True):
        part = fetched[slot.relation].select([*keys, slot.column])
        parts.append(part.rename_columns([*keys, side]))
    numerator, denominator = parts
    if slots[0].relation == slots[1].relation:
        table = numerator.append_column("denominator", denominator["denominator"])
        # The relation's keys are encoded once for all the indicators counted in it.
        cached = ("codes", slots[0].relation)
        if cached not in layouts:
            layouts[cached] = _key_codes(table)
        codes = layouts[cached]
    else:
        table = numerator.join(denominator, keys=keys, join_type="full outer")
        codes = _key_codes(table)
    # A row may be there for another indicator's measures only: both sides NULL.
    present = pc.or_(pc.is_valid(table["numerator"]), pc.is_valid(table["denominator"]))
    rows = pc.and_(_wanted(table, levels, breakdowns), present).to_numpy(zero_copy_only=False)
    chosen = np.flatnonzero(rows)
    numerator = np.nan_to_num(_as_float(table["numerator"]), nan=0.0)  # no rows: a count of 0
    denominator = _as_float(table["denominator"])
    group_keys = table.select(keys).take(chosen)
    chosen_codes = {name: (indices[chosen], values) for name, (indices, values) in codes.items()}
    return Counts(definition, group_keys, numerator[chosen], denominator[chosen], chosen_codes)


def _key_codes(table: pa.Table) -> dict[str, tuple[np.ndarray, pa.Array]]:
    """Each key column as numbers: (each row's index into its distinct values, the values)."""
    return {name: encode(table[name]) for name in compiler.KEYS}


def _wanted(table: pa.Table, levels: list[str], breakdowns: list[str]) -> pa.ChunkedArray:
    """The rows of the levels and breakdowns of one indicator (others share the relation)."""
    return pc.and_(
        pc.is_in(table["area_type"], pa.array(levels)),
        pc.is_in(table["breakdown"], pa.array(breakdowns)),
    )


def _dsr_counts(definition, slots, fetched, layouts, levels, breakdowns) -> Counts:
    numerator_slot, denominator_slot = slots
    if numerator_slot.relation == denominator_slot.relation:
        # A relation shared by several DSRs is laid out (groups numbered) once.
        relation = numerator_slot.relation
        if relation not in layouts:
            layouts[relation] = _BandLayout.of(fetched[relation])
        layout = layouts[relation]
        columns = (numerator_slot.column, denominator_slot.column)
    else:
        keys = [*compiler.KEYS, "age_band"]
        parts = [
            fetched[slot.relation].select([*keys, slot.column]).rename_columns([*keys, side])
            for side, slot in zip(("numerator", "denominator"), slots, strict=True)
        ]
        joined = parts[0].join(parts[1], keys=keys, join_type="full outer")
        layout = _BandLayout.of(joined)
        columns = ("numerator", "denominator")
    numerators, denominators = (layout.matrix(column) for column in columns)
    # A group may be there for another indicator's measures only: both sides NULL in every band.
    present = ~(np.isnan(numerators).all(axis=1) & np.isnan(denominators).all(axis=1))
    wanted = _wanted(layout.keys, levels, breakdowns).to_numpy(zero_copy_only=False)
    chosen = np.flatnonzero(wanted & present)
    return Counts(
        definition,
        layout.keys.take(chosen),
        np.nan_to_num(numerators[chosen], nan=0.0),  # no rows in a band: a count of 0
        denominators[chosen],
        {name: (indices[chosen], values) for name, (indices, values) in layout.codes.items()},
    )


class _BandLayout:
    """Long rows (one per group and age band) as groups x 19 bands, one matrix per column.

    Rows of a band that is not one of the 19 are left out. A band without a row, or with a
    NULL, is NaN.
    """

    def __init__(
        self,
        table: pa.Table,
        rows: np.ndarray,
        group: np.ndarray,
        band: np.ndarray,
        codes: dict[str, tuple[np.ndarray, pa.Array]],
    ):
        self.table, self.rows, self.group, self.band = table, rows, group, band
        # Groups are numbered in order of first appearance: a group's first row is where the
        # number exceeds every number before it.
        first = group > np.maximum.accumulate(np.concatenate([[-1], group[:-1]]))
        self.keys = table.select(list(compiler.KEYS)).take(rows[first])
        # The keys as numbers (see Counts.codes), from the encoding that numbered the groups.
        self.codes = {
            name: (indices[rows[first]], values) for name, (indices, values) in codes.items()
        }
        self.matrices: dict[str, np.ndarray] = {}

    @classmethod
    def of(cls, table: pa.Table) -> "_BandLayout":
        band = pc.index_in(table["age_band"], value_set=pa.array(AGE_BANDS))
        band = pc.fill_null(band, -1).to_numpy(zero_copy_only=False)
        rows = np.flatnonzero(band >= 0)
        code = np.zeros(table.num_rows, dtype=np.int64)
        codes = _key_codes(table)
        for indices, values in codes.values():
            code = code * len(values) + indices
        # Numbered by hashing (Arrow's dictionary encoding), not sorting: there are millions.
        group = pc.dictionary_encode(pa.array(code[rows])).indices.to_numpy(zero_copy_only=False)
        return cls(table, rows, group.astype(np.int64), band[rows].astype(np.int64), codes)

    def matrix(self, column: str) -> np.ndarray:
        if column not in self.matrices:
            matrix = np.full((self.keys.num_rows, len(AGE_BANDS)), np.nan)
            matrix[self.group, self.band] = _as_float(self.table[column])[self.rows]
            self.matrices[column] = matrix
        return self.matrices[column]


def _as_float(column: pa.ChunkedArray) -> np.ndarray:
    """Numbers as float, a missing one (NULL) as NaN."""
    return column.cast(pa.float64()).to_numpy(zero_copy_only=False)


def nestings(
    definitions: Sequence[Definition],
    backend: Backend,
    *,
    levels: Sequence[str] | None = None,
    tables: dict[str, str] | None = None,
) -> list[Nesting]:
    """Which area types of the results lie wholly within which, from the area lookup.

    For suppression across geography (``suppression``): a type nests in a larger one when each
    of its areas has one code of the larger type in the lookup. Only the nearest nesting is
    kept (LSOA in LA and LA in region, not also LSOA in region).
    """
    lookup = backend.table({**TABLES, **(tables or {})}["area_lookup"])
    asked = {level for d in definitions for level in (levels or d.geography)}
    used = [
        level
        for level in GEOGRAPHY_LEVELS
        if level in asked
        and (
            GEOGRAPHY_LEVELS[level].column is None
            or GEOGRAPHY_LEVELS[level].column in lookup.columns
        )
    ]
    columns = [GEOGRAPHY_LEVELS[level].column for level in used if GEOGRAPHY_LEVELS[level].column]
    if not columns:
        return []
    areas = backend.to_arrow(lookup.select(*columns).distinct())

    def pairs(child: str, parent: str) -> pa.Table | None:
        """The (child, parent) codes when ``child`` nests in ``parent``, else None."""
        child_column = GEOGRAPHY_LEVELS[child].column
        parent_column = GEOGRAPHY_LEVELS[parent].column
        if child_column is None:
            return None
        codes = areas.select([child_column]).group_by([child_column]).aggregate([])
        if parent_column is None:  # England holds every area
            parents = pa.repeat(pa.scalar(ENGLAND_CODE, pa.string()), codes.num_rows)
            return pa.table({"child": codes[child_column], "parent": parents})
        found = areas.group_by([child_column, parent_column]).aggregate([])
        if found.num_rows != codes.num_rows or found[parent_column].null_count:
            return None
        return pa.table({"child": found[child_column], "parent": found[parent_column]})

    nested = {
        (child, parent): found
        for i, child in enumerate(used)
        for parent in used[i + 1 :]
        if (found := pairs(child, parent)) is not None
    }
    return [
        Nesting(
            GEOGRAPHY_LEVELS[child].name,
            GEOGRAPHY_LEVELS[parent].name,
            found["child"].combine_chunks(),
            found["parent"].combine_chunks(),
        )
        for (child, parent), found in nested.items()
        if not any((child, middle) in nested and (middle, parent) in nested for middle in used)
    ]


def _refuse_duplicate_ids(definitions: Sequence[Definition]) -> None:
    seen = set()
    for definition in definitions:
        if definition.id in seen:
            raise DefinitionError(f"id {definition.id!r} is given twice", where="id")
        seen.add(definition.id)


def _check_lookup(backend: Backend, lookup, definitions: Sequence[Definition], plan) -> None:
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
    if any(compiler.lsoa_attributes(plan, relation) for relation in plan.combos):
        # An LSOA's total is also its row by deprivation decile (compile.lsoa_totals): that
        # holds when each LSOA is in the lookup once.
        counted = lookup.group_by("lsoa_code").aggregate(rows=lookup.count())
        repeated = backend.to_arrow(counted.filter(counted.rows > 1).limit(3))
        if repeated.num_rows:
            codes = ", ".join(repeated["lsoa_code"].to_pylist())
            raise ValueError(
                f"The area lookup table lists an LSOA more than once ({codes}); "
                "give each LSOA one row."
            )
