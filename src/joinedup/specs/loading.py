"""Reading a specification from a Frictionless Table Schema JSON file with our extensions.

Unknown keys are refused, every field a rule names must exist, every pattern must compile and
every code list must be found; any problem raises :class:`SpecError` naming the file and the
field or rule. The format is documented in ``docs/specs.md``; ``library/*.json`` are complete
examples.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .codelists import load_codelist
from .errors import SpecError
from .model import (
    COMPARISONS,
    DIMENSIONS,
    FORMATS,
    SEVERITIES,
    TYPES,
    Condition,
    CrossFieldRule,
    Field,
    PersonFields,
    Spec,
    UniqueKey,
)

_TOP = {
    "$schema",
    "name",
    "title",
    "description",
    "version",
    "fields",
    "primaryKey",
    "missingValues",
    "x-unique",
    "x-rules",
    "x-exact-duplicates",
    "x-person",
    "x-collection",
}
_FIELD = {
    "name",
    "title",
    "description",
    "type",
    "format",
    "constraints",
    "example",
    "x-aliases",
    "x-codelist",
    "x-required-when",
    "x-applicable-when",
    "x-item",
    "x-severity",
    "x-format",
    "x-ons-prefixes",
    "x-area-lookup",
}
_CONSTRAINTS = {
    "required",
    "unique",
    "pattern",
    "enum",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
}
_RULE = {
    "id",
    "kind",
    "left",
    "op",
    "right",
    "offset_years",
    "when",
    "severity",
    "dimension",
    "description",
    "message",
}
_UNIQUE = {"id", "fields", "description", "severity", "when"}
_LEAF_OPS = ("in", "not_in", "starts_with", "present", "blank", "age_between")
# "any" in Frictionless means "guess": we guess between the two forms councils use.
_DATE_FORMATS = {"default": ("%Y-%m-%d",), "any": ("%Y-%m-%d", "%d/%m/%Y")}
# Rule kinds whose severity a field may change with "x-severity".
SEVERITY_KINDS = (
    "required",
    "required-when",
    "not-applicable",
    "type",
    "pattern",
    "enum",
    "codelist",
    "range",
    "length",
    "format",
    "check-digit",
    "placeholder",
)


def load_spec(path: str | Path) -> Spec:
    """Read one specification file.

    >>> from joinedup.specs.registry import LIBRARY
    >>> load_spec(LIBRARY / "population-estimates.json").name
    'population-estimates'
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SpecError("file", f"cannot be read as JSON: {error}", str(path)) from error
    try:
        return parse_spec(data, codelist_folder=path.parent / "codelists", origin=str(path))
    except SpecError as error:
        raise error.in_file(str(path)) from None


def parse_spec(data: Any, *, codelist_folder: Path | None = None, origin: str = "") -> Spec:
    """Build a :class:`Spec` from the parsed JSON of a specification."""
    _keys(data, _TOP, {"name", "fields"}, "specification")
    names = [f.get("name") if isinstance(f, dict) else None for f in data["fields"]]
    for index, name in enumerate(names):
        if not isinstance(name, str) or not name:
            raise SpecError(f"field {index + 1}", "needs a non-empty 'name'.")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise SpecError(f"field '{repeated[0]}'", "is defined twice.")
    known = set(names)
    fields = tuple(_field(f, known, codelist_folder) for f in data["fields"])
    types = {f.name: f.type for f in fields}
    unique = [
        UniqueKey(f"{f.name}:unique", (f.name,), f"{f.name} is unique")
        for f, raw in zip(fields, data["fields"], strict=True)
        if raw.get("constraints", {}).get("unique")
    ]
    if "primaryKey" in data:
        key = data["primaryKey"]
        key = [key] if isinstance(key, str) else key
        _known_fields(key, known, "primaryKey")
        unique.append(UniqueKey("primary-key", tuple(key), "The primary key is unique"))
    unique += [_unique(u, known) for u in data.get("x-unique", [])]
    rules = tuple(_rule(r, known, types) for r in data.get("x-rules", []))
    ids = [u.id for u in unique] + [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise SpecError(
            "rules", f"ids must be unique: {sorted({i for i in ids if ids.count(i) > 1})}"
        )
    if data.get("missingValues", [""]) != [""]:
        raise SpecError("missingValues", 'only [""] (an empty cell is missing) is supported.')
    collection = data.get("x-collection", {})
    _keys(collection, {"collected_by", "frequency"}, set(), "x-collection")
    duplicates = data.get("x-exact-duplicates", "warning")
    if duplicates is not None:
        _severity(duplicates, "x-exact-duplicates")
    return Spec(
        name=_text(data["name"], "name"),
        version=str(data.get("version", "1")),
        title=data.get("title", data["name"]),
        description=data.get("description", ""),
        fields=fields,
        rules=rules,
        unique=tuple(unique),
        exact_duplicates=duplicates,
        person=_person(data["x-person"], known) if "x-person" in data else None,
        collected_by=collection.get("collected_by", ""),
        frequency=collection.get("frequency", ""),
        origin=origin,
    )


def _field(raw: dict, known: set[str], codelist_folder: Path | None) -> Field:
    where = f"field '{raw['name']}'"
    _keys(raw, _FIELD, {"name"}, where)
    kind = raw.get("type", "string")
    if kind not in TYPES:
        raise SpecError(where, f"type must be one of {', '.join(TYPES)}, not {kind!r}.")
    constraints = raw.get("constraints", {})
    _keys(constraints, _CONSTRAINTS, set(), f"{where} constraints")
    pattern = constraints.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as error:
            raise SpecError(
                where, f"pattern {pattern!r} is not a regular expression: {error}"
            ) from None
    enum = constraints.get("enum")
    if enum is not None and not (isinstance(enum, list) and all(isinstance(v, str) for v in enum)):
        raise SpecError(where, "enum must be a list of strings (values as written in files).")
    date_formats = ("%Y-%m-%d",)
    if kind == "date":
        fmt = raw.get("format", "default")
        date_formats = _DATE_FORMATS.get(fmt, (fmt,))
        if not all("%" in one for one in date_formats):
            raise SpecError(where, f"date format must be default, any or a %-pattern, not {fmt!r}.")
    our_format = raw.get("x-format")
    if our_format is not None and our_format not in FORMATS:
        raise SpecError(where, f"x-format must be one of {', '.join(FORMATS)}.")
    severity = raw.get("x-severity", {})
    for kind_name, value in severity.items():
        if kind_name not in SEVERITY_KINDS:
            raise SpecError(where, f"x-severity names an unknown rule kind {kind_name!r}.")
        _severity(value, where)
    codelist = None
    if "x-codelist" in raw:
        if codelist_folder is None:
            raise SpecError(where, "a code list is named but no codelists folder is known.")
        codelist = load_codelist(codelist_folder, raw["x-codelist"], where)
    for bound in ("minimum", "maximum"):
        value = constraints.get(bound)
        if value is not None and kind == "date" and not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            raise SpecError(where, f"{bound} of a date must be written YYYY-MM-DD.")
        if value is not None and kind in ("integer", "number") and not _is_number(value):
            raise SpecError(where, f"{bound} must be a number.")
    return Field(
        name=raw["name"],
        type=kind,
        title=raw.get("title", raw["name"]),
        description=raw.get("description", ""),
        date_formats=date_formats,
        required=bool(constraints.get("required", False)),
        required_when=_condition(raw["x-required-when"], known, where)
        if "x-required-when" in raw
        else None,
        applicable_when=_condition(raw["x-applicable-when"], known, where)
        if "x-applicable-when" in raw
        else None,
        pattern=pattern,
        enum=tuple(enum) if enum is not None else None,
        minimum=constraints.get("minimum"),
        maximum=constraints.get("maximum"),
        min_length=constraints.get("minLength"),
        max_length=constraints.get("maxLength"),
        codelist=codelist,
        format=our_format,
        ons_prefixes=tuple(raw.get("x-ons-prefixes", ())),
        area_lookup=_area_lookup(raw, our_format, where),
        aliases=tuple(raw.get("x-aliases", ())),
        item=raw.get("x-item"),
        severity=dict(severity),
    )


def _condition(raw: Any, known: set[str], where: str) -> Condition:
    if not isinstance(raw, dict):
        raise SpecError(where, f"a condition must be an object, not {raw!r}.")
    for combinator in ("all", "any"):
        if combinator in raw:
            _keys(raw, {combinator}, {combinator}, where)
            parts = tuple(_condition(part, known, where) for part in raw[combinator])
            return Condition(combinator, parts=parts)
    if "not" in raw:
        _keys(raw, {"not"}, {"not"}, where)
        return Condition("not", parts=(_condition(raw["not"], known, where),))
    ops = [op for op in _LEAF_OPS if op in raw]
    if len(ops) != 1 or "field" not in raw:
        raise SpecError(
            where,
            f"a condition needs 'field' and one of {', '.join(_LEAF_OPS)} "
            f"(or all/any/not); got {sorted(raw)}.",
        )
    _keys(raw, {"field", ops[0], "ignore_case", "on"}, {"field"}, where)
    _known_fields([raw["field"]] + ([raw["on"]] if "on" in raw else []), known, where)
    op, value = ops[0], raw[ops[0]]
    if op in ("present", "blank"):
        values: tuple = ()
    elif op == "age_between":
        if "on" not in raw or not (isinstance(value, list) and len(value) == 2):
            raise SpecError(where, "age_between needs [low, high] and 'on': the date of age.")
        values = tuple(value)
    else:
        values = tuple(value) if isinstance(value, list) else (value,)
        if not all(isinstance(v, str) for v in values):
            raise SpecError(where, f"values of '{op}' must be text.")
    return Condition(
        op, raw["field"], values, ignore_case=bool(raw.get("ignore_case")), on=raw.get("on")
    )


def _rule(raw: dict, known: set[str], types: dict[str, str]) -> CrossFieldRule:
    where = f"rule '{raw.get('id', '?')}'"
    _keys(raw, _RULE, {"id", "left", "op", "right", "description"}, where)
    if raw.get("kind", "compare") != "compare":
        raise SpecError(where, "kind must be 'compare' (the only cross-field kind so far).")
    _known_fields([raw["left"], raw["right"]], known, where)
    if raw["op"] not in COMPARISONS:
        raise SpecError(where, f"op must be one of {' '.join(COMPARISONS)}.")
    left, right = types[raw["left"]], types[raw["right"]]
    if {left, right} - {"date"} and {left, right} - {"integer", "number"}:
        raise SpecError(where, f"cannot compare a {left} with a {right}: both dates or numbers.")
    dimension = raw.get("dimension", "consistency")
    if dimension not in DIMENSIONS:
        raise SpecError(where, f"dimension must be one of {', '.join(DIMENSIONS)}.")
    return CrossFieldRule(
        id=_text(raw["id"], where),
        left=raw["left"],
        op=raw["op"],
        right=raw["right"],
        description=_text(raw["description"], where),
        severity=_severity(raw.get("severity", "error"), where),
        dimension=dimension,
        when=_condition(raw["when"], known, where) if "when" in raw else None,
        offset_years=int(raw.get("offset_years", 0)),
        message=raw.get("message"),
    )


def _unique(raw: dict, known: set[str]) -> UniqueKey:
    where = f"unique key '{raw.get('id', '?')}'"
    _keys(raw, _UNIQUE, {"id", "fields", "description"}, where)
    _known_fields(raw["fields"], known, where)
    return UniqueKey(
        id=_text(raw["id"], where),
        fields=tuple(raw["fields"]),
        description=_text(raw["description"], where),
        severity=_severity(raw.get("severity", "error"), where),
        when=_condition(raw["when"], known, where) if "when" in raw else None,
    )


def _person(raw: dict, known: set[str]) -> PersonFields:
    _keys(raw, {"identifier", "nhs_number", "details"}, {"identifier", "details"}, "x-person")
    named = list(raw["identifier"]) + list(raw["details"]) + [raw.get("nhs_number") or ""]
    _known_fields([n for n in named if n], known, "x-person")
    return PersonFields(tuple(raw["identifier"]), raw.get("nhs_number"), tuple(raw["details"]))


def _keys(raw: Any, allowed: set[str], required: set[str], where: str) -> None:
    if not isinstance(raw, dict):
        raise SpecError(where, f"must be an object, not {type(raw).__name__}.")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise SpecError(
            where, f"unknown key {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}."
        )
    missing = sorted(required - set(raw))
    if missing:
        raise SpecError(where, f"missing {', '.join(repr(m) for m in missing)}.")


def _known_fields(names: list, known: set[str], where: str) -> None:
    for name in names:
        if name not in known:
            raise SpecError(where, f"names the field {name!r}, which the specification lacks.")


def _severity(value: Any, where: str) -> str:
    if value not in SEVERITIES:
        raise SpecError(where, f"severity must be 'error' or 'warning', not {value!r}.")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SpecError(where, f"must be non-empty text, not {value!r}.")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _area_lookup(raw: dict, our_format: str | None, where: str) -> bool:
    value = raw.get("x-area-lookup", False)
    if not isinstance(value, bool):
        raise SpecError(where, "x-area-lookup must be true or false.")
    if value and our_format != "ons-code":
        raise SpecError(where, "x-area-lookup needs x-format ons-code.")
    return value
