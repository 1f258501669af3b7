"""The immutable indicator model: what to count, from which dataset, and how to estimate.

Definitions are data (TOML files, see ``loader``); these frozen dataclasses are what the files
become. Each checks itself in ``__post_init__`` so that an engine never sees a definition it
cannot run. Errors are :class:`DefinitionError`, naming the item that is wrong.
"""

import datetime
import operator
import re
from dataclasses import dataclass
from enum import StrEnum

from .datasets import (
    AGE_BANDS,
    AREA_BREAKDOWNS,
    BREAKDOWNS,
    DATASETS,
    GEOGRAPHY_LEVELS,
    ColumnKind,
    Dataset,
)
from .errors import DefinitionError


class Method(StrEnum):
    PROPORTION = "proportion"
    RATE = "rate"
    DSR = "dsr"


DEFAULT_MULTIPLIERS = {Method.PROPORTION: 100, Method.RATE: 100_000, Method.DSR: 100_000}


class Polarity(StrEnum):
    HIGH_IS_GOOD = "HighIsGood"
    LOW_IS_GOOD = "LowIsGood"
    NO_JUDGEMENT = "NoJudgement"


class PeriodKind(StrEnum):
    CALENDAR_YEAR = "calendar_year"
    FINANCIAL_YEAR = "financial_year"


class CountRule(StrEnum):
    ROWS = "rows"
    DISTINCT = "distinct"  # distinct values of a column, e.g. people
    SUM = "sum"  # the sum of a column, e.g. days delayed


ORDERING_OPS = ("<", "<=", ">", ">=")
OPS = ("==", "!=", "in", "not in", *ORDERING_OPS)
_ORDERED_KINDS = (ColumnKind.AGE_BAND, ColumnKind.INTEGER, ColumnKind.DATE)
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Filter:
    """Keep rows where ``column op value``: ``age_band >= "65-69"``, ``cause in [...]``."""

    column: str
    op: str
    value: object

    def __post_init__(self):
        if self.op not in OPS:
            raise DefinitionError(f"unknown operator {self.op!r}; use one of {', '.join(OPS)}")
        if self.op in ("in", "not in") and (not isinstance(self.value, tuple) or not self.value):
            raise DefinitionError(f"{self.op!r} needs a non-empty list of values")

    @property
    def values(self) -> tuple:
        return self.value if isinstance(self.value, tuple) else (self.value,)

    def accepts(self, value: object) -> bool:
        """Whether a value passes, in plain Python (the oracle; NULL never passes, as in SQL)."""
        if value is None:
            return False
        if self.op in ORDERING_OPS:
            compare = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
            if self.column == "age_band":
                return compare[self.op](AGE_BANDS.index(value), AGE_BANDS.index(self.value))
            return compare[self.op](value, self.value)
        if self.op in ("==", "!="):
            return (value == self.value) == (self.op == "==")
        return (value in self.value) == (self.op == "in")

    def check_against(self, dataset: Dataset) -> None:
        kind = dataset.columns.get(self.column)
        if kind is None:
            raise DefinitionError(f"unknown column {self.column!r} in dataset {dataset.name!r}")
        if self.op in ORDERING_OPS and kind not in _ORDERED_KINDS:
            raise DefinitionError(
                f"{self.op!r} compares ordered values; column {self.column!r} is {kind}"
            )
        for value in self.values:
            _check_value(self.column, kind, value)


def _check_value(column: str, kind: ColumnKind, value: object) -> None:
    expected = {
        ColumnKind.STRING: str,
        ColumnKind.AGE_BAND: str,
        ColumnKind.INTEGER: int,
        ColumnKind.BOOLEAN: bool,
        ColumnKind.DATE: datetime.date,
    }[kind]
    wrong_type = not isinstance(value, expected) or (
        kind is ColumnKind.INTEGER and isinstance(value, bool)
    )
    if wrong_type:
        raise DefinitionError(f"column {column!r} holds {kind} values, not {value!r}")
    if kind is ColumnKind.AGE_BAND and value not in AGE_BANDS:
        raise DefinitionError(
            f"{value!r} is not an age band of column {column!r}; use one of {', '.join(AGE_BANDS)}"
        )


@dataclass(frozen=True)
class Count:
    """How rows become a number: count them, count distinct values of a column, or sum one."""

    rule: CountRule
    column: str | None = None

    def __post_init__(self):
        if self.rule is CountRule.ROWS and self.column is not None:
            raise DefinitionError("counting rows takes no column")
        if self.rule is not CountRule.ROWS and not self.column:
            raise DefinitionError(f"counting rule {self.rule.value!r} needs a column")

    def check_against(self, dataset: Dataset) -> None:
        if self.column is None:
            return
        kind = dataset.columns.get(self.column)
        if kind is None:
            raise DefinitionError(f"unknown column {self.column!r} in dataset {dataset.name!r}")
        if self.rule is CountRule.SUM and kind is not ColumnKind.INTEGER:
            raise DefinitionError(f"cannot sum column {self.column!r}: it holds {kind} values")

    @property
    def additive(self) -> bool:
        """Whether counts of small areas add up to counts of larger ones (not so for people)."""
        return self.rule is not CountRule.DISTINCT


@dataclass(frozen=True)
class Measure:
    """One side of an indicator: the rows of a dataset that pass the filters, counted."""

    dataset: str
    filters: tuple[Filter, ...] = ()
    count: Count = Count(CountRule.ROWS)

    def __post_init__(self):
        if self.dataset not in DATASETS:
            raise DefinitionError(
                f"unknown dataset {self.dataset!r}; use one of {', '.join(DATASETS)}",
                where="dataset",
            )
        for index, row_filter in enumerate(self.filters):
            try:
                row_filter.check_against(self.source)
            except DefinitionError as error:
                raise error.within(f"filters[{index}]") from None
        try:
            self.count.check_against(self.source)
        except DefinitionError as error:
            raise error.within("count") from None

    @property
    def source(self) -> Dataset:
        return DATASETS[self.dataset]


@dataclass(frozen=True)
class Period:
    """A financial or calendar year, or three of them rolled together."""

    kind: PeriodKind = PeriodKind.FINANCIAL_YEAR
    years: int = 1

    def __post_init__(self):
        if self.years not in (1, 3):
            raise DefinitionError(
                f"a period is 1 year or a rolling 3 years, not {self.years!r}", where="years"
            )


@dataclass(frozen=True)
class Definition:
    """An indicator: numerator over denominator, estimated by a national method."""

    id: str
    title: str
    version: str
    numerator: Measure
    denominator: Measure
    method: Method
    multiplier: float
    polarity: Polarity
    breakdowns: tuple[str, ...] = ()
    period: Period = Period()
    geography: tuple[str, ...] = tuple(GEOGRAPHY_LEVELS)
    source: str = ""

    def __post_init__(self):
        if not _ID.match(self.id):
            raise DefinitionError(
                f"{self.id!r} is not an id: use lower-case letters, digits, '-' and '_'",
                where="id",
            )
        if not self.title.strip():
            raise DefinitionError("a title is needed", where="title")
        if not self.multiplier > 0:
            raise DefinitionError(
                f"the multiplier must be above 0, not {self.multiplier!r}", where="multiplier"
            )
        if not self.geography:
            raise DefinitionError("at least one geography level is needed", where="geography")
        for index, level in enumerate(self.geography):
            if level not in GEOGRAPHY_LEVELS:
                raise DefinitionError(
                    f"unknown level {level!r}; use {', '.join(GEOGRAPHY_LEVELS)}",
                    where=f"geography[{index}]",
                )
        if len(set(self.geography)) != len(self.geography):
            raise DefinitionError("a level is listed twice", where="geography")
        if self.method is Method.DSR:
            for side, measure in (("numerator", self.numerator), ("denominator", self.denominator)):
                if not measure.source.has("age_band"):
                    raise DefinitionError(
                        f"a DSR standardises by age band, which dataset {measure.dataset!r} "
                        "does not carry",
                        where=side,
                    )
        self._check_breakdowns()

    def _check_breakdowns(self) -> None:
        if len(set(self.breakdowns)) != len(self.breakdowns):
            raise DefinitionError("a breakdown is listed twice", where="breakdowns")
        for index, breakdown in enumerate(self.breakdowns):
            where = f"breakdowns[{index}]"
            if breakdown not in BREAKDOWNS:
                raise DefinitionError(
                    f"unknown breakdown {breakdown!r}; use one of {', '.join(BREAKDOWNS)}",
                    where=where,
                )
            if breakdown == "age_band" and self.method is Method.DSR:
                raise DefinitionError(
                    "a DSR is standardised by age band, so it cannot be broken down by it",
                    where=where,
                )
            if breakdown in AREA_BREAKDOWNS:
                continue
            for side, measure in (("numerator", self.numerator), ("denominator", self.denominator)):
                if not measure.source.has(breakdown):
                    raise DefinitionError(
                        f"{breakdown!r} is not a column of dataset {measure.dataset!r} "
                        f"(the {side}), so the indicator cannot be broken down by it",
                        where=where,
                    )

    @property
    def measures(self) -> tuple[Measure, Measure]:
        return (self.numerator, self.denominator)
