"""Load indicator definitions from TOML files into the immutable model.

A definition file looks like this (``definitions/`` holds the shipped ones)::

    id = "falls-admissions-65"
    title = "Emergency admissions due to falls, people aged 65 and over"
    version = "1"
    method = "dsr"                       # proportion, rate or dsr
    polarity = "LowIsGood"               # HighIsGood, LowIsGood or NoJudgement
    breakdowns = ["sex", "deprivation_decile"]
    period = { kind = "financial_year", years = 1 }

    [numerator]
    dataset = "events"
    count = "rows"                       # or { distinct = "person_id" } or { sum = "days" }
    filters = [
      { column = "event_type", op = "==", value = "emergency_admission" },
      { column = "age_band", op = ">=", value = "65-69" },
    ]

    [denominator]
    dataset = "population"
    count = { sum = "population" }

>>> definition = load_definition(DEFINITIONS_DIR / "falls-admissions-65.toml")
>>> definition.method
<Method.DSR: 'dsr'>
"""

import tomllib
from collections.abc import Iterable
from pathlib import Path

from .errors import DefinitionError
from .model import (
    DEFAULT_MULTIPLIERS,
    Count,
    CountRule,
    Definition,
    Filter,
    Measure,
    Method,
    Period,
    PeriodKind,
    Polarity,
)

DEFINITIONS_DIR = Path(__file__).parent / "definitions"

_TOP_KEYS = {
    "id",
    "title",
    "version",
    "method",
    "multiplier",
    "polarity",
    "breakdowns",
    "period",
    "geography",
    "source",
    "numerator",
    "denominator",
}
_REQUIRED = ("id", "title", "version", "method", "polarity", "numerator", "denominator")


def load_definition(path: str | Path) -> Definition:
    """Read one definition file; a problem raises DefinitionError naming the file and item."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise DefinitionError(f"not valid TOML: {error}", source=_shown(path)) from None
    except OSError as error:
        raise DefinitionError(f"cannot be read: {error.strerror}", source=_shown(path)) from None
    try:
        return definition_from_dict(data)
    except DefinitionError as error:
        raise error.in_file(_shown(path)) from None


def load_definitions(paths: Iterable[str | Path] | None = None) -> list[Definition]:
    """Read several files (by default every shipped definition), refusing duplicate ids."""
    if paths is None:
        paths = sorted(DEFINITIONS_DIR.glob("*.toml"))
    definitions: dict[str, Definition] = {}
    for path in paths:
        definition = load_definition(path)
        if definition.id in definitions:
            raise DefinitionError(
                f"id {definition.id!r} is already used by another definition",
                where="id",
                source=_shown(Path(path)),
            )
        definitions[definition.id] = definition
    return list(definitions.values())


def definition_from_dict(data: dict) -> Definition:
    """Build a Definition from parsed TOML (or any dict of the same shape)."""
    _refuse_unknown_keys(data, _TOP_KEYS)
    for key in _REQUIRED:
        if key not in data:
            raise DefinitionError(f"{key!r} is missing")
    method = _enum(Method, data["method"], "method")
    multiplier = data.get("multiplier", DEFAULT_MULTIPLIERS[method])
    if isinstance(multiplier, bool) or not isinstance(multiplier, int | float):
        raise DefinitionError(f"a number is needed, not {multiplier!r}", where="multiplier")
    return Definition(
        id=_text(data["id"], "id"),
        title=_text(data["title"], "title"),
        version=str(data["version"]),
        numerator=_within("numerator", _measure, data["numerator"]),
        denominator=_within("denominator", _measure, data["denominator"]),
        method=method,
        multiplier=multiplier,
        polarity=_enum(Polarity, data["polarity"], "polarity"),
        breakdowns=tuple(_text_list(data.get("breakdowns", []), "breakdowns")),
        period=_within("period", _period, data.get("period", {})),
        geography=tuple(
            _text_list(
                data.get("geography", ["lsoa", "la", "icb", "region", "england"]), "geography"
            )
        ),
        source=_text(data.get("source", ""), "source"),
    )


def _measure(data: object) -> Measure:
    if not isinstance(data, dict):
        raise DefinitionError("a table with dataset, count and filters is needed")
    _refuse_unknown_keys(data, {"dataset", "filters", "count"})
    if "dataset" not in data:
        raise DefinitionError("'dataset' is missing")
    raw_filters = data.get("filters", [])
    if not isinstance(raw_filters, list):
        raise DefinitionError("a list of filters is needed", where="filters")
    filters = tuple(
        _within(f"filters[{index}]", _filter, item) for index, item in enumerate(raw_filters)
    )
    count = _within("count", _count, data.get("count", "rows"))
    return Measure(dataset=_text(data["dataset"], "dataset"), filters=filters, count=count)


def _filter(data: object) -> Filter:
    if not isinstance(data, dict):
        raise DefinitionError("a filter is a table: { column = ..., op = ..., value = ... }")
    _refuse_unknown_keys(data, {"column", "op", "value"})
    for key in ("column", "op", "value"):
        if key not in data:
            raise DefinitionError(f"{key!r} is missing")
    value = data["value"]
    value = tuple(value) if isinstance(value, list) else value
    return Filter(column=_text(data["column"], "column"), op=_text(data["op"], "op"), value=value)


def _count(data: object) -> Count:
    if data == "rows":
        return Count(CountRule.ROWS)
    if isinstance(data, dict) and len(data) == 1:
        ((rule, column),) = data.items()
        if rule in (CountRule.DISTINCT, CountRule.SUM):
            return Count(CountRule(rule), _text(column, rule))
    raise DefinitionError(
        f'use "rows", {{ distinct = "column" }} or {{ sum = "column" }}, not {data!r}'
    )


def _period(data: object) -> Period:
    if not isinstance(data, dict):
        raise DefinitionError("a table is needed: { kind = ..., years = 1 or 3 }")
    _refuse_unknown_keys(data, {"kind", "years"})
    kind = _enum(PeriodKind, data.get("kind", PeriodKind.FINANCIAL_YEAR.value), "kind")
    return Period(kind=kind, years=data.get("years", 1))


def _within(item: str, build, data):
    try:
        return build(data)
    except DefinitionError as error:
        raise error.within(item) from None


def _refuse_unknown_keys(data: dict, known: set[str]) -> None:
    for key in data:
        if key not in known:
            raise DefinitionError(f"unknown key {key!r}; expected {', '.join(sorted(known))}")


def _enum(enum, value, where):
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise DefinitionError(f"{value!r} is not one of {choices}", where=where) from None


def _text(value, where) -> str:
    if not isinstance(value, str):
        raise DefinitionError(f"text is needed, not {value!r}", where=where)
    return value


def _text_list(value, where) -> list[str]:
    if not isinstance(value, list):
        raise DefinitionError(f"a list is needed, not {value!r}", where=where)
    return [_text(item, f"{where}[{index}]") for index, item in enumerate(value)]


def _shown(path: Path) -> str:
    """The path as people know it: from the package's `indicators/` folder when it is shipped."""
    try:
        return str(path.resolve().relative_to(DEFINITIONS_DIR.parent.parent))
    except ValueError:
        return str(path)
