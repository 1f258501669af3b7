"""From counts to the published table: estimates, small-number suppression, labels.

The statistics are computed for all groups of an indicator at once (one call per indicator);
groups that a method cannot take (no denominator, numerator above denominator, a zero
population in an age band) are left blank with the reason in ``Note`` instead of failing the
whole run. Every count under the threshold is then suppressed: Count, Value and limits blank.

Suppression is also *complementary* (``suppression``): no suppressed count can be worked out
by subtracting the counts shown from a total, within a breakdown or across nested areas.
"""

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from joinedup.stats.result import DEFAULT_LEVELS, level_label

from .datasets import AGE_BANDS
from .engine import Counts
from .model import Method
from .suppression import Nesting, complementary

DEFAULT_SUPPRESS_BELOW = 5
_KEY_COLUMNS = ("Area Type", "Area Code", "Breakdown", "Category", "Period")


def column_names(levels: Sequence[float] = DEFAULT_LEVELS) -> list[str]:
    """The columns of the results table, in order (Fingertips' names where it has them)."""
    limits = [
        f"{side} CI {level_label(level)} limit" for level in levels for side in ("Lower", "Upper")
    ]
    return [
        "Indicator ID",
        "Definition version",
        "Area Type",
        "Area Code",
        "Breakdown",
        "Category",
        "Period",
        "Count",
        "Denominator",
        "Value",
        *limits,
        "Method",
        "Note",
        "Source",
    ]


def estimate(
    counts: Sequence[Counts],
    *,
    levels: Sequence[float] = DEFAULT_LEVELS,
    suppress_below: int = DEFAULT_SUPPRESS_BELOW,
    nestings: Sequence[Nesting] = (),
) -> pa.Table:
    """One tidy table for all the indicators, suppressed below ``suppress_below``.

    ``nestings`` (``engine.nestings``) says which area types lie within which, for suppression
    across geography; without them, suppression is complementary within breakdowns only.
    The columns of a few texts (Indicator ID, Definition version, Method, Note, Source) are
    dictionary-encoded (categories in pandas): millions of rows, a handful of values.
    """
    cache = {}  # shared by the indicators' suppression (see ``complementary``)
    tables = [_estimate_one(c, tuple(levels), suppress_below, nestings, cache) for c in counts]
    if not tables:
        return pa.table({name: pa.array([], pa.string()) for name in column_names(levels)})
    return pa.concat_tables(tables)


def _estimate_one(
    counts: Counts,
    levels: tuple[float, ...],
    suppress_below: int,
    nestings: Sequence[Nesting] = (),
    cache: dict | None = None,
) -> pa.Table:
    definition = counts.definition
    numerator, denominator = counts.numerator, counts.denominator
    groups = counts.keys.num_rows
    if definition.method is Method.DSR:
        # A DSR for an age group (65+) standardises over that group's bands only.
        bands = standardised_bands(definition)
        numerator, denominator = numerator[:, bands], denominator[:, bands]
        total_count = numerator.sum(axis=1) if groups else np.zeros(0)
        total_denominator = (
            np.where(np.isnan(denominator).all(axis=1), np.nan, np.nansum(denominator, axis=1))
            if groups
            else np.zeros(0)
        )
    else:
        total_count, total_denominator = numerator, denominator
    usable, blank_reasons = _usable(definition.method, numerator, denominator)

    value = np.full(groups, np.nan)
    limits = {level: (np.full(groups, np.nan), np.full(groups, np.nan)) for level in levels}
    note = _Notes(groups)
    for blank, reason in blank_reasons:
        note.put(blank, reason)
    primary = total_count < suppress_below
    further = complementary(
        counts.keys, total_count, primary, suppress_below, nestings, counts.codes, cache
    )
    suppressed = primary | further
    # Suppressed groups are blanked below whatever their estimates: only the others are
    # estimated (at LSOA level, most of them). The method's name depends on the range of the
    # counts alone (a rate's limits are exact below 10, Byar's from 10), so it is taken from
    # the groups with the smallest and the largest count.
    method_name = ""
    if usable.any():
        candidates = np.flatnonzero(usable)
        some = candidates[[np.argmin(total_count[candidates]), np.argmax(total_count[candidates])]]
        method_name = _method(definition, numerator[some], denominator[some], levels).method
    shown = np.flatnonzero(usable & ~suppressed)
    if shown.size:
        estimates = _method(definition, numerator[shown], denominator[shown], levels)
        value[shown] = estimates.value
        for level in levels:
            limits[level][0][shown] = estimates.limits[level][0]
            limits[level][1][shown] = estimates.limits[level][1]
        note.put_all(shown, estimates.note)

    shown_count = total_count.copy()
    for array in (shown_count, value, *(side for pair in limits.values() for side in pair)):
        array[suppressed] = np.nan
    note.put(
        further,
        f"Suppressed: hidden so that a count below {suppress_below} cannot be worked out "
        "by subtraction",
    )
    note.put(primary, f"Suppressed: count below {suppress_below}")

    def constant(text: str) -> pa.Array:
        # Dictionary-encoded, as Note is: the same few texts on millions of rows.
        return pa.DictionaryArray.from_arrays(
            np.zeros(groups, np.int32), pa.array([text], pa.string())
        )

    columns = {
        "Indicator ID": constant(definition.id),
        "Definition version": constant(definition.version),
        "Area Type": counts.keys["area_type"],
        "Area Code": counts.keys["area_code"],
        "Breakdown": counts.keys["breakdown"],
        "Category": counts.keys["category"],
        "Period": counts.keys["period"],
        "Count": pa.array(shown_count, from_pandas=True),
        "Denominator": pa.array(total_denominator, from_pandas=True),
        "Value": pa.array(value, from_pandas=True),
    }
    for level in levels:
        label = level_label(level)
        columns[f"Lower CI {label} limit"] = pa.array(limits[level][0], from_pandas=True)
        columns[f"Upper CI {label} limit"] = pa.array(limits[level][1], from_pandas=True)
    columns["Method"] = constant(method_name)
    columns["Note"] = note.array()
    columns["Source"] = constant(definition.source)
    return pa.table({name: _plain(name, array) for name, array in columns.items()})


def _plain(name: str, array) -> pa.Array | pa.ChunkedArray:
    """Every indicator's table has the same schema: the key columns as strings (whatever the
    counts held), the columns of a few texts as built here (dictionaries of strings)."""
    if name in _KEY_COLUMNS and (
        pa.types.is_dictionary(array.type) or pa.types.is_large_string(array.type)
    ):
        return array.cast(pa.string())
    return array


def standardised_bands(definition) -> np.ndarray:
    """The age bands a DSR covers: those that pass the denominator's age band filters."""
    keep = np.ones(len(AGE_BANDS), dtype=bool)
    for row_filter in definition.denominator.filters:
        if row_filter.column == "age_band":
            keep &= np.array([row_filter.accepts(band) for band in AGE_BANDS])
    return np.flatnonzero(keep)


class _Notes:
    """The Note column as a number per group into a few texts (there are hundreds of thousands
    of groups and a handful of notes)."""

    def __init__(self, groups: int):
        self.texts = [""]
        self.codes = np.zeros(groups, dtype=np.int32)

    def _code(self, text: str) -> int:
        if text not in self.texts:
            self.texts.append(text)
        return self.texts.index(text)

    def put(self, groups: np.ndarray, text: str) -> None:
        self.codes[groups] = self._code(text)

    def put_all(self, groups: np.ndarray, texts: np.ndarray) -> None:
        """A text per group (``groups`` an index)."""
        found, distinct = pd.factorize(texts, use_na_sentinel=False)
        self.codes[groups] = np.array([self._code(text) for text in distinct], np.int32)[found]

    def array(self) -> pa.Array:
        return pa.DictionaryArray.from_arrays(self.codes, pa.array(self.texts, pa.string()))


def _usable(method: Method, numerator: np.ndarray, denominator: np.ndarray):
    """Which groups the method can take, and why the others are blank: (groups, reason)s."""
    if method is Method.DSR:
        no_population = (np.isnan(denominator) | (denominator <= 0)).any(axis=1)
        return ~no_population, [(no_population, "No value: population missing or 0 in an age band")]
    missing = np.isnan(denominator) | (denominator <= 0)
    reasons = [(missing, "No value: no denominator")]
    usable = ~missing
    if method is Method.PROPORTION:
        above = usable & (numerator > denominator)
        reasons.append((above, "No value: numerator above denominator"))
        usable &= ~above
    return usable, reasons


def _method(definition, numerator, denominator, levels):
    # Imported here: the methods are separate modules and this keeps import errors local.
    if definition.method is Method.PROPORTION:
        from joinedup.stats.proportion import proportion

        return proportion(numerator, denominator, levels=levels, multiplier=definition.multiplier)
    if definition.method is Method.RATE:
        from joinedup.stats.rate import rate

        return rate(numerator, denominator, levels=levels, multiplier=definition.multiplier)
    from joinedup.stats.dsr import dsr
    from joinedup.stats.standard_population import european_standard_population_2013

    standard = european_standard_population_2013()[standardised_bands(definition)]
    return dsr(
        numerator, denominator, standard=standard, levels=levels, multiplier=definition.multiplier
    )
