"""Definitions to Ibis expressions: count numerators and denominators in the database.

The work is planned so that the big tables are read as few times as possible:

1. *Fine counts.* Every additive measure (count rows, sum a column) is counted in one GROUP BY
   per dataset, period and set of breakdown columns the dataset must keep (a *scan*), one
   conditional aggregate (``FILTER (WHERE ...)``) per measure, by LSOA, period, those columns
   and the age band when a DSR is among them. Measures share the scan whatever indicator they
   belong to; a shared denominator is counted once, and DSRs and crude rates of the same
   breakdowns read each table once. The result is small (LSOAs x categories x bands: about a
   million rows in England, however many events) and is fetched.
2. *Roll-up.* Every geography level and breakdown is summed from the fetched fine counts in
   NumPy (``rollup``): the LSOAs' codes at each level and their attributes come from the area
   lookup, fetched once. Each indicator then takes its numerator and denominator from there,
   a DSR's as groups x 19 age bands.

Only whole numbers are summed, so every engine returns the same counts exactly; rates and
limits are computed from them in NumPy. (Weighting a DSR in SQL would return one row per group
instead of one per band, but its floating-point sums would differ between engines, and between
runs, in the last digits.)

Distinct counts (people) do not add up across areas, so they skip both steps: their rows are
joined to the area lookup and counted at each level and breakdown in the database
(``distinct_rows``, ``with_areas``, ``roll_up``). Expressions are unbound: the backend gives the
tables and runs them.
"""

import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import ibis
import ibis.expr.types as ir

from .datasets import AGE_BANDS, ENGLAND_CODE, GEOGRAPHY_LEVELS, Dataset, TimeKind
from .model import CountRule, Definition, Filter, Measure, Method, Period
from .periods import Window, window

KEYS = ("area_type", "area_code", "breakdown", "category", "period")
ALL = "All"  # the breakdown and category of the whole population
UNKNOWN = "Unknown"  # the category of rows whose breakdown column is blank

_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


@dataclass(frozen=True)
class Grain:
    """The level of detail a measure is first counted at, within each LSOA."""

    period: Period
    columns: tuple[str, ...]  # breakdown columns that come from the datasets themselves
    by_age: bool  # DSRs keep the age band to standardise by

    @property
    def fine_keys(self) -> tuple[str, ...]:
        return ("lsoa_code", "period", *self.columns, *(("age_band",) if self.by_age else ()))

    @property
    def scan(self) -> "Grain":
        """The grain the datasets are read at: by age band if any grain of its scan is."""
        return Grain(self.period, self.columns, by_age=True)


@dataclass(frozen=True)
class Slot:
    """Where a measure's numbers are found: a column of a rolled-up relation."""

    relation: str
    column: str


@dataclass
class Plan:
    """What to count and how it is shared between indicators (see the module docstring)."""

    years: tuple[int, ...]
    levels: dict[str, tuple[str, ...]]  # definition id -> geography levels
    additive: dict[Grain, dict[Measure, str]] = field(default_factory=dict)
    distinct: dict[tuple[Grain, Measure], str] = field(default_factory=dict)
    scan_columns: dict[tuple, dict[Measure, str]] = field(default_factory=dict)
    combos: dict[str, set[tuple[str, str | None]]] = field(default_factory=dict)
    slots: dict[tuple[str, str], Slot] = field(default_factory=dict)  # (id, side) -> slot

    def windows(self, period: Period) -> list[Window]:
        return [window(period, year) for year in self.years]

    def scans(self) -> dict[Grain, list[Grain]]:
        """The additive grains by the scan that counts them (at most one with age band and
        one without, for each period and breakdown columns)."""
        scans = {}
        for grain in self.additive:
            scans.setdefault(grain.scan, []).append(grain)
        return {
            scan if any(g.by_age for g in grains) else grains[0]: grains
            for scan, grains in scans.items()
        }

    def scan_measures(self, scan: Grain) -> dict[Measure, str]:
        return self.scan_columns[(scan.period, scan.columns)]


def grain_of(definition: Definition) -> Grain:
    columns = tuple(sorted(b for b in definition.breakdowns if definition.numerator.source.has(b)))
    return Grain(definition.period, columns, definition.method is Method.DSR)


def plan(
    definitions: Sequence[Definition], years: Iterable[int], levels: Sequence[str] | None = None
) -> Plan:
    """Share the counting between definitions: one column per distinct measure and grain."""
    result = Plan(
        years=tuple(years),
        levels={d.id: tuple(levels) if levels else d.geography for d in definitions},
    )
    for definition in definitions:
        grain = grain_of(definition)
        combos = {
            (level, breakdown)
            for level in result.levels[definition.id]
            for breakdown in (None, *definition.breakdowns)
        }
        for side, measure in (
            ("numerator", definition.numerator),
            ("denominator", definition.denominator),
        ):
            if measure.count.additive:
                # Column names are shared by the grains of a scan (with and without age band).
                named = result.scan_columns.setdefault((grain.period, grain.columns), {})
                column = named.setdefault(measure, f"m{len(named)}")
                result.additive.setdefault(grain, {})[measure] = column
                relation = _grain_name(result, grain)
            else:
                relation = result.distinct.setdefault(
                    (grain, measure), f"distinct{len(result.distinct)}"
                )
                column = "m0"
            result.combos.setdefault(relation, set()).update(combos)
            result.slots[(definition.id, side)] = Slot(relation, column)
    return result


def _grain_name(plan: Plan, grain: Grain) -> str:
    return f"grain{list(plan.additive).index(grain)}"


def predicate(
    table: ir.Table, dataset: Dataset, filters: Sequence[Filter]
) -> ir.BooleanValue | None:
    """The filters as one boolean expression (None when there are none)."""
    conditions = [_condition(table, dataset, row_filter) for row_filter in filters]
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined &= condition
    return combined


def _condition(table: ir.Table, dataset: Dataset, row_filter: Filter) -> ir.BooleanValue:
    column = table[row_filter.column]
    op, value = row_filter.op, row_filter.value
    if op in _COMPARE and dataset.columns[row_filter.column] == "age_band":
        # Age bands are text, ordered by AGE_BANDS, not alphabetically: list the bands that pass.
        limit = AGE_BANDS.index(value)
        bands = [band for i, band in enumerate(AGE_BANDS) if _COMPARE[op](i, limit)]
        return column.isin(bands)
    if op == "==":
        return column == value
    if op == "!=":
        return column != value
    if op == "in":
        return column.isin(list(value))
    if op == "not in":
        return column.notin(list(value))
    return _COMPARE[op](column, value)


def rows_in_windows(table: ir.Table, dataset: Dataset, windows: Sequence[Window]) -> ir.Table:
    """The rows of each period, labelled with it (a row may fall in several rolling periods)."""
    parts = []
    for period in windows:
        time = table[dataset.time_column]
        if dataset.time_kind is TimeKind.DATE:
            inside = (time >= period.start) & (time < period.end)
        else:
            inside = time.isin(list(period.population_years))
        parts.append(table.filter(inside).mutate(period=ibis.literal(period.label)))
    return parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)


def fine_parts(tables: dict[str, ir.Table], plan: Plan, grain: Grain) -> list[ir.Table]:
    """Step 1: every additive measure of a scan counted by LSOA (and age band), one table per
    dataset with its own measures' columns."""
    measures = plan.scan_measures(grain)
    keys = list(grain.fine_keys)
    parts = []
    for dataset_name in sorted({measure.dataset for measure in measures}):
        own = {m: c for m, c in measures.items() if m.dataset == dataset_name}
        dataset = next(iter(own)).source
        rows = rows_in_windows(tables[dataset_name], dataset, plan.windows(grain.period))
        skip = _counted_by_some(rows, dataset, list(own))
        if skip is not None:
            rows = rows.filter(skip)  # rows that no measure counts are not grouped
        # Each distinct filter is tested once per row, as a column; a measure's condition is
        # an AND of those columns (measures share most of their filters: the same event type,
        # age group or cause).
        tests = {}
        for measure in own:
            for row_filter in measure.filters:
                tests.setdefault(_filter_key(row_filter), (f"f{len(tests)}", row_filter))
        summed = {m.count.column for m in own if m.count.column}
        rows = rows.select(
            *keys,
            *sorted(summed),
            **{name: _condition(rows, dataset, found) for name, found in tests.values()},
        )
        aggregates = {}
        for measure, column in own.items():
            names = [tests[_filter_key(f)][0] for f in measure.filters]
            condition = ibis.and_(*(rows[name] for name in names)) if names else None
            aggregates[column] = _aggregate(rows, measure, condition)
        parts.append(rows.group_by(keys).aggregate(**aggregates))
    return parts


def _filter_key(row_filter: Filter) -> tuple:
    value = row_filter.value
    return (
        row_filter.column,
        row_filter.op,
        tuple(value) if isinstance(value, list | tuple) else value,
    )


def _counted_by_some(
    rows: ir.Table, dataset: Dataset, measures: Sequence[Measure]
) -> ir.BooleanValue | None:
    """A condition that every row some measure counts meets (None: every row may be counted).

    When every measure keeps some values of one column (``event_type == ...``), one test of
    that column does: the whole OR of the measures' filters would be evaluated on every row,
    and again in the aggregates, for rows that are nearly all kept when the measures are many.
    """
    if any(not measure.filters for measure in measures):
        return None
    for column in sorted({f.column for f in measures[0].filters}):
        kept = set()
        for measure in measures:
            equal = [f for f in measure.filters if f.column == column and f.op in ("==", "in")]
            if not equal:
                break
            kept |= set.intersection(*(set(f.values) for f in equal))
        else:
            return rows[column].isin(sorted(kept, key=repr))
    return ibis.or_(*(predicate(rows, dataset, measure.filters) for measure in measures))


def _aggregate(rows: ir.Table, measure: Measure, condition) -> ir.IntegerScalar:
    # A group may be there for another measure sharing the scan; an indicator's rows must not
    # depend on what it was counted with. A count of rows is counted where it is above 0; a sum
    # of no rows is NULL (``rollup`` keeps the two apart).
    if measure.count.rule is CountRule.ROWS:
        return rows.count(where=condition).cast("int32")  # half the bytes to fetch and read
    return rows[measure.count.column].sum(where=condition).cast("int64")


def distinct_rows(
    tables: dict[str, ir.Table], plan: Plan, grain: Grain, measure: Measure
) -> ir.Table:
    """The distinct (value, LSOA, period, breakdowns) rows of a distinct-count measure."""
    dataset = measure.source
    rows = rows_in_windows(tables[measure.dataset], dataset, plan.windows(grain.period))
    condition = predicate(rows, dataset, measure.filters)
    if condition is not None:
        rows = rows.filter(condition)
    return rows.select(*grain.fine_keys, m0=rows[measure.count.column]).distinct()


def with_areas(
    rows: ir.Table, lookup: ir.Table, plan: Plan, relations: str | Sequence[str]
) -> ir.Table:
    """Step 2: each LSOA's codes at the levels asked for, and its attributes (deprivation)."""
    relations = [relations] if isinstance(relations, str) else relations
    needed = {
        column
        for relation in relations
        for level, breakdown in plan.combos[relation]
        for column in (GEOGRAPHY_LEVELS[level].column, breakdown)
        if column and column in lookup.columns and column != "lsoa_code"
    }
    areas = lookup.select("lsoa_code", *sorted(needed))
    return rows.join(areas, "lsoa_code")


def levels(plan: Plan, relation: str) -> list[str]:
    """The geography levels a relation is rolled up to, smallest first."""
    asked = {level for level, _ in plan.combos[relation]}
    return [level for level in GEOGRAPHY_LEVELS if level in asked]


def roll_up(table: ir.Table, plan: Plan, relation: str, *, by_age: bool) -> ir.Table:
    """Distinct counts: one GROUP BY per geography level and breakdown, stacked in a long table
    (column ``m0``, the count; the additive measures are rolled up in ``rollup``)."""
    parts = []
    for level, breakdown in sorted(plan.combos[relation], key=lambda c: (c[0], c[1] or "")):
        labelled = _labelled(table, level, breakdown)
        keys = ["area_code", "category", "period", *(["age_band"] if by_age else [])]
        counted = labelled.group_by(keys).aggregate(m0=labelled.m0.nunique())
        parts.append(_finish(counted, level, breakdown))
    return parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)


def _labelled(table: ir.Table, level: str, breakdown: str | None) -> ir.Table:
    column = GEOGRAPHY_LEVELS[level].column
    return table.mutate(
        area_code=table[column] if column else ibis.literal(ENGLAND_CODE),
        category=(
            table[breakdown].cast("string").fill_null(UNKNOWN) if breakdown else ibis.literal(ALL)
        ),
    )


def _finish(counted: ir.Table, level: str, breakdown: str | None) -> ir.Table:
    # Labels are added after grouping: constant keys would only slow the GROUP BY down.
    counted = counted.mutate(
        area_type=ibis.literal(GEOGRAPHY_LEVELS[level].name),
        breakdown=ibis.literal(breakdown or ALL),
    )
    return counted.select(*KEYS, *[c for c in counted.columns if c not in KEYS])
