"""Step 2 in NumPy: the fine counts summed up every geography level and breakdown.

The database counts each scan's measures by LSOA, period, the datasets' breakdown columns and
age band (``compile.fine_parts``): about a million rows at national scale, however many events
there are. Those rows are fetched once and their keys turned into small whole numbers: each
LSOA by its row in the area lookup, each period, category and age band by its position among
the values. Every level and breakdown is then a sum by a whole-number key (``np.bincount``, one
measure at a time), instead of one GROUP BY per level and breakdown in the database and
millions of text keys fetched back (ADR 0007).

* The rows are first summed into a *base*: one row per LSOA, period, category of each breakdown
  column and age band, whichever dataset counted it (the events and the population are fetched
  apart, each with its own measures only).
* Each relation (the measures counted by age band for DSRs, or in total for the others) takes
  its *finest* rows from the base: the base itself, or the base summed over the age bands.
* LSOAs are summed from the finest rows. An LSOA's row by an area attribute (its deprivation
  decile) is its row in total, labelled with the attribute: an LSOA has one decile.
* Larger levels are summed from a small *cube*: the finest rows summed by the codes of every
  larger level asked for and the area attributes (a few thousand combinations in England).

Only whole numbers are summed, as doubles: exact below 2**53, so every engine gives the same
figures. A measure no row counted in a group stays missing (NaN), as a SQL SUM of no rows is
NULL: an indicator's groups are those where its numerator or its denominator was counted.
Distinct counts (people) do not add up across areas and are rolled up in the database.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .compile import ALL, KEYS, UNKNOWN
from .datasets import AGE_BANDS, AREA_ATTRIBUTES, ENGLAND_CODE, GEOGRAPHY_LEVELS
from .suppression import encode

_BANDS = len(AGE_BANDS)  # a 20th slot holds rows of no band or another band


@dataclass
class Block:
    """Some consecutive groups of a relation (one level and breakdown): each measure's sums
    (0 where nothing was counted) and whether anything was counted, one per group or groups x
    19 age bands."""

    start: int
    sums: dict[str, np.ndarray]
    counted: dict[str, np.ndarray]  # bool, the shape of sums


@dataclass
class Rolled:
    """A relation's counts: one row per group (area, breakdown, category, period).

    ``codes`` holds each key column of ``KEYS`` as (each group's index, the values); the
    numbers are in ``blocks``, in the order of the groups. They are read for the groups an
    indicator needs (``sums``, ``counted``), never copied whole.
    """

    codes: dict[str, tuple[np.ndarray, pa.Array]]
    blocks: list[Block]

    @classmethod
    def of(cls, codes, columns: dict[str, np.ndarray]) -> "Rolled":
        """From whole columns, NaN where nothing was counted."""
        counted = {name: ~np.isnan(column) for name, column in columns.items()}
        sums = {name: np.nan_to_num(column, nan=0.0) for name, column in columns.items()}
        return cls(codes, [Block(0, sums, counted)])

    @property
    def size(self) -> int:
        return len(self.codes["area_type"][0])

    def keys(self, rows: np.ndarray) -> pa.Table:
        """The key columns of some groups, as text."""
        return pa.table(
            {
                name: values.take(pa.array(indices[rows]))
                for name, (indices, values) in self.codes.items()
            }
        )

    def counted(self, name: str) -> np.ndarray:
        """Whether anything was counted, every group (and band)."""
        return np.concatenate([block.counted[name] for block in self.blocks])

    def sums(self, name: str, rows: np.ndarray) -> np.ndarray:
        """A measure's sums for some groups (``rows`` ascending), 0 where nothing was counted."""
        found = None
        starts = [block.start for block in self.blocks]
        cut = np.searchsorted(rows, [*starts, self.size])
        for block, begin, end in zip(self.blocks, cut[:-1], cut[1:], strict=True):
            column = block.sums[name]
            if found is None:
                found = np.empty((len(rows), *column.shape[1:]))
            found[begin:end] = column[rows[begin:end] - block.start]
        return found


class Areas:
    """The area lookup as numbers: for each LSOA (a row of the lookup), its area at each level
    and its attributes, as indices into each one's distinct values."""

    def __init__(self, lookup: pa.Table):
        self.lsoa = lookup["lsoa_code"].combine_chunks()
        rows = len(self.lsoa)
        self.levels: dict[str, tuple[np.ndarray, pa.Array]] = {}
        for level, spec in GEOGRAPHY_LEVELS.items():
            if spec.column is None:
                self.levels[level] = (np.zeros(rows, np.int64), pa.array([ENGLAND_CODE]))
            elif spec.column == "lsoa_code":
                self.levels[level] = (np.arange(rows, dtype=np.int64), self.lsoa)
            elif spec.column in lookup.column_names:
                self.levels[level] = encode(lookup[spec.column])
        self.attributes = {
            name: encode(_text(lookup[name]))
            for name in AREA_ATTRIBUTES
            if name in lookup.column_names
        }

    def position(self, codes: pa.ChunkedArray) -> np.ndarray:
        """Each LSOA code's row in the lookup (-1: not in it, or blank, and not counted)."""
        found = pc.index_in(codes, value_set=self.lsoa, skip_nulls=True)
        return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)


def roll_up(
    parts: Sequence[pa.Table],
    areas: Areas,
    *,
    row_counts: Sequence[str],
    periods: Sequence[str],
    columns: Sequence[str],
    by_age: bool,
    relations: dict[str, "Relation"],
) -> dict[str, Rolled]:
    """Sum the fine rows of one scan (``parts``, one table per dataset) for each relation.

    ``row_counts`` names the measure columns that count rows (counted in a group wherever
    they are above 0; the others are sums, NULL where nothing had a value);
    ``periods`` its period labels; ``columns`` the datasets' breakdown columns it keeps;
    ``by_age`` whether it keeps the age band.
    """
    base = _Base(parts, areas, row_counts, periods, columns, by_age)
    return {name: base.relation(relation) for name, relation in relations.items()}


@dataclass(frozen=True)
class Relation:
    """What one relation of a scan is rolled up to (``compile.Plan``)."""

    measures: tuple[str, ...]  # its measure columns
    by_age: bool
    combos: tuple[tuple[str, str | None], ...]  # (level, breakdown) pairs, smallest level first


@dataclass
class _Rows:
    """Summed rows: each one's index in every dimension, and each measure's sums (and, for a
    measure that is not a row count, how many fine rows had a value: 0 is none)."""

    dimensions: dict[str, np.ndarray]
    sums: dict[str, np.ndarray]
    counted: dict[str, np.ndarray]

    def summed(self, group: np.ndarray, groups: int, measures) -> "tuple[dict, dict]":
        """The measures' sums (and counts of values) by group (-1: left out)."""
        kept = None if len(group) and group.min() >= 0 else np.flatnonzero(group >= 0)
        if kept is not None:
            group = group[kept]

        def total(values: np.ndarray) -> np.ndarray:
            weights = values if kept is None else values[kept]
            return np.bincount(group, weights=weights, minlength=groups)

        sums = {name: total(self.sums[name]) for name in measures}
        counted = {name: total(self.counted[name]) for name in measures if name in self.counted}
        return sums, counted


class _Base:
    """The fine rows numbered by their base row: one per LSOA, period, category of each column
    and band. The base's sums are not kept; each relation sums what it needs (``_finest``)."""

    def __init__(self, parts, areas: Areas, row_counts, periods, columns, by_age):
        self.areas = areas
        self.columns = tuple(columns)
        texts = {column: [_text(part[column]) for part in parts] for column in columns}
        self.vocabularies = {"period": list(periods)}
        for column in columns:
            chunks = [chunk for found in texts[column] for chunk in found.chunks]
            distinct = pc.unique(pa.chunked_array(chunks, pa.string()))
            self.vocabularies[column] = sorted(distinct.to_pylist())
        sizes = {"lsoa": len(areas.lsoa), "period": len(periods)}
        sizes |= {column: len(self.vocabularies[column]) for column in columns}
        if by_age:
            sizes["band"] = _BANDS + 1
        keys = []
        for i, part in enumerate(parts):
            found = {"lsoa": areas.position(part["lsoa_code"])}
            found["period"] = _index(part["period"], self.vocabularies["period"])
            for column in columns:
                found[column] = _index(texts[column][i], self.vocabularies[column])
            if by_age:
                band = pc.index_in(part["age_band"], value_set=pa.array(AGE_BANDS))
                found["band"] = _numbers(pc.fill_null(band, _BANDS))
            keys.append(_combine(found, sizes))
        group, codes = _compact(np.concatenate(keys) if keys else np.zeros(0, np.int64), sizes)
        # Each fine row's base row (len(codes): left out, for ``_from_parts``).
        group[group < 0] = len(codes)
        starts = np.cumsum([0] + [len(key) for key in keys])
        self.parts = [
            (part, group[start:end])
            for part, start, end in zip(parts, starts[:-1], starts[1:], strict=True)
        ]
        self.row_counts = set(row_counts)
        self.values: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
        self.dimensions = _split(codes, sizes)
        self.size = len(codes)
        self.cache: dict[tuple, object] = {}  # finest rows and cubes, once per relation

    def _from_parts(self, target: np.ndarray, groups: int, measures) -> tuple[dict, dict]:
        """The measures summed from the fine rows into ``groups`` groups, each base row into
        group ``target[row]`` (-1: left out). The base itself is never built: at national
        scale it would be a million rows for every measure of the scan."""
        target = np.append(target, -1)  # fine rows left out of the base stay out
        sums, counted = {}, {}
        for part, base in self.parts:
            own = [name for name in measures if name in part.column_names]
            if not own:
                continue
            group = target[base]
            kept = None if group.min(initial=0) >= 0 else np.flatnonzero(group >= 0)
            if kept is not None:
                group = group[kept]
            for name in own:
                values, present = self._values(part, name)
                if kept is not None:
                    values = values[kept]
                    present = None if present is None else present[kept]
                sums[name] = np.bincount(group, weights=values, minlength=groups)
                if present is not None:
                    counted[name] = np.bincount(group, weights=present, minlength=groups)
        for name in measures:  # a measure of no part (no rows at all)
            sums.setdefault(name, np.zeros(groups))
            if name not in self.row_counts:
                counted.setdefault(name, np.zeros(groups))
        return sums, counted

    def _values(self, part: pa.Table, name: str) -> tuple[np.ndarray, np.ndarray | None]:
        """A measure's numbers, and for a sum whether each fine row had one (read once)."""
        if name not in self.values:
            present = None if name in self.row_counts else _present(part[name])
            self.values[name] = _values(part[name]), present
        return self.values[name]

    def relation(self, relation: Relation) -> Rolled:
        """Every (level, breakdown) of one relation, stacked."""
        levels = list(dict.fromkeys(level for level, _ in relation.combos))
        breakdowns = list(dict.fromkeys(b for _, b in relation.combos if b))
        level_values = [self.areas.levels[level][1] for level in levels]
        offsets = np.cumsum([0] + [len(values) for values in level_values])
        vocabularies = [self._categories(breakdown) for breakdown in breakdowns]
        categories = list(dict.fromkeys([ALL, *(v for found in vocabularies for v in found)]))
        positions = {value: i for i, value in enumerate(categories)}
        periods = len(self.vocabularies["period"])
        combos, memo = [], {}
        for level, breakdown in relation.combos:
            area, category, period, band, sums, counted = self._combo(
                level, breakdown, relation, memo
            )
            number = None
            if relation.by_age:
                # Groups x bands: a group is a run of rows with the same area, category, period.
                width = int(category.max()) + 1 if len(category) else 1
                within = (area * width + category) * periods + period
                starts = np.r_[True, within[1:] != within[:-1]] if len(within) else within > 0
                first, number = np.flatnonzero(starts), np.cumsum(starts) - 1
                area, category, period = area[first], category[first], period[first]
            if breakdown is not None:
                own = np.array([positions[v] for v in vocabularies[breakdowns.index(breakdown)]])
                category = own[category]
            keys = {
                "area_type": levels.index(level),
                "area_code": offsets[levels.index(level)] + area,
                "breakdown": 0 if breakdown is None else 1 + breakdowns.index(breakdown),
                "category": category,
                "period": period,
            }
            combos.append((len(area), keys, number, band, sums, counted))
        starts = np.cumsum([0] + [combo[0] for combo in combos])
        indices = {name: np.empty(starts[-1], dtype=np.int64) for name in KEYS}
        blocks = []
        for start, (groups, keys, number, band, sums, counted) in zip(
            starts[:-1], combos, strict=True
        ):
            for name, index in keys.items():
                indices[name][start : start + groups] = index
            # By age band, a level and breakdown with a row for every group and band (most
            # are) is laid out as it is; the others are put band by band, the rest 0.
            dense = relation.by_age and len(band) == groups * _BANDS
            block = Block(int(start), {}, {})
            for name in relation.measures:
                found = sums[name]
                present = counted.get(name, found) > 0
                if dense:
                    found, present = found.reshape(groups, _BANDS), present.reshape(groups, _BANDS)
                elif relation.by_age:
                    matrix = np.zeros((groups, _BANDS))
                    matrix[number, band] = found
                    mask = np.zeros((groups, _BANDS), dtype=bool)
                    mask[number, band] = present
                    found, present = matrix, mask
                block.sums[name], block.counted[name] = found, present
            blocks.append(block)
        codes = {
            "area_type": pa.array([GEOGRAPHY_LEVELS[level].name for level in levels]),
            "area_code": pa.concat_arrays([v.cast(pa.string()) for v in level_values]),
            "breakdown": pa.array([ALL, *breakdowns], pa.string()),
            "category": pa.array(categories, pa.string()),
            "period": pa.array(self.vocabularies["period"], pa.string()),
        }
        return Rolled({name: (indices[name], codes[name]) for name in KEYS}, blocks)

    def _categories(self, breakdown: str) -> list[str]:
        if breakdown in self.vocabularies:
            return self.vocabularies[breakdown]
        return self.areas.attributes[breakdown][1].to_pylist()

    def _combo(self, level: str, breakdown: str | None, relation: Relation, memo: dict):
        """One level and breakdown: (area, category, period, band, sums, counted) per group
        (by age band, per group and band), in order of area, category, period and band."""
        if (level, breakdown) not in memo:
            memo[(level, breakdown)] = self._sum_combo(level, breakdown, relation, memo)
        return memo[(level, breakdown)]

    def _sum_combo(self, level: str, breakdown: str | None, relation: Relation, memo: dict):
        if level == "lsoa" and breakdown in self.areas.attributes:
            # An LSOA's row by its attribute is its row in total, labelled with it.
            area, _, period, band, sums, counted = self._combo(level, None, relation, memo)
            category = self.areas.attributes[breakdown][0][area]
            return area, category, period, band, sums, counted
        if level == "lsoa":
            rows = self._finest(relation)
            area = rows.dimensions["lsoa"]
            attribute = None
        else:
            rows, cube = self._cube(relation)
            area = cube[level][rows.dimensions["cube"]]
            attribute = cube.get(breakdown)
            if attribute is not None:
                attribute = attribute[rows.dimensions["cube"]]
        if breakdown is None:
            category, categories = np.zeros(len(area), np.int64), 1
        elif attribute is not None:
            category, categories = attribute, len(self.areas.attributes[breakdown][1])
        else:
            category = rows.dimensions[breakdown]
            categories = len(self.vocabularies[breakdown])
        sizes = {
            "area": len(self.areas.levels[level][1]),
            "category": categories,
            "period": len(self.vocabularies["period"]),
        }
        found = {"area": area, "category": category, "period": rows.dimensions["period"]}
        if relation.by_age:
            sizes["band"], found["band"] = _BANDS, rows.dimensions["band"]
        if level == "lsoa" and self.columns == ((breakdown,) if breakdown else ()):
            # Every dimension of the finest rows is kept: they are the groups already.
            keys, sums, counted = found, rows.sums, rows.counted
        else:
            group, codes = _compact(_combine(found, sizes), sizes)
            sums, counted = rows.summed(group, len(codes), relation.measures)
            keys = _split(codes, sizes)
        band = keys.get("band")
        return keys["area"], keys["category"], keys["period"], band, sums, counted

    def _finest(self, relation: Relation) -> _Rows:
        """The relation's measures by LSOA, period, every column and, by age, the 19 bands:
        the base's rows, or the base summed over the bands."""
        cached = ("finest", relation.measures, relation.by_age)
        if cached in self.cache:
            return self.cache[cached]
        dimensions = self.dimensions
        if relation.by_age:
            kept = dimensions["band"] < _BANDS
            target = np.where(kept, np.cumsum(kept) - 1, -1)
            dimensions = {name: index[kept] for name, index in dimensions.items()}
            groups = len(dimensions["band"])
        elif "band" in dimensions:
            sizes = {"lsoa": len(self.areas.lsoa), "period": len(self.vocabularies["period"])}
            sizes |= {column: len(self.vocabularies[column]) for column in self.columns}
            target, codes = _compact(_combine(dimensions, sizes), sizes)
            dimensions, groups = _split(codes, sizes), len(codes)
        else:
            target, groups = np.arange(self.size), self.size
        sums, counted = self._from_parts(target, groups, relation.measures)
        self.cache[cached] = _Rows(dimensions, sums, counted)
        return self.cache[cached]

    def _cube(self, relation: Relation) -> tuple[_Rows, dict[str, np.ndarray]]:
        """The finest rows summed by every larger level's code and the area attributes: the
        rows of each cube area, and for each one its index at each level and by attribute."""
        levels = tuple(sorted({level for level, _ in relation.combos if level != "lsoa"}))
        attributes = tuple(sorted({b for _, b in relation.combos if b in self.areas.attributes}))
        cached = (levels, attributes, relation.measures, relation.by_age)
        if cached in self.cache:
            return self.cache[cached]
        parts = {name: self.areas.levels[name] for name in levels}
        parts |= {name: self.areas.attributes[name] for name in attributes}
        # A missing code (-1) gets a slot of its own, and is -1 again in the cube's areas.
        sizes = {name: len(values) + 1 for name, (_, values) in parts.items()}
        found = {
            name: np.where(index < 0, len(values), index) for name, (index, values) in parts.items()
        }
        cube_of_lsoa, cubes = _compact(_combine(found, sizes), sizes)
        described = {
            name: np.where(index == len(parts[name][1]), -1, index)
            for name, index in _split(cubes, sizes).items()
        }
        finest = self._finest(relation)
        dimensions = finest.dimensions
        sizes = {"cube": len(cubes), "period": len(self.vocabularies["period"])}
        sizes |= {column: len(self.vocabularies[column]) for column in self.columns}
        found = {"cube": cube_of_lsoa[dimensions["lsoa"]], "period": dimensions["period"]}
        found |= {column: dimensions[column] for column in self.columns}
        if relation.by_age:
            sizes["band"], found["band"] = _BANDS, dimensions["band"]
        group, codes = _compact(_combine(found, sizes), sizes)
        sums, counted = finest.summed(group, len(codes), relation.measures)
        self.cache[cached] = _Rows(_split(codes, sizes), sums, counted), described
        return self.cache[cached]


def _text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A breakdown column as its categories' text: blank is Unknown."""
    return pc.fill_null(column.cast(pa.string()), UNKNOWN)


def _numbers(array) -> np.ndarray:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=np.int64)


def _index(column: pa.ChunkedArray, vocabulary: Sequence[str]) -> np.ndarray:
    return _numbers(pc.index_in(column, value_set=pa.array(vocabulary, pa.string())))


def _values(column: pa.ChunkedArray) -> np.ndarray:
    """Whole numbers (a missing one as 0): summed as doubles, exact below 2**53."""
    if column.null_count:
        column = pc.fill_null(column, 0)
    return column.to_numpy(zero_copy_only=False)


def _present(column: pa.ChunkedArray) -> np.ndarray:
    return column.is_valid().to_numpy(zero_copy_only=False)


def _space(sizes: dict[str, int]) -> int:
    return int(np.prod([max(size, 1) for size in sizes.values()], dtype=np.float64))


def _combine(found: dict[str, np.ndarray], sizes: dict[str, int]) -> np.ndarray:
    """One whole number per row from its index in each dimension (-1 in any: -1)."""
    key = np.zeros(len(next(iter(found.values()))), dtype=np.int64)
    missing = np.zeros(len(key), dtype=bool)
    for name, size in sizes.items():
        index = found[name]
        missing |= index < 0
        key = key * max(size, 1) + index
    key[missing] = -1
    return key


def _split(codes: np.ndarray, sizes: dict[str, int]) -> dict[str, np.ndarray]:
    """The inverse of ``_combine``."""
    found = {}
    for name, size in reversed(sizes.items()):
        codes, found[name] = np.divmod(codes, max(size, 1))
    return found


def _compact(key: np.ndarray, sizes: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Number the distinct keys (-1 left out): (each row's number or -1, the keys in order)."""
    kept = key >= 0
    space = _space(sizes)
    if space <= 4 * len(key) + (1 << 20):  # small enough to mark in an array
        seen = np.zeros(space, dtype=bool)
        seen[key[kept]] = True
        number = np.cumsum(seen) - 1
        return np.where(kept, number[np.where(kept, key, 0)], -1), np.flatnonzero(seen)
    codes, inverse = np.unique(key[kept], return_inverse=True)
    group = np.full(len(key), -1, dtype=np.int64)
    group[kept] = inverse
    return group, codes
