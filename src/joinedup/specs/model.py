"""A specification as a small immutable model: fields, conditions, cross-field rules, keys.

The loader (:mod:`.loading`) builds these from Frictionless Table Schema files with our
``x-`` extensions (``docs/specs.md``); :mod:`.rules` compiles them to SQL. Tests may build
them directly. Names are the canonical (national) field names; the columns of a file are
matched to them by :func:`header_key`, so "Cost Frequency (Unit Type)",
"Cost_Frequency_(Unit_Type)" and "Cost_Frequency_Unit_Type" are the same field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
SEVERITIES = ("error", "warning")
TYPES = ("string", "integer", "number", "date")
FORMATS = ("nhs-number", "uk-postcode", "ons-code", "ods-code")
DIMENSIONS = ("completeness", "uniqueness", "consistency", "timeliness", "validity", "accuracy")
COMPARISONS = ("<", "<=", "=", "<>", ">=", ">")


def header_key(header: str) -> str:
    """How a column heading is matched to a field: case, spaces and punctuation ignored.

    >>> header_key("Cost Frequency (Unit Type)") == header_key("Cost_Frequency_(Unit_Type)")
    True
    """
    return re.sub(r"[^a-z0-9]+", "_", header.lstrip("\ufeff").lower()).strip("_")


@dataclass(frozen=True)
class Condition:
    """A test on one row: ``op`` is a leaf test on ``field`` or a combination of ``parts``.

    Leaf ops: ``in``, ``not_in``, ``starts_with``, ``present``, ``blank``, ``age_between``
    (``values`` = (low, high); ``field`` the birth date, ``on`` the date the age is taken at).
    Combinations: ``all``, ``any``, ``not``.
    """

    op: str
    field: str | None = None
    values: tuple = ()
    parts: tuple[Condition, ...] = ()
    ignore_case: bool = False
    on: str | None = None

    def fields(self) -> set[str]:
        names = {name for name in (self.field, self.on) if name}
        for part in self.parts:
            names |= part.fields()
        return names


@dataclass(frozen=True)
class CodeList:
    """Allowed values of a field, case-sensitive as the national validators match them.

    ``deprecated`` maps values still accepted with a warning (e.g. Release 1 values of CLD)
    to the value that replaces them, or to ``None`` when there is no one-to-one replacement.
    An incomplete list (``complete=False``) makes unknown values warnings, not errors.
    """

    name: str
    values: tuple[str, ...]
    deprecated: tuple[tuple[str, str | None], ...] = ()
    complete: bool = True
    source: str = ""


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "string"
    title: str = ""
    description: str = ""
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    required: bool = False
    required_when: Condition | None = None
    applicable_when: Condition | None = None
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    minimum: str | float | None = None
    maximum: str | float | None = None
    min_length: int | None = None
    max_length: int | None = None
    codelist: CodeList | None = None
    format: str | None = None
    ons_prefixes: tuple[str, ...] = ()
    # The code must be an area of the area lookup given to the validator (x-area-lookup).
    area_lookup: bool = False
    aliases: tuple[str, ...] = ()
    item: str | None = None
    severity: dict[str, Severity] = field(default_factory=dict, hash=False, compare=False)

    @property
    def expected(self) -> bool:
        """Whether a file must have this column (else it cannot be validated at all)."""
        return self.required


@dataclass(frozen=True)
class CrossFieldRule:
    """``left op right`` must hold where both are given (and ``when`` holds, if set)."""

    id: str
    left: str
    op: str
    right: str
    description: str
    severity: Severity = "error"
    dimension: str = "consistency"
    when: Condition | None = None
    offset_years: int = 0
    message: str | None = None


@dataclass(frozen=True)
class UniqueKey:
    """No two rows (where ``when`` holds) may share these fields' values."""

    id: str
    fields: tuple[str, ...]
    description: str
    severity: Severity = "error"
    when: Condition | None = None


@dataclass(frozen=True)
class PersonFields:
    """Which fields identify a person, for probable duplicates (:mod:`.duplicates`)."""

    identifier: tuple[str, ...]
    nhs_number: str | None
    details: tuple[str, ...]


@dataclass(frozen=True)
class Spec:
    name: str
    version: str
    title: str
    description: str
    fields: tuple[Field, ...]
    rules: tuple[CrossFieldRule, ...] = ()
    unique: tuple[UniqueKey, ...] = ()
    exact_duplicates: Severity | None = "warning"
    person: PersonFields | None = None
    collected_by: str = ""
    frequency: str = ""
    origin: str = ""

    def field(self, name: str) -> Field:
        for one in self.fields:
            if one.name == name:
                return one
        raise KeyError(f"Specification {self.name!r} has no field {name!r}.")

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(one.name for one in self.fields)
