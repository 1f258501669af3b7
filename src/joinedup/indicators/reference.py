"""The oracle: the same counts as the engine, by plain Python loops over rows (slow, obvious).

Tests compare the engine with this on random data and random definitions (as ehrql compares its
engines with its in-memory engine). It follows the engine's rules: a group is there when a row
of the numerator or of the denominator is in it; a missing numerator counts 0, a missing
denominator stays missing (None); LSOAs missing from the lookup are left out.
"""

from collections import defaultdict

from .compile import ALL, UNKNOWN
from .datasets import ENGLAND_CODE, GEOGRAPHY_LEVELS, TimeKind
from .model import CountRule, Definition, Measure, Method
from .periods import window


def reference_counts(
    definition: Definition,
    *,
    events: list[dict],
    population: list[dict],
    lookup: list[dict],
    years,
    levels=None,
) -> dict[tuple, tuple]:
    """{(area_type, area_code, breakdown, category, period[, age_band]): (num, den)}"""
    datasets = {"events": events, "population": population}
    areas = {row["lsoa_code"]: row for row in lookup}
    sides = {}
    for side, measure in (
        ("numerator", definition.numerator),
        ("denominator", definition.denominator),
    ):
        sides[side] = _count(definition, measure, datasets[measure.dataset], areas, years, levels)
    result = {}
    for key in set(sides["numerator"]) | set(sides["denominator"]):
        numerator = sides["numerator"].get(key)
        result[key] = (0 if numerator is None else numerator, sides["denominator"].get(key))
    return result


def _count(definition, measure: Measure, rows, areas, years, levels) -> dict:
    dataset = measure.source
    values = defaultdict(list)
    for year in years:
        period = window(definition.period, year)
        for row in rows:
            time = row[dataset.time_column]
            if dataset.time_kind is TimeKind.DATE:
                inside = period.start <= time < period.end
            else:
                inside = time in period.population_years
            if not inside or not all(f.accepts(row[f.column]) for f in measure.filters):
                continue
            area = areas.get(row["lsoa_code"])
            if area is None:
                continue
            for level in levels or definition.geography:
                column = GEOGRAPHY_LEVELS[level].column
                code = area[column] if column else ENGLAND_CODE
                for breakdown in (None, *definition.breakdowns):
                    if breakdown is None:
                        category = ALL
                    else:
                        found = row[breakdown] if breakdown in row else area[breakdown]
                        category = UNKNOWN if found is None else str(found)
                    key = (
                        GEOGRAPHY_LEVELS[level].name,
                        code,
                        breakdown or ALL,
                        category,
                        period.label,
                    )
                    if definition.method is Method.DSR:
                        key += (row["age_band"],)
                    values[key].append(row.get(measure.count.column) if measure.count.column else 1)
    return {key: _total(measure, found) for key, found in values.items()}


def _total(measure: Measure, values: list):
    present = [value for value in values if value is not None]
    if measure.count.rule is CountRule.ROWS:
        return len(values)
    if measure.count.rule is CountRule.DISTINCT:
        return len(set(present))
    return sum(present) if present else None
