"""Complementary suppression: no hidden count can be worked out from the counts shown.

Counts under the threshold are suppressed first (*primary*, in ``results``). The counts of an
indicator also add up in two ways a reader can subtract along:

* **breakdowns** – the categories of one area, period and breakdown (each sex, each deprivation
  decile, Unknown) add up to the area's total;
* **geography** – the areas of one type that lie wholly within an area of a larger type (LSOAs
  within a local authority, local authorities within a region) add up to it, category by
  category. Which types nest is read from the area lookup (:class:`Nesting`, made by
  ``engine.nestings``); only the nearest nesting is used, since sums along a longer chain follow
  from the steps of it.

In each such *family* (the members and their total), while exactly one member is hidden, or the
hidden members add up to less than the threshold, the smallest member still shown is hidden too.
Hiding in one family can expose a count in another, so the families are gone through again until
nothing changes. Totals are treated as shown (the safe assumption).

Known limit: members are judged one family at a time, as statistical offices do for tables like
these; a reader combining several families' differences at once (a linear system across
overlapping families) is not ruled out. The assessments' exact span check
(``joinedup.instruments.suppression``) does that, but does not scale to millions of figures.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .compile import ALL


@dataclass(frozen=True)
class Nesting:
    """Each area of ``child_type`` lies wholly within one area of ``parent_type``."""

    child_type: str  # an ``Area Type`` of the results, e.g. "LSOA"
    parent_type: str  # e.g. "LA"
    children: pa.Array  # area codes of the child type
    parents: pa.Array  # the code of each one's parent, in the same order


def complementary(
    keys: pa.Table,
    count: np.ndarray,
    primary: np.ndarray,
    threshold: int,
    nestings: Sequence[Nesting] = (),
    codes: dict[str, tuple[np.ndarray, pa.Array]] | None = None,
    cache: dict | None = None,
) -> np.ndarray:
    """The rows to suppress besides ``primary``, so that none of them can be worked out.

    ``keys`` has the columns area_type, area_code, breakdown, category and period, one row per
    figure; ``count`` is each row's count. Returns a mask of the further rows to hide.
    ``codes`` is the key columns already encoded (``engine.Counts.codes``), if at hand.
    ``cache`` keeps what depends only on the distinct values of ``codes`` (their ranks, each
    area's parent) for the next call with the same values (the indicators of one relation).
    """
    cache = {} if cache is None else cache
    hiding = primary.copy()
    if not hiding.any():  # nothing hidden: nothing to protect
        return np.zeros(len(count), dtype=bool)
    if codes is None:
        codes = {name: encode(keys[name]) for name in keys.column_names}
    values = np.nan_to_num(count, nan=0.0)
    # Between members with the same count, the first by their keys' text is hidden first: the
    # same choice whatever order the database returned the rows in.
    tiebreak = np.zeros(len(count), dtype=np.int64)
    for indices, distinct in codes.values():
        ranks = _cached(cache, ("rank", distinct), lambda d=distinct: _ranks(d))
        tiebreak = tiebreak * max(len(distinct), 1) + (ranks.astype(np.int64) - 1)[indices]
    families = [_by_breakdown(codes)]
    families += [_by_parent(codes, nesting, cache) for nesting in nestings]
    families = [family for family in families if family is not None]
    changed = True
    while changed:
        changed = False
        for family in families:
            changed |= family.hide_more(values, tiebreak, hiding, threshold)
    return hiding & ~primary


@dataclass
class _Family:
    """Rows (``rows``) split into groups (``group``) that each add up to a total shown."""

    rows: np.ndarray
    group: np.ndarray
    seen: np.ndarray | None = None  # which members were hidden when last gone through

    def hide_more(
        self, values: np.ndarray, tiebreak: np.ndarray, hiding: np.ndarray, threshold: int
    ) -> bool:
        """Hide the smallest shown member of each exposed group until none is; True if any."""
        hidden = hiding[self.rows]
        groups = int(self.group.max()) + 1
        if self.seen is None:
            active = np.flatnonzero(np.full(len(hidden), hidden.any()))
        else:
            # Only the groups with a member hidden since this family was last gone through
            # can have become exposed.
            touched = np.zeros(groups, dtype=bool)
            touched[self.group[hidden != self.seen]] = True
            active = np.flatnonzero(touched[self.group])
        if not active.size:
            self.seen = hidden
            return False
        member_values = values[self.rows]
        changed = False
        while True:
            group, shown = self.group[active], ~hidden[active]
            hidden_count = np.bincount(group, weights=~shown, minlength=groups)
            hidden_sum = np.bincount(
                group, weights=np.where(shown, 0.0, member_values[active]), minlength=groups
            )
            exposed = (hidden_count == 1) | ((hidden_count > 1) & (hidden_sum < threshold))
            exposed = exposed[group]
            # The members still shown of the exposed groups, smallest first within each group.
            candidates = active[exposed & shown]
            if not candidates.size:
                break
            candidates = candidates[
                np.lexsort(
                    (
                        tiebreak[self.rows[candidates]],
                        member_values[candidates],
                        self.group[candidates],
                    )
                )
            ]
            group = self.group[candidates]
            hidden[candidates[np.r_[True, group[1:] != group[:-1]]]] = True
            changed = True
            active = active[exposed]  # other groups are not touched by hiding in these
        hiding[self.rows] = hidden
        self.seen = hidden
        return changed


def encode(column: pa.ChunkedArray, missing: int = -1) -> tuple[np.ndarray, pa.Array]:
    """A column as small whole numbers, with the distinct values they stand for (a blank is
    ``missing``)."""
    encoded = pc.dictionary_encode(column).combine_chunks()
    indices = pc.fill_null(encoded.indices, missing).to_numpy(zero_copy_only=False)
    return indices.astype(np.int64), encoded.dictionary


def _group(parts: Sequence[tuple[np.ndarray, int]]) -> np.ndarray:
    """Group numbers for rows keyed by several encoded columns (not above a few million)."""
    code = np.zeros(len(parts[0][0]), dtype=np.int64)
    space = 1
    for indices, size in parts:
        code = code * max(size, 1) + indices
        space *= max(size, 1)
    if space <= max(1 << 20, 4 * len(code)):  # small enough to count into directly
        return code
    return pc.dictionary_encode(pa.array(code)).indices.to_numpy(zero_copy_only=False)


def _by_breakdown(codes: dict) -> _Family | None:
    """The categories of one area, period and breakdown."""
    indices, values = codes["breakdown"]
    by_category = np.flatnonzero(indices != _position(values, ALL))
    if not by_category.size:
        return None
    parts = [
        (codes[name][0][by_category], len(codes[name][1]))
        for name in ("area_type", "area_code", "breakdown", "period")
    ]
    return _Family(by_category, _group(parts))


def _by_parent(codes: dict, nesting: Nesting, cache: dict) -> _Family | None:
    """The areas of one type within each area of the larger type, category by category."""
    type_indices, types = codes["area_type"]
    rows = np.flatnonzero(type_indices == _position(types, nesting.child_type))
    if not rows.size:
        return None
    area_indices, areas = codes["area_code"]
    parent_of, parent_names = _cached(
        cache, ("parents", areas, nesting), lambda: _parents(areas, nesting)
    )
    parent = parent_of[area_indices[rows]]
    rows = rows[parent >= 0]
    if not rows.size:
        return None
    parts = [
        (parent[parent >= 0], len(parent_names)),
        *[
            (codes[name][0][rows], len(codes[name][1]))
            for name in ("breakdown", "category", "period")
        ],
    ]
    return _Family(rows, _group(parts))


def _parents(areas: pa.Array, nesting: Nesting) -> tuple[np.ndarray, pa.Array]:
    """Each distinct area code's parent (-1: not in the lookup, left alone), and the parents."""
    where = pc.fill_null(pc.index_in(areas, value_set=nesting.children), -1)
    where = where.to_numpy(zero_copy_only=False).astype(np.int64)
    known = where >= 0
    parent_of = np.full(len(areas), -1, dtype=np.int64)
    parent_codes, parent_names = encode(pa.chunked_array([nesting.parents]))
    parent_of[known] = parent_codes[where[known]]
    return parent_of, parent_names


def _ranks(values: pa.Array) -> np.ndarray:
    return pc.rank(values, sort_keys="ascending").to_numpy(zero_copy_only=False)


def _cached(cache: dict, key: tuple, make):
    """``make()``, once for the same objects in ``key`` (kept alive with the result, so that
    their ids are not reused)."""
    found = cache.get(tuple(map(id, key)))
    if found is None:
        found = cache[tuple(map(id, key))] = (key, make())
    return found[1]


def _position(values: pa.Array, text: str) -> int:
    """Where ``text`` is among ``values`` (-1 if it is not)."""
    found = pc.index(values, text).as_py()
    return -1 if found is None else found
