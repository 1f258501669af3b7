"""The tabular layer of `joinedup stats`: a CSV of aggregate numbers in, a Fingertips table out.

Pure (pandas and NumPy; no Django, no writing): :func:`compute` reads the input CSV (and the
``--reference`` or ``--standard-population`` CSV) as strings, validates every cell, groups the
rows, calls the method of :mod:`joinedup.stats` once for all groups, and returns the output frame.
Every problem found is collected and raised together as :class:`StatsInputError`, each message
naming the file, the row as a spreadsheet shows it (header row 1, first record row 2) and the
column.

Rules of the table (the methods' own rules are in their modules):

- Every column other than the method's input columns is a grouping column; groups come out in the
  order they first appear, with the grouping values exactly as read.
- A blank cell is a missing number (the reference's NA); anything else that is not a finite number
  is an error. Missing numbers follow the method: a blank value with a note for proportion, rate
  and mean; a count of 0 for DSR counts and ISR counts and populations; a note for life
  expectancy. A missing DSR population is an error, as in the reference.
- proportion and rate: rows of the same group are summed first; a missing number in any row makes
  the group's sum missing (R's ``sum`` without ``na.rm``).
- dsr, isratio, israte, life-expectancy: one row per age band per group; an unknown, missing or
  duplicated band is an error. The bands are ``0-4``, ``5-9``, ..., ``85-89``, ``90+`` (or those
  of the ``--reference`` / ``--standard-population`` file when it gives other bands); for life
  expectancy ``0``, ``1-4``, ``5-9``, ..., ``85-89``, ``90+``. Spaces in band labels are ignored.
"""

import csv
import gc
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd

from joinedup.stats.result import DEFAULT_LEVELS, level_label
from joinedup.stats.standard_population import AGE_BANDS

__all__ = [
    "DEFAULT_MULTIPLIERS",
    "INPUT_COLUMNS",
    "LE_AGE_BANDS",
    "METHODS",
    "StatsInputError",
    "compute",
    "output_columns",
    "read_table",
]

METHODS: tuple[str, ...] = (
    "proportion",
    "rate",
    "dsr",
    "isratio",
    "israte",
    "mean",
    "life-expectancy",
)

INPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "proportion": ("numerator", "denominator"),
    "rate": ("numerator", "denominator"),
    "dsr": ("numerator", "denominator", "age_band"),
    "isratio": ("numerator", "denominator", "age_band"),
    "israte": ("numerator", "denominator", "age_band"),
    "mean": ("value",),
    "life-expectancy": ("deaths", "population", "age_band"),
}

DEFAULT_MULTIPLIERS: dict[str, float] = {
    "proportion": 100,
    "rate": 100000,
    "dsr": 100000,
    "isratio": 1,
    "israte": 100000,
}
"""Methods that take a multiplier, and its default (mean and life expectancy take none)."""

LE_AGE_BANDS: tuple[str, ...] = (
    ("0", "1-4") + tuple(f"{a}-{a + 4}" for a in range(5, 90, 5)) + ("90+",)
)
"""The 20 bands of the life table, in the order of life_expectancy.LE_START_AGES."""

REFERENCE_COLUMNS = ("age_band", "numerator", "denominator")
SHOWN_PROBLEMS = 20
"""At most this many problems are listed; the rest are counted."""


class StatsInputError(Exception):
    """Bad input: ``messages`` name the file, row and column of each problem found."""

    def __init__(self, messages: Sequence[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A CSV file read as strings: ``frame`` holds the records (blank lines dropped) and ``rows``
    the spreadsheet row number of each record (header row 1)."""

    label: str
    columns: tuple[str, ...]
    frame: pd.DataFrame
    rows: np.ndarray


class _Problems:
    """Problems found in one file, each as "FILE, row R, column C: what is wrong"."""

    def __init__(self, label: str):
        self.label = label
        self.messages: list[str] = []

    def add(self, rows, column: str | None, text: str) -> None:
        where = f"{self.label}, {_rows_text(rows)}"
        if column is not None:
            where += f', column "{column}"'
        self.messages.append(f"{where}: {text}")

    def extend(self, other: "_Problems") -> None:
        self.messages.extend(other.messages)

    def raise_if_any(self) -> None:
        if self.messages:
            raise StatsInputError(_capped(self.messages))


def _capped(messages: list[str]) -> list[str]:
    if len(messages) <= SHOWN_PROBLEMS:
        return messages
    more = len(messages) - SHOWN_PROBLEMS
    return messages[:SHOWN_PROBLEMS] + [f"... and {more} more problem{'s' * (more != 1)}."]


def _rows_text(rows) -> str:
    rows = [int(r) for r in np.atleast_1d(rows)]
    if len(rows) == 1:
        return f"row {rows[0]}"
    shown = ", ".join(str(r) for r in rows[:10])
    more = f" and {len(rows) - 10} more" if len(rows) > 10 else ""
    return f"rows {shown}{more}"


def read_table(path: "str | os.PathLike[str]") -> Table:
    """Read a UTF-8 CSV file as strings (a byte-order mark is allowed), checking its shape.

    Errors (all as :class:`StatsInputError`): unreadable, not UTF-8, empty, no records, a header
    with a blank or repeated column name, a record with more or fewer cells than the header.
    Blank lines (and lines of empty cells) are skipped but still counted in row numbers.
    """
    # A million rows are a million small lists: without pausing the cyclic garbage collector
    # (they hold no cycles) it would run hundreds of times while they are built (4x slower).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_table(path)
    finally:
        if enabled:
            gc.enable()


def _read_table(path) -> Table:
    label = os.fspath(path)
    problems = _Problems(label)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise StatsInputError([f"{label}: no such file."]) from None
    except IsADirectoryError:
        raise StatsInputError([f"{label}: is a folder, not a CSV file."]) from None
    except OSError as error:
        raise StatsInputError([f"{label}: cannot be read ({error.strerror or error})."]) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        row, column = _where_undecodable(raw, error.start)
        problems.add(
            row,
            column,
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as CSV UTF-8.",
        )
        problems.raise_if_any()
    if not text.strip():
        problems.add(1, None, "the file is empty: a header row naming the columns is needed.")
        problems.raise_if_any()

    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for record in reader:
            records.append(record)
    except csv.Error as error:
        problems.add(len(records) + 1, None, f"is not valid CSV ({error}).")
        problems.raise_if_any()

    header = [name.strip() for name in records[0]]
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if not name:
            problems.add(1, None, f"column {index + 1} of the header has no name.")
        elif name in seen:
            problems.add(
                1, name, f"appears twice in the header (columns {seen[name]} and {index + 1})."
            )
        else:
            seen[name] = index + 1
    problems.raise_if_any()

    width = len(header)
    lengths = np.fromiter((len(r) for r in records), dtype=np.intp, count=len(records))
    rows = np.arange(1, len(records) + 1)
    keep = lengths > 0
    keep[0] = False
    ragged = keep & (lengths != width)
    for index in np.flatnonzero(ragged):
        if all(not cell.strip() for cell in records[index]):  # a line of empty cells
            keep[index] = False
            continue
        problems.add(
            rows[index], None, f"has {lengths[index]} cells but the header has {width} columns."
        )
    problems.raise_if_any()

    body = [records[i] for i in np.flatnonzero(keep)]
    frame = None
    rows = rows[keep]
    if body:
        # Arrow-backed strings: strip, compare and parse in C, not per cell in Python.
        cells = zip(*body, strict=True)
        frame = pd.DataFrame(
            {
                name: pd.array(column, dtype=_TEXT)
                for name, column in zip(header, cells, strict=True)
            }
        )
        blank = np.ones(len(frame), dtype=bool)
        for name in header:
            blank &= _stripped(frame[name]).eq("").to_numpy(dtype=bool)
        frame, rows = frame.loc[~blank].reset_index(drop=True), rows[~blank]
    if frame is None or frame.empty:
        problems.add(1, None, "there are no data rows below the header.")
        problems.raise_if_any()
    return Table(label=label, columns=tuple(header), frame=frame, rows=rows)


_TEXT = pd.StringDtype("pyarrow")


def _stripped(column: pd.Series) -> pd.Series:
    return column.astype(_TEXT).str.strip()


def _parse_floats(stripped: pd.Series, blank: np.ndarray) -> np.ndarray:
    """Floats from stripped text, NaN where blank or not a number (checked by the caller)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pa.array(stripped.to_numpy(dtype=object), type=pa.string(), mask=blank)
    try:  # the fast path: every non-blank cell is a number
        return np.asarray(pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False), dtype=float)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    with np.errstate(invalid="ignore"):
        values = pd.to_numeric(stripped.astype(object).where(~blank, None), errors="coerce")
    return np.asarray(values, dtype=float)


def _where_undecodable(raw: bytes, offset: int) -> tuple[int, str | None]:
    """Row and column name of the byte at ``offset`` (rows counted by line)."""
    row = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    end = raw.find(b"\n", offset)
    line = raw[start : None if end < 0 else end].decode("utf-8", errors="replace")
    header_end = raw.find(b"\n")
    header_line = raw[: None if header_end < 0 else header_end].decode("utf-8", errors="replace")
    try:
        cells = next(csv.reader([line]), [])
        header = next(csv.reader([header_line]), [])
    except csv.Error:
        return row, None
    for index, cell in enumerate(cells):
        if "\ufffd" in cell:
            if row == 1:
                return row, None
            name = header[index].strip() if index < len(header) else ""
            return row, name or f"column {index + 1}"
    return row, None


def _require_columns(table: Table, required: Sequence[str], problems: _Problems) -> None:
    lower = {c.lower(): c for c in table.columns}
    for name in required:
        if name in table.columns:
            continue
        hint = f' (found "{lower[name]}": names are case-sensitive)' if name in lower else ""
        problems.add(
            1,
            name,
            f"no such column{hint}; the header has: {', '.join(table.columns)}.",
        )


def _numbers(
    table: Table,
    column: str,
    problems: _Problems,
    *,
    missing_allowed: bool = True,
    at_least: float | None = 0,
    above: float | None = None,
    what: str = "a count",
) -> np.ndarray:
    """The column as floats (NaN where blank), adding a problem for each bad cell."""
    cells = table.frame[column]
    stripped = _stripped(cells)
    blank = stripped.eq("").to_numpy(dtype=bool)
    values = _parse_floats(stripped, blank)
    rows = table.rows
    for i in np.flatnonzero(~blank & ~np.isfinite(values)):
        problems.add(rows[i], column, f"{cells[i]!r} is not a number.")
    if not missing_allowed:
        for i in np.flatnonzero(blank):
            problems.add(rows[i], column, f"is blank: {what} is needed.")
    if at_least is not None:
        for i in np.flatnonzero(values < at_least):
            problems.add(
                rows[i],
                column,
                f"{cells[i].strip()} is below {at_least:g}: {what} cannot be negative.",
            )
    if above is not None:
        for i in np.flatnonzero(values <= above):
            problems.add(rows[i], column, f"{cells[i].strip()}: {what} must be above {above:g}.")
    return values


# -- grouping ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Groups:
    codes: np.ndarray  # one code 0..G-1 per record, in order of first appearance
    count: int
    keys: pd.DataFrame  # one row per group: the grouping columns' values
    columns: tuple[str, ...]

    def describe(self, group: int) -> str:
        if not self.columns:
            return "the file"
        values = self.keys.iloc[group]
        return ", ".join(f"{c}={values[c]!r}" for c in self.columns)


def _group(table: Table, columns: Sequence[str]) -> _Groups:
    n = len(table.frame)
    codes = np.zeros(n, dtype=np.intp)
    for column in columns:
        part, uniques = pd.factorize(table.frame[column])
        codes, _ = pd.factorize(codes * len(uniques) + part)
    count = int(codes.max()) + 1 if n else 0
    _, first = np.unique(codes, return_index=True)
    keys = table.frame.loc[first, list(columns)].reset_index(drop=True)
    for column in columns:
        keys[column] = keys[column].astype(object)
    return _Groups(codes=codes.astype(np.intp), count=count, keys=keys, columns=tuple(columns))


def _group_rows(table: Table, groups: _Groups, group: int) -> np.ndarray:
    return table.rows[groups.codes == group]


def _sum_by_group(values: np.ndarray, groups: _Groups) -> np.ndarray:
    """Sum per group; NaN in any row makes the group NaN (R's sum without na.rm)."""
    return np.bincount(groups.codes, weights=values, minlength=groups.count)


def _clean_band(series: pd.Series) -> np.ndarray:
    text = pd.Series(series.to_numpy(dtype=object), dtype=_TEXT)
    return text.str.replace(r"\s+", "", regex=True).to_numpy(dtype=object)


def _bands_2d(
    table: Table,
    groups: _Groups,
    bands: Sequence[str],
    bands_source: str,
    problems: _Problems,
) -> np.ndarray:
    """Each record's band index (0..B-1), checking every group has each band exactly once."""
    labels = _clean_band(table.frame["age_band"])
    index = pd.Index(list(bands)).get_indexer(labels)
    rows = table.rows
    expected = f"{', '.join(bands)} ({bands_source})"
    for i in np.flatnonzero(index < 0):
        problems.add(rows[i], "age_band", f"{labels[i]!r} is not an age band; expected {expected}.")
    known = index >= 0
    pair = groups.codes[known] * len(bands) + index[known]
    duplicated = pd.Series(pair).duplicated(keep=False).to_numpy()
    if duplicated.any():
        known_rows = rows[known]
        for value in pd.unique(pair[duplicated]):
            group, band = divmod(int(value), len(bands))
            problems.add(
                known_rows[pair == value],
                "age_band",
                f"age band {bands[band]} appears more than once for {groups.describe(group)}.",
            )
    present = np.zeros((groups.count, len(bands)), dtype=bool)
    present[groups.codes[known], index[known]] = True
    incomplete = np.flatnonzero(~present.all(axis=1))
    for group in incomplete[:SHOWN_PROBLEMS]:
        missing = [bands[b] for b in np.flatnonzero(~present[group])]
        problems.add(
            _group_rows(table, groups, group),
            "age_band",
            f"no row for age band{'s' * (len(missing) > 1)} {', '.join(missing)} for "
            f"{groups.describe(group)}: every group needs one row per age band.",
        )
    return index


def _pivot(values: np.ndarray, groups: _Groups, band_index: np.ndarray, bands: int) -> np.ndarray:
    out = np.full((groups.count, bands), np.nan)
    out[groups.codes, band_index] = values
    return out


# -- the side files ----------------------------------------------------------------------------


def _band_order(labels: np.ndarray, default: Sequence[str]) -> list[str]:
    """The default bands if the file has exactly those, else the file's bands in its order."""
    if set(labels) == set(default) and len(labels) == len(default):
        return list(default)
    return [str(label) for label in labels]


def _read_band_file(path, value_columns: Sequence[tuple[str, dict]]) -> tuple[list[str], list]:
    """Read a file of one row per age band; returns its bands and the checked value columns."""
    table = read_table(path)
    problems = _Problems(table.label)
    _require_columns(table, ["age_band", *(c for c, _ in value_columns)], problems)
    problems.raise_if_any()
    labels = _clean_band(table.frame["age_band"])
    for i in np.flatnonzero(labels == ""):
        problems.add(table.rows[i], "age_band", "is blank: an age band label is needed.")
    duplicated = pd.Series(labels).duplicated(keep=False).to_numpy()
    for label in pd.unique(labels[duplicated & (labels != "")]):
        problems.add(table.rows[labels == label], "age_band", f"age band {label} appears twice.")
    values = [_numbers(table, column, problems, **options) for column, options in value_columns]
    problems.raise_if_any()
    return list(labels), values


def _read_reference(path) -> tuple[list[str], np.ndarray, np.ndarray]:
    labels, (numerator, denominator) = _read_band_file(
        path,
        [
            ("numerator", {"what": "a count"}),
            (
                "denominator",
                {
                    "missing_allowed": False,
                    "above": 0,
                    "at_least": None,
                    "what": "a population above 0",
                },
            ),
        ],
    )
    bands = _band_order(np.asarray(labels, dtype=object), AGE_BANDS)
    order = [labels.index(b) for b in bands]
    return bands, numerator[order], denominator[order]


def _read_standard(path) -> tuple[list[str], np.ndarray]:
    from joinedup.stats.standard_population import load_standard_population

    table = read_table(path)
    column = next((c for c in ("population", "weight") if c in table.columns), "population")
    labels, (population,) = _read_band_file(
        path, [(column, {"missing_allowed": False, "what": "a population"})]
    )
    bands = _band_order(np.asarray(labels, dtype=object), AGE_BANDS)
    if not population.sum() > 0:
        raise StatsInputError(
            [
                f"{os.fspath(path)}, rows 2 to {len(labels) + 1}, column "
                f'"{column}": the populations add up to 0.'
            ]
        )
    standard = load_standard_population(dict(zip(labels, population, strict=True)), age_bands=bands)
    return bands, standard


# -- the methods -------------------------------------------------------------------------------


def output_columns(
    grouping: Sequence[str], levels: Sequence[float] = DEFAULT_LEVELS, *, age_band: bool = False
) -> list[str]:
    """The output's columns: grouping columns (and age_band for life expectancy), then Count,
    Denominator, Value, the limits at each level, Method and Note (Fingertips' names)."""
    limits = []
    for level in levels:
        label = level_label(level)
        limits += [f"Lower CI {label} limit", f"Upper CI {label} limit"]
    band = ["age_band"] if age_band else []
    return [*grouping, *band, "Count", "Denominator", "Value", *limits, "Method", "Note"]


def compute(
    method: str,
    path: "str | os.PathLike[str]",
    *,
    levels: Sequence[float] = DEFAULT_LEVELS,
    multiplier: float | None = None,
    reference: "str | os.PathLike[str] | None" = None,
    standard_population: "str | os.PathLike[str] | None" = None,
    suppress_below: float | None = None,
) -> pd.DataFrame:
    """Read ``path``, validate it, compute ``method`` for every group and return the output table.

    ``levels`` are fractions (0.95); ``multiplier`` None means the method's default. Raises
    :class:`StatsInputError` for bad input, naming file, row and column, before any output.
    """
    if method not in METHODS:
        raise StatsInputError([f"unknown method {method!r}: choose one of {', '.join(METHODS)}."])
    levels = tuple(dict.fromkeys(float(level) for level in levels))
    labels = [level_label(level) for level in levels]
    if not levels or len(set(labels)) != len(labels):
        raise StatsInputError(["confidence levels must be given, each once (to 0.1%)."])
    if multiplier is None:
        multiplier = DEFAULT_MULTIPLIERS.get(method, 1)

    # Side files first: their bands define the input's bands.
    bands, bands_source = list(AGE_BANDS), "the 19 bands of the 2013 European Standard Population"
    extra: dict = {}
    if method in ("isratio", "israte"):
        if reference is None:
            raise StatsInputError(
                [f"{method} needs --reference REF.csv (age_band,numerator,denominator)."]
            )
        bands, ref_num, ref_den = _read_reference(reference)
        bands_source = f"the age bands of {os.fspath(reference)}"
        extra = {"reference": (ref_num, ref_den)}
    elif method == "dsr" and standard_population is not None:
        bands, standard = _read_standard(standard_population)
        bands_source = f"the age bands of {os.fspath(standard_population)}"
        extra = {"standard": standard}
    elif method == "life-expectancy":
        bands, bands_source = list(LE_AGE_BANDS), "the 20 bands of the life table"

    table = read_table(path)
    problems = _Problems(table.label)
    inputs = INPUT_COLUMNS[method]
    _require_columns(table, inputs, problems)
    problems.raise_if_any()
    grouping = [c for c in table.columns if c not in inputs]
    columns = output_columns(grouping, levels, age_band=method == "life-expectancy")
    for name in grouping:
        if columns.count(name) > 1:
            problems.add(
                1, name, "a grouping column cannot have the name of an output column; rename it."
            )
    problems.raise_if_any()
    groups = _group(table, grouping)

    if method in ("proportion", "rate"):
        frame = _proportion_or_rate(method, table, groups, problems, levels, multiplier)
    elif method == "mean":
        frame = _mean(table, groups, problems, levels)
    elif method == "life-expectancy":
        frame = _life_expectancy(table, groups, bands, bands_source, problems, levels)
    else:
        frame = _standardised(
            method, table, groups, bands, bands_source, problems, levels, multiplier, extra
        )

    if suppress_below is not None:
        # Counts of people: for a mean, the number of values (its Denominator); else the Count.
        basis = frame["Denominator"] if method == "mean" else frame["Count"]
        small = (basis < suppress_below).to_numpy(dtype=bool, na_value=False)
        what = "fewer than {n:g} values" if method == "mean" else "count below {n:g}"
        reason = "suppressed: " + what.format(n=suppress_below)
        # The small count itself is what must not leave: blank it with the value and limits.
        blanked = ["Count", "Value"] + [
            c for c in frame.columns if c.startswith(("lower ", "upper "))
        ]
        frame.loc[small, blanked] = np.nan
        old = frame.loc[small, "Note"]
        frame.loc[small, "Note"] = np.where(old == "", reason, reason + "; " + old)
    frame.columns = columns
    return frame


def _run(call, table: Table, groups: _Groups):
    """Call a method; map a remaining ValueError (it names group indexes) to rows."""
    try:
        return call()
    except ValueError as error:
        found = re.search(r"group (\d+)", str(error))
        if found and int(found.group(1)) < groups.count:
            rows = _group_rows(table, groups, int(found.group(1)))
            raise StatsInputError([f"{table.label}, {_rows_text(rows)}: {error}"]) from None
        raise StatsInputError([f"{table.label}: {error}"]) from None


def _frame(groups: _Groups, estimates, levels, count, denominator, method) -> pd.DataFrame:
    frame = groups.keys.copy()
    frame["Count"] = _whole_if_possible(count)
    frame["Denominator"] = _whole_if_possible(denominator)
    frame["Value"] = np.asarray(estimates.value, dtype=float)
    for level in levels:
        lower, upper = estimates.limits[level]
        frame[f"lower {level}"] = np.asarray(lower, dtype=float)
        frame[f"upper {level}"] = np.asarray(upper, dtype=float)
    frame["Method"] = np.asarray(method, dtype=object)
    frame["Note"] = np.asarray(estimates.note, dtype=object)
    return frame


def _whole_if_possible(values) -> "np.ndarray | pd.arrays.IntegerArray":
    """Counts written as 65 rather than 65.0 where every value is a whole number."""
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    if np.all(finite == np.round(finite)) and np.all(np.abs(finite) < 2**53):
        whole = pd.array(np.where(np.isfinite(values), values, 0).astype(np.int64), dtype="Int64")
        whole[~np.isfinite(values)] = pd.NA
        return whole
    return values


def _proportion_or_rate(method, table, groups, problems, levels, multiplier):
    from joinedup.stats.proportion import proportion
    from joinedup.stats.rate import poisson_methods, rate

    x = _numbers(table, "numerator", problems)
    n = _numbers(table, "denominator", problems, what="a denominator")
    if method == "proportion":
        for i in np.flatnonzero(x > n):
            problems.add(
                table.rows[i],
                "numerator",
                f"{x[i]:g} is above the denominator {n[i]:g}: a proportion cannot exceed 1.",
            )
    problems.raise_if_any()
    xs, ns = _sum_by_group(x, groups), _sum_by_group(n, groups)
    for group in np.flatnonzero(ns == 0)[:SHOWN_PROBLEMS]:
        problems.add(
            _group_rows(table, groups, group),
            "denominator",
            f"the denominator of {groups.describe(group)} is 0: it must be above 0.",
        )
    problems.raise_if_any()
    call = proportion if method == "proportion" else rate
    est = _run(lambda: call(xs, ns, levels=levels, multiplier=multiplier), table, groups)
    if method == "rate":
        per_group = poisson_methods(xs)
        labels = np.where(per_group == "", est.method, per_group)
    else:
        labels = np.full(groups.count, est.method, dtype=object)
    return _frame(groups, est, levels, est.count, est.denominator, labels)


def _mean(table, groups, problems, levels):
    from joinedup.stats.mean import mean_from_summary, summarise_values

    values = _numbers(table, "value", problems, at_least=None, what="a value")
    problems.raise_if_any()
    summary = summarise_values(values, groups.codes, n_groups=groups.count)
    est = _run(
        lambda: mean_from_summary(summary.total, summary.count, summary.sd, levels=levels),
        table,
        groups,
    )
    labels = np.full(groups.count, est.method, dtype=object)
    return _frame(groups, est, levels, est.count, est.denominator, labels)


def _standardised(method, table, groups, bands, source, problems, levels, multiplier, extra):
    from joinedup.stats.dsr import dsr
    from joinedup.stats.isr import israte, isratio

    x = _numbers(table, "numerator", problems)
    if method == "dsr":
        # phe_dsr stops on a population that is not above 0, missing included.
        n = _numbers(
            table,
            "denominator",
            problems,
            missing_allowed=False,
            at_least=None,
            above=0,
            what="a population above 0",
        )
    else:
        n = _numbers(table, "denominator", problems, what="a population")
    band_index = _bands_2d(table, groups, bands, source, problems)
    problems.raise_if_any()
    x2, n2 = (_pivot(v, groups, band_index, len(bands)) for v in (x, n))
    if method == "dsr":
        standard = extra.get("standard")
        est = _run(
            lambda: dsr(x2, n2, standard=standard, levels=levels, multiplier=multiplier),
            table,
            groups,
        )
        labels = np.full(groups.count, est.method, dtype=object)
    else:
        call = isratio if method == "isratio" else israte
        ref_num, ref_den = extra["reference"]
        est = _run(
            lambda: call(x2, n2, ref_num, ref_den, levels=levels, multiplier=multiplier),
            table,
            groups,
        )
        labels = np.asarray(est.limit_method, dtype=object)
    return _frame(groups, est, levels, est.count, est.denominator, labels)


def _life_expectancy(table, groups, bands, source, problems, levels):
    from joinedup.stats.life_expectancy import LE_START_AGES, life_expectancy

    deaths = _numbers(table, "deaths", problems, what="a number of deaths")
    population = _numbers(table, "population", problems, what="a population")
    band_index = _bands_2d(table, groups, bands, source, problems)
    problems.raise_if_any()
    d2, p2 = (_pivot(v, groups, band_index, len(bands)) for v in (deaths, population))
    est = _run(lambda: life_expectancy(d2, p2, LE_START_AGES, levels=levels), table, groups)
    # One row per group per band, bands youngest first (the result's column order).
    order = np.argsort(est.start_ages, kind="stable")
    shape = est.value.shape

    flat = SimpleNamespace(  # the 2-D estimates as one row per (group, band)
        value=est.value[:, order].ravel(),
        note=est.note[:, order].ravel(),
        limits={
            lv: (lo[:, order].ravel(), up[:, order].ravel()) for lv, (lo, up) in est.limits.items()
        },
    )

    keys = groups.keys.loc[np.repeat(np.arange(shape[0]), shape[1])].reset_index(drop=True)
    keys["age_band"] = np.tile(np.asarray(bands, dtype=object)[order], shape[0])
    flat_groups = _Groups(codes=groups.codes, count=groups.count, keys=keys, columns=groups.columns)
    labels = np.full(shape[0] * shape[1], est.method, dtype=object)
    return _frame(
        flat_groups,
        flat,
        levels,
        est.deaths_used[:, order].ravel(),
        est.population_used[:, order].ravel(),
        labels,
    )
