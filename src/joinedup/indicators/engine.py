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
from . import rollup
from .backends import Backend
from .datasets import AGE_BANDS, AREA_ATTRIBUTES, ENGLAND_CODE, GEOGRAPHY_LEVELS
from .errors import DefinitionError
from .model import CountRule, Definition
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
    areas = _areas(backend, lookup, definitions, plan)
    rolled: dict[str, rollup.Rolled] = {}
    for scan, grains in plan.scans().items():
        parts = [backend.to_arrow(part) for part in compiler.fine_parts(bound, plan, scan)]
        relations = {compiler._grain_name(plan, grain): _relation(plan, grain) for grain in grains}
        rolled |= rollup.roll_up(
            parts,
            areas,
            row_counts=[
                column
                for measure, column in plan.scan_measures(scan).items()
                if measure.count.rule is CountRule.ROWS
            ],
            periods=[w.label for w in plan.windows(scan.period)],
            columns=scan.columns,
            by_age=scan.by_age,
            relations=relations,
        )
        del parts
    for (grain, measure), relation in plan.distinct.items():
        rows = compiler.distinct_rows(bound, plan, grain, measure)
        with_areas = backend.materialise(compiler.with_areas(rows, lookup, plan, relation))
        try:
            counted = compiler.roll_up(with_areas, plan, relation, by_age=grain.by_age)
            rolled[relation] = _from_long(backend.to_arrow(counted), by_age=grain.by_age)
        finally:
            backend.release(with_areas)
    return [_counts(definition, plan, rolled) for definition in definitions]


def _relation(plan, grain) -> rollup.Relation:
    relation = compiler._grain_name(plan, grain)
    order = list(GEOGRAPHY_LEVELS)
    combos = sorted(plan.combos[relation], key=lambda c: (order.index(c[0]), c[1] or ""))
    return rollup.Relation(tuple(plan.additive[grain].values()), grain.by_age, tuple(combos))


def _areas(backend: Backend, lookup, definitions: Sequence[Definition], plan) -> rollup.Areas:
    """The area lookup's columns that the definitions need, fetched once and checked."""
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
    fetched = backend.to_arrow(lookup.select(*sorted(needed)))
    codes = fetched["lsoa_code"]
    # Blank codes are not repeats: such rows match no record and are never counted.
    if pc.count_distinct(codes).as_py() != len(codes) - codes.null_count:
        counted = fetched.group_by("lsoa_code").aggregate([("lsoa_code", "count")])
        repeated = counted.filter(pc.greater(counted["lsoa_code_count"], 1))["lsoa_code"]
        repeated = repeated.drop_null()
        raise ValueError(
            f"The area lookup table lists an LSOA more than once "
            f"({', '.join(map(str, repeated.to_pylist()[:3]))}); give each LSOA one row."
        )
    return rollup.Areas(fetched)


def _from_long(table: pa.Table, *, by_age: bool) -> rollup.Rolled:
    """A relation counted in the database (long rows, one per group and age band)."""
    if by_age:
        layout = _BandLayout.of(table)
        return rollup.Rolled.of(layout.codes, {"m0": layout.matrix("m0")})
    return rollup.Rolled.of(_key_codes(table), {"m0": _as_float(table["m0"])})


def _counts(definition: Definition, plan, rolled: dict[str, rollup.Rolled]) -> Counts:
    """Pick one indicator's groups and columns from the relations it was counted in."""
    numerator_slot, denominator_slot = (
        plan.slots[(definition.id, side)] for side in ("numerator", "denominator")
    )
    columns = (numerator_slot.column, denominator_slot.column)
    if numerator_slot.relation == denominator_slot.relation:
        relation = rolled[numerator_slot.relation]
    else:
        relation = _aligned(
            rolled[numerator_slot.relation],
            numerator_slot.column,
            rolled[denominator_slot.relation],
            denominator_slot.column,
        )
        columns = ("a", "b")
    # A group may be there for another indicator's measures only: both sides not counted.
    counted_numerator, counted_denominator = (relation.counted(name) for name in columns)
    counted = counted_numerator | counted_denominator
    present = counted.any(axis=1) if counted.ndim == 2 else counted
    levels = {GEOGRAPHY_LEVELS[level].name for level in plan.levels[definition.id]}
    breakdowns = {compiler.ALL, *definition.breakdowns}
    chosen = np.flatnonzero(
        present
        & _among(relation.codes["area_type"], levels)
        & _among(relation.codes["breakdown"], breakdowns)
    )
    denominator = relation.sums(columns[1], chosen)
    denominator[~counted_denominator[chosen]] = np.nan  # no denominator: missing, not 0
    return Counts(
        definition,
        relation.keys(chosen),
        relation.sums(columns[0], chosen),  # nothing counted: a count of 0
        denominator,
        {name: (indices[chosen], values) for name, (indices, values) in relation.codes.items()},
    )


def _among(codes: tuple[np.ndarray, pa.Array], wanted: set[str]) -> np.ndarray:
    indices, values = codes
    return np.isin(indices, [i for i, value in enumerate(values.to_pylist()) if value in wanted])


def _aligned(relation_a, column_a: str, relation_b, column_b: str) -> rollup.Rolled:
    """Two relations' columns on the groups of both (a numerator and a denominator counted
    apart, such as people over a population): a relation with the columns "a" and "b"."""
    codes = {}
    for name in compiler.KEYS:
        (index_a, distinct_a), (index_b, distinct_b) = (
            relation_a.codes[name],
            relation_b.codes[name],
        )
        distinct_a, distinct_b = distinct_a.cast(pa.string()), distinct_b.cast(pa.string())
        distinct = pc.unique(pa.concat_arrays([distinct_a, distinct_b]))
        where_a = _positions(distinct_a, distinct)[index_a]
        where_b = _positions(distinct_b, distinct)[index_b]
        codes[name] = (np.concatenate([where_a, where_b]), distinct)
    key = np.zeros(len(codes["area_type"][0]), dtype=np.int64)
    for name in compiler.KEYS:
        key = key * len(codes[name][1]) + codes[name][0]
    distinct_keys, first, group = np.unique(key, return_index=True, return_inverse=True)
    columns = {}
    for side, relation, column, rows in (
        ("a", relation_a, column_a, group[: relation_a.size]),
        ("b", relation_b, column_b, group[relation_a.size :]),
    ):
        values = relation.sums(column, np.arange(relation.size))
        values[~relation.counted(column)] = np.nan
        columns[side] = np.full((len(distinct_keys), *values.shape[1:]), np.nan)
        columns[side][rows] = values
    return rollup.Rolled.of(
        {name: (indices[first], values) for name, (indices, values) in codes.items()}, columns
    )


def _positions(values: pa.Array, vocabulary: pa.Array) -> np.ndarray:
    """Where each value is in ``vocabulary`` (which holds them all)."""
    return pc.index_in(values, value_set=vocabulary).to_numpy(zero_copy_only=False).astype(np.int64)


def _key_codes(table: pa.Table) -> dict[str, tuple[np.ndarray, pa.Array]]:
    """Each key column as numbers: (each row's index into its distinct values, the values)."""
    return {name: encode(table[name]) for name in compiler.KEYS}


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
        self.size = int(first.sum())
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
            matrix = np.full((self.size, len(AGE_BANDS)), np.nan)
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
