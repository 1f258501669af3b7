"""Reading an instrument from a TOML file, refusing unknown keys, naming the file on any error.

The format (see ``library/*.toml`` for complete examples)::

    id = "partnership-assessment-tool"
    version = "1.0"
    title = "..."
    description = "..."
    source = "the published source, as a reference"
    licence = "what may be done with the text; that the statements are our own words"

    [scoring]                      # optional: method "mean" (default) or "total"
    method = "total"
    band_set = "principle-total"   # default band set for every section
    min_answered_share = 1.0       # "mean" only: share of a section's items needed for a score

    [[scales]]
    id = "agreement"
    title = "How far you agree"
    points = [{ value = 1, label = "Strongly disagree" }, { value = 2, label = "Disagree" }]

    [[dimensions]]                 # optional: rate every item more than once
    id = "today"
    label = "How far this holds today"
    scale = "extent"
    band_set = "readiness"

    [[band_sets]]
    id = "principle-total"
    bands = [{ label = "In difficulty", area = "further_work", lower = 6, upper = 12,
               meaning = "..." }]   # lower included, upper excluded except at the top

    [[sections]]
    id = "need"
    title = "..."
    description = "..."
    band_set = "..."               # optional: this section's own bands

    [[items]]
    id = "need-1"
    section = "need"
    scale = "agreement"            # unless the dimensions give the scales
    statement = "..."
    reverse = false                # optional
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .errors import InstrumentError
from .model import (
    Band,
    BandSet,
    Dimension,
    Instrument,
    Item,
    ResponseScale,
    ScalePoint,
    Scoring,
    Section,
)

_TOP = {
    "id",
    "version",
    "title",
    "description",
    "source",
    "licence",
    "scoring",
    "scales",
    "dimensions",
    "band_sets",
    "sections",
    "items",
}
_REQUIRED_TOP = {
    "id",
    "version",
    "title",
    "description",
    "source",
    "licence",
    "scales",
    "sections",
    "items",
}
_SCORING = {"method", "band_set", "min_answered_share"}
_SCALE = {"id", "title", "points"}
_POINT = {"value", "label"}
_DIMENSION = {"id", "label", "scale", "band_set"}
_BAND_SET = {"id", "bands"}
_BAND = {"label", "meaning", "area", "lower", "upper"}
_SECTION = {"id", "title", "description", "band_set"}
_ITEM = {"id", "section", "statement", "scale", "reverse"}


def _table(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise InstrumentError(where, f"expected a table, not {type(value).__name__}.")
    return value


def _tables(document: dict, key: str) -> list[dict]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise InstrumentError(key, f"expected an array of tables ([[{key}]]).")
    return [_table(one, f"{key}[{index}]") for index, one in enumerate(value)]


def _keys(table: dict, allowed: set[str], where: str, required: set[str] = frozenset()) -> dict:
    if unknown := sorted(set(table) - allowed):
        raise InstrumentError(
            where, f"unknown key(s) {unknown}; allowed keys are {sorted(allowed)}."
        )
    if missing := sorted(required - set(table)):
        raise InstrumentError(where, f"missing key(s) {missing}.")
    return table


def _label(table: dict, index: int, kind: str) -> str:
    ident = table.get("id")
    return f"{kind} '{ident}'" if isinstance(ident, str) else f"{kind} number {index + 1}"


def _build(document: dict) -> dict:
    _keys(document, _TOP, "the file", _REQUIRED_TOP)
    scoring = _keys(_table(document.get("scoring", {}), "scoring"), _SCORING, "scoring")
    scales = []
    for index, scale in enumerate(_tables(document, "scales")):
        where = _label(scale, index, "scale")
        _keys(scale, _SCALE, where, {"id", "title", "points"})
        points = [
            ScalePoint(**_keys(_table(p, where), _POINT, f"{where}, point", _POINT))
            for p in scale["points"]
        ]
        scales.append(ResponseScale(scale["id"], scale["title"], tuple(points)))
    dimensions = []
    for index, dimension in enumerate(_tables(document, "dimensions")):
        where = _label(dimension, index, "dimension")
        dimensions.append(Dimension(**_keys(dimension, _DIMENSION, where, {"id", "label"})))
    band_sets = []
    for index, band_set in enumerate(_tables(document, "band_sets")):
        where = _label(band_set, index, "band set")
        _keys(band_set, _BAND_SET, where, _BAND_SET)
        bands = [
            Band(**_keys(_table(b, where), _BAND, f"{where}, band {n + 1}", _BAND))
            for n, b in enumerate(band_set["bands"])
        ]
        band_sets.append(BandSet(band_set["id"], tuple(bands)))
    sections = []
    for index, section in enumerate(_tables(document, "sections")):
        where = _label(section, index, "section")
        sections.append(Section(**_keys(section, _SECTION, where, {"id", "title"})))
    items = []
    for index, item in enumerate(_tables(document, "items")):
        where = _label(item, index, "item")
        items.append(Item(**_keys(item, _ITEM, where, {"id", "section", "statement"})))
    return dict(
        id=document["id"],
        version=document["version"],
        title=document["title"],
        description=document["description"],
        source=document["source"],
        licence=document["licence"],
        scoring=Scoring(**scoring),
        scales=tuple(scales),
        dimensions=tuple(dimensions),
        band_sets=tuple(band_sets),
        sections=tuple(sections),
        items=tuple(items),
    )


def parse_instrument(text: str, origin: str = "<text>") -> Instrument:
    """Build an instrument from TOML text; errors name ``origin`` and the part at fault.

    >>> parse_instrument('id = "x"', origin="x.toml")
    Traceback (most recent call last):
    ...
    joinedup.instruments.errors.InstrumentError: x.toml: the file: missing key(s) [...].
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InstrumentError("the file", f"is not valid TOML: {error}.", origin) from None
    try:
        return Instrument(**_build(document), origin=origin)
    except InstrumentError as error:
        raise error.in_file(origin) from None
    except (TypeError, KeyError) as error:  # e.g. points given as a string, not a list
        raise InstrumentError(
            "the file", f"is not laid out as expected: {error}.", origin
        ) from None


def load_instrument(path: str | Path) -> Instrument:
    """Load one instrument file.

    >>> from joinedup.instruments.registry import LIBRARY
    >>> load_instrument(LIBRARY / "partnership-readiness.toml").id
    'partnership-readiness'
    """
    path = Path(path)
    return parse_instrument(path.read_text(encoding="utf-8"), origin=path.name)
