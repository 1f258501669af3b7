"""An instrument as a small immutable model: scales, sections, items, dimensions and bands.

Every part checks itself in ``__post_init__``; :class:`Instrument` then checks that the parts
fit together (every item's section and scale exist, ids are unique, every band set covers the
score range of every section that uses it). The loader builds these from TOML files; tests and
notebooks may build them directly.

A *question* is one thing a respondent answers: an item rated on one dimension. Most
instruments have one dimension (the item is simply rated); the Partnership Readiness Framework
has two (how far a factor holds today, and how important it is). The columns of a response
matrix are the instrument's questions, in :attr:`Instrument.questions` order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from .errors import InstrumentError

AREAS = ("celebration", "further_work", "none")
Area = Literal["celebration", "further_work", "none"]
METHODS = ("mean", "total")
DEFAULT_DIMENSION = "rating"


def _require_id(value: object, where: str) -> None:
    if not isinstance(value, str) or not value or value != value.strip():
        raise InstrumentError(where, f"an id must be a non-empty string, not {value!r}.")


def _require_text(value: object, where: str, what: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InstrumentError(where, f"{what} must be non-empty text, not {value!r}.")


def _duplicates(ids) -> list[str]:
    seen: set[str] = set()
    repeated = []
    for one in ids:
        if one in seen and one not in repeated:
            repeated.append(one)
        seen.add(one)
    return repeated


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: str


@dataclass(frozen=True)
class ResponseScale:
    """The answers a question offers, lowest value first: 1 "Strongly disagree" ... 4."""

    id: str
    title: str
    points: tuple[ScalePoint, ...]

    def __post_init__(self):
        _require_id(self.id, "a scale")
        where = f"scale '{self.id}'"
        if len(self.points) < 2:
            raise InstrumentError(where, "a scale needs at least two points.")
        values = [point.value for point in self.points]
        for value in values:
            if isinstance(value, bool) or not isinstance(value, int):
                raise InstrumentError(where, f"point values must be whole numbers, not {value!r}.")
        if values != sorted(set(values)):
            raise InstrumentError(
                where, f"point values must rise with no repeats, lowest first; got {values}."
            )
        for point in self.points:
            _require_text(point.label, where, f"the label of point {point.value}")
        if repeated := _duplicates(point.label for point in self.points):
            raise InstrumentError(where, f"labels used twice: {repeated}.")

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(point.value for point in self.points)

    @property
    def minimum(self) -> int:
        return self.points[0].value

    @property
    def maximum(self) -> int:
        return self.points[-1].value

    def label(self, value: int) -> str:
        return next(point.label for point in self.points if point.value == value)


@dataclass(frozen=True)
class Band:
    """Section scores from ``lower`` (included) up to ``upper`` (excluded, except at the top of
    the score range, which the top band includes)."""

    label: str
    meaning: str
    area: Area
    lower: float
    upper: float

    def __post_init__(self):
        where = f"band '{self.label}'"
        _require_text(self.label, "a band", "a band's label")
        _require_text(self.meaning, where, "its meaning")
        if self.area not in AREAS:
            raise InstrumentError(where, f"area must be one of {AREAS}, not {self.area!r}.")
        for bound in (self.lower, self.upper):
            if isinstance(bound, bool) or not isinstance(bound, int | float):
                raise InstrumentError(where, f"bounds must be numbers, not {bound!r}.")
            if not math.isfinite(bound):
                raise InstrumentError(where, f"bounds must be finite, not {bound!r}.")
        if not self.lower < self.upper:
            raise InstrumentError(
                where, f"lower ({self.lower}) must be below upper ({self.upper})."
            )


@dataclass(frozen=True)
class BandSet:
    """Bands that together cover a section's score range, with neither gaps nor overlaps."""

    id: str
    bands: tuple[Band, ...]

    def __post_init__(self):
        _require_id(self.id, "a band set")
        if not self.bands:
            raise InstrumentError(f"band set '{self.id}'", "a band set needs at least one band.")
        ordered = tuple(sorted(self.bands, key=lambda band: (band.lower, band.upper)))
        object.__setattr__(self, "bands", ordered)
        if repeated := _duplicates(band.label for band in ordered):
            raise InstrumentError(f"band set '{self.id}'", f"band labels used twice: {repeated}.")

    def coverage_problems(self, lowest: float, highest: float) -> list[str]:
        """What stops these bands covering [lowest, highest] exactly; empty when they do."""
        problems = []
        first, last = self.bands[0], self.bands[-1]
        if first.lower != lowest:
            problems.append(
                f"the lowest band starts at {first.lower}, but scores start at {lowest}"
                + (
                    f" (scores from {lowest} to {first.lower} fall in no band)"
                    if first.lower > lowest
                    else ""
                )
            )
        for below, above in zip(self.bands, self.bands[1:], strict=False):
            if above.lower > below.upper:
                problems.append(
                    f"gap: scores from {below.upper} to {above.lower} fall in no band "
                    f"(between '{below.label}' and '{above.label}')"
                )
            elif above.lower < below.upper:
                problems.append(
                    f"overlap: scores from {above.lower} to {min(below.upper, above.upper)} fall "
                    f"in both '{below.label}' and '{above.label}'"
                )
        if last.upper != highest:
            problems.append(
                f"the highest band ends at {last.upper}, but scores reach {highest}"
                + (
                    f" (scores from {last.upper} to {highest} fall in no band)"
                    if last.upper < highest
                    else ""
                )
            )
        return problems

    def band_for(self, score: float) -> Band | None:
        """The band a score falls in, or None for NaN; the top band includes its upper bound."""
        if score is None or math.isnan(score):
            return None
        for band in self.bands:
            if band.lower <= score < band.upper:
                return band
        if score == self.bands[-1].upper:
            return self.bands[-1]
        return None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    description: str = ""
    band_set: str | None = None

    def __post_init__(self):
        _require_id(self.id, "a section")
        _require_text(self.title, f"section '{self.id}'", "its title")


@dataclass(frozen=True)
class Dimension:
    """One way every item is rated, e.g. "how far this holds today"."""

    id: str
    label: str
    scale: str | None = None
    band_set: str | None = None

    def __post_init__(self):
        _require_id(self.id, "a dimension")
        _require_text(self.label, f"dimension '{self.id}'", "its label")


@dataclass(frozen=True)
class Item:
    """A statement (in joinedup's own words), in a section, answered on a scale.

    ``reverse`` items are scored as (scale minimum + scale maximum - answer), so that a higher
    score always means the same thing within a section.
    """

    id: str
    section: str
    statement: str
    scale: str | None = None
    reverse: bool = False

    def __post_init__(self):
        _require_id(self.id, "an item")
        _require_text(self.statement, f"item '{self.id}'", "its statement")
        if not isinstance(self.reverse, bool):
            raise InstrumentError(f"item '{self.id}'", "reverse must be true or false.")


@dataclass(frozen=True)
class Scoring:
    """How a respondent's section score is made from their answers.

    ``mean``: the mean of the answered items, when at least ``min_answered_share`` of the
    section's items were answered (otherwise no score). ``total``: the sum of the items, only
    when every item was answered (a total over fewer items would not be comparable).
    """

    method: str = "mean"
    band_set: str | None = None
    min_answered_share: float = 0.5

    def __post_init__(self):
        if self.method not in METHODS:
            raise InstrumentError(
                "scoring", f"method must be one of {METHODS}, not {self.method!r}."
            )
        if not 0 < self.min_answered_share <= 1:
            raise InstrumentError(
                "scoring",
                f"min_answered_share must be above 0 and at most 1, not {self.min_answered_share}.",
            )


@dataclass(frozen=True)
class Question:
    """One column of a response matrix: an item rated on one dimension with one scale."""

    id: str
    item: Item
    dimension: Dimension
    scale: ResponseScale
    column: int


@dataclass(frozen=True)
class Measure:
    """Something a results table reports on: a whole section, or one item, on one dimension."""

    kind: Literal["section", "item"]
    section: str
    dimension: str
    item: str | None
    columns: tuple[int, ...]
    scale: ResponseScale

    @property
    def key(self) -> str:
        return self.item if self.item is not None else self.section


@dataclass(frozen=True)
class Instrument:
    """A versioned survey instrument. Build with :func:`joinedup.instruments.load_instrument`.

    >>> from joinedup.instruments import default_registry
    >>> pat = default_registry().get("partnership-assessment-tool")
    >>> [section.id for section in pat.sections][:2]
    ['need', 'purpose']
    """

    id: str
    version: str
    title: str
    description: str
    source: str
    licence: str
    scales: tuple[ResponseScale, ...]
    sections: tuple[Section, ...]
    items: tuple[Item, ...]
    scoring: Scoring = field(default_factory=Scoring)
    dimensions: tuple[Dimension, ...] = ()
    band_sets: tuple[BandSet, ...] = ()
    origin: str | None = None

    def __post_init__(self):
        try:
            self._validate()
        except InstrumentError as error:
            raise error.in_file(self.origin or f"instrument '{self.id}'") from None

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.version)

    def _validate(self) -> None:
        _require_id(self.id, "the instrument")
        if not isinstance(self.version, str) or not self.version.strip():
            raise InstrumentError("version", f"must be non-empty text, not {self.version!r}.")
        for name in ("title", "description", "source", "licence"):
            _require_text(getattr(self, name), name, name)
        for kind, parts in (
            ("scale", self.scales),
            ("section", self.sections),
            ("item", self.items),
            ("dimension", self.dimensions),
            ("band set", self.band_sets),
        ):
            if repeated := _duplicates(part.id for part in parts):
                raise InstrumentError(f"{kind} '{repeated[0]}'", f"the {kind} id is used twice.")
        if not self.sections:
            raise InstrumentError("sections", "an instrument needs at least one section.")
        if not self.items:
            raise InstrumentError("items", "an instrument needs at least one item.")
        scales = {scale.id for scale in self.scales}
        band_sets = {band_set.id for band_set in self.band_sets}
        sections = {section.id for section in self.sections}

        def check_band_set(name: str | None, where: str) -> None:
            if name is not None and name not in band_sets:
                raise InstrumentError(
                    where, f"band set '{name}' does not exist (band sets: {sorted(band_sets)})."
                )

        check_band_set(self.scoring.band_set, "scoring")
        for dimension in self.dimensions:
            if dimension.scale is not None and dimension.scale not in scales:
                raise InstrumentError(
                    f"dimension '{dimension.id}'",
                    f"scale '{dimension.scale}' does not exist (scales: {sorted(scales)}).",
                )
            check_band_set(dimension.band_set, f"dimension '{dimension.id}'")
        for section in self.sections:
            check_band_set(section.band_set, f"section '{section.id}'")
            if section.band_set is not None and len(self.dimensions) > 1:
                raise InstrumentError(
                    f"section '{section.id}'",
                    "with several dimensions, name the band set on each dimension instead.",
                )
        for item in self.items:
            where = f"item '{item.id}'"
            if item.section not in sections:
                raise InstrumentError(
                    where,
                    f"section '{item.section}' does not exist (sections: {sorted(sections)}).",
                )
            if item.scale is not None and item.scale not in scales:
                raise InstrumentError(
                    where, f"scale '{item.scale}' does not exist (scales: {sorted(scales)})."
                )
            if item.scale is not None and len(self.dimensions) > 1:
                raise InstrumentError(
                    where, "an item rated on several dimensions takes its scales from them."
                )
            if item.scale is None and any(d.scale is None for d in self.effective_dimensions):
                raise InstrumentError(where, 'has no scale: give it `scale = "..."`.')
        used = {item.section for item in self.items}
        for section in self.sections:
            if section.id not in used:
                raise InstrumentError(f"section '{section.id}'", "has no items.")
        for measure in self.measures:
            if measure.kind != "section":
                continue
            scales_used = {self.questions[c].scale.id for c in measure.columns}
            if len(scales_used) > 1:
                raise InstrumentError(
                    f"section '{measure.section}'",
                    f"mixes scales {sorted(scales_used)} on dimension '{measure.dimension}'; "
                    "a section's score needs one scale.",
                )
            band_set = self.band_set_for(measure.section, measure.dimension)
            if band_set is None:
                continue
            lowest, highest = self.score_range(measure.section, measure.dimension)
            if problems := band_set.coverage_problems(lowest, highest):
                raise InstrumentError(
                    f"band set '{band_set.id}' for section '{measure.section}'",
                    f"does not cover the scores {lowest} to {highest}: "
                    + "; ".join(problems)
                    + ".",
                )

    @cached_property
    def effective_dimensions(self) -> tuple[Dimension, ...]:
        return self.dimensions or (Dimension(DEFAULT_DIMENSION, "Rating"),)

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """The columns of a response matrix: items in file order, then dimensions."""
        scales = {scale.id: scale for scale in self.scales}
        questions = []
        several = len(self.effective_dimensions) > 1
        for item in self.items:
            for dimension in self.effective_dimensions:
                scale_id = item.scale or dimension.scale
                if scale_id is None:
                    raise InstrumentError(f"item '{item.id}'", "has no scale.")
                questions.append(
                    Question(
                        id=f"{item.id}.{dimension.id}" if several else item.id,
                        item=item,
                        dimension=dimension,
                        scale=scales[scale_id],
                        column=len(questions),
                    )
                )
        return tuple(questions)

    @cached_property
    def measures(self) -> tuple[Measure, ...]:
        """Every section, then every item, on every dimension: the rows of a results table."""
        measures = []
        for section in self.sections:
            for dimension in self.effective_dimensions:
                columns = tuple(
                    q.column
                    for q in self.questions
                    if q.item.section == section.id and q.dimension.id == dimension.id
                )
                if columns:
                    scale = self.questions[columns[0]].scale
                    measures.append(
                        Measure("section", section.id, dimension.id, None, columns, scale)
                    )
        for question in self.questions:
            measures.append(
                Measure(
                    "item",
                    question.item.section,
                    question.dimension.id,
                    question.item.id,
                    (question.column,),
                    question.scale,
                )
            )
        return tuple(measures)

    def section(self, section_id: str) -> Section:
        return next(section for section in self.sections if section.id == section_id)

    def band_set_for(self, section_id: str, dimension_id: str) -> BandSet | None:
        """A section's own band set, else its dimension's, else the scoring default."""
        dimension = next(d for d in self.effective_dimensions if d.id == dimension_id)
        name = self.section(section_id).band_set or dimension.band_set or self.scoring.band_set
        return next((b for b in self.band_sets if b.id == name), None)

    def score_range(self, section_id: str, dimension_id: str) -> tuple[float, float]:
        """The lowest and highest possible section score under the scoring method."""
        measure = next(
            m
            for m in self.measures
            if m.kind == "section" and m.section == section_id and m.dimension == dimension_id
        )
        count = len(measure.columns) if self.scoring.method == "total" else 1
        return (measure.scale.minimum * count, measure.scale.maximum * count)
