"""Standard populations for direct standardisation.

The default is the 2013 European Standard Population (ESP2013) in the 19 five-year bands used by
PHEindicatormethods and Fingertips: ``0-4``, ``5-9``, ..., ``85-89``, ``90+``. Any other standard
can be read from a table of ``age_band,population`` rows, checked against the bands expected.
"""

import csv
import io
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources

import numpy as np

AGE_BANDS: tuple[str, ...] = tuple(f"{a}-{a + 4}" for a in range(0, 90, 5)) + ("90+",)
"""The 19 five-year age bands of ESP2013, youngest first."""

_ESP2013_RESOURCE = "esp2013.csv"
# Column names accepted for the population of a band ("weight" is what esp2013.csv uses).
_POPULATION_COLUMNS = ("population", "weight")


def european_standard_population_2013() -> np.ndarray:
    """The ESP2013 weights aligned to :data:`AGE_BANDS` (a fresh float array summing to 100,000).

    >>> esp = european_standard_population_2013()
    >>> esp.shape, float(esp.sum()), float(esp[0])
    ((19,), 100000.0, 5000.0)
    """
    text = resources.files("joinedup.stats").joinpath("data", _ESP2013_RESOURCE).read_text("utf-8")
    return load_standard_population(io.StringIO(text))


def load_standard_population(
    source: "str | os.PathLike[str] | io.TextIOBase | Mapping[str, float] | Iterable[Sequence]",
    *,
    age_bands: Sequence[str] = AGE_BANDS,
) -> np.ndarray:
    """Read a standard population and return it aligned to ``age_bands``.

    ``source`` is a CSV file (path or open text file) with a header row holding ``age_band`` and
    ``population`` (or ``weight``) columns, a mapping ``{age_band: population}``, or an iterable of
    ``(age_band, population)`` pairs. Band labels are compared after stripping spaces. A band
    missing, duplicated or not among ``age_bands``, or a population that is not a finite number
    ``>= 0``, raises :class:`ValueError` naming the bands concerned.

    >>> load_standard_population({"0-49": 60.0, "50+": 40.0}, age_bands=["0-49", "50+"])
    array([60., 40.])
    """
    rows = _read_rows(source)
    expected = [_clean(b) for b in age_bands]
    labels = [label for label, _ in rows]
    duplicated = sorted(b for b, k in Counter(labels).items() if k > 1)
    missing = [b for b in expected if b not in labels]
    unknown = [b for b in dict.fromkeys(labels) if b not in expected]
    problems = []
    if missing:
        problems.append("missing age bands: " + ", ".join(missing))
    if duplicated:
        problems.append("duplicated age bands: " + ", ".join(duplicated))
    if unknown:
        problems.append("unexpected age bands: " + ", ".join(unknown))
    if problems:
        raise ValueError("Standard population: " + "; ".join(problems) + ".")
    by_band = dict(rows)
    values = []
    bad = []
    for band in expected:
        try:
            v = float(by_band[band])
        except (TypeError, ValueError):
            v = float("nan")
        if not np.isfinite(v) or v < 0:
            bad.append(f"{band} ({by_band[band]!r})")
        values.append(v)
    if bad:
        raise ValueError(
            "Standard population: populations must be finite numbers >= 0; bad bands: "
            + ", ".join(bad)
            + "."
        )
    out = np.asarray(values, dtype=float)
    if out.sum() <= 0:
        raise ValueError("Standard population: the populations sum to zero.")
    return out


def _clean(label: object) -> str:
    return "".join(str(label).split())


def _read_rows(source) -> list[tuple[str, object]]:
    if isinstance(source, Mapping):
        return [(_clean(k), v) for k, v in source.items()]
    if isinstance(source, str | os.PathLike):
        with open(source, newline="", encoding="utf-8-sig") as handle:
            return _read_csv(handle)
    if hasattr(source, "read"):
        return _read_csv(source)
    return [(_clean(band), population) for band, population in source]


def _read_csv(handle) -> list[tuple[str, object]]:
    reader = csv.DictReader(handle)
    fields = [(f or "").strip().lower() for f in (reader.fieldnames or [])]
    reader.fieldnames = fields
    population_column = next((c for c in _POPULATION_COLUMNS if c in fields), None)
    if "age_band" not in fields or population_column is None:
        raise ValueError(
            "Standard population: the CSV needs an 'age_band' column and a 'population' (or "
            f"'weight') column; found {', '.join(fields) or 'no header'}."
        )
    return [(_clean(row["age_band"]), row[population_column]) for row in reader]
