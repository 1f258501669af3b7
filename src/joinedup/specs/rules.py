"""Compiling a specification to row rules: one SQL boolean per rule, true where a row fails.

Each :class:`Rule` also carries the SQL for the value to show and for a plain-English message;
those run only on failing rows. Uniqueness and exact duplicates need whole-table queries and
live in :mod:`.validate`; this module compiles what can be judged one row at a time.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from . import nhs_number
from .model import CrossFieldRule, Field, Spec
from .sql import INTEGER, NUMBER, Columns, describe, literal, literals, readable_date_formats

POSTCODE = (
    r"(?i)\s*(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]"
    r"|[A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})\s*"
)
ONS_CODE = r"[EWSNKLM][0-9]{8}"
ODS_CODE = r"[A-Z0-9]{3,6}"
_WORDS = {
    "<": "before",
    "<=": "on or before",
    "=": "the same as",
    "<>": "different from",
    ">=": "on or after",
    ">": "after",
}
_NUMBER_WORDS = {"<": "less than", "<=": "at most", ">=": "at least", ">": "more than"}


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    field: str | None
    severity: str
    dimension: str
    description: str
    fails: str = "false"
    value: str = "''"
    message: str = "''"
    # Fields the file must have for the rule to find anything (others read as blank).
    needs: tuple[str, ...] = ()
    # A cheaper test, true wherever ``fails`` is (and perhaps where other rules of the field
    # fail): the scan tests each distinct screen of a field once instead of every rule's
    # ``fails``; the exact ``fails`` then runs on the few rows a screen let through.
    screen: str | None = None


def _quote(column: str) -> str:
    """The cell's value in single quotes, for a message."""
    return f"'''' || {column} || ''''"


def row_rules(spec: Spec, columns: Columns) -> list[Rule]:
    """Every row rule of ``spec``, in the order of the fields, then the cross-field rules."""
    rules: list[Rule] = []
    for field in spec.fields:
        rules += _field_rules(field, columns)
    rules += [_compare(rule, columns) for rule in spec.rules]
    return rules


def _field_rules(field: Field, columns: Columns) -> list[Rule]:
    name, column = field.name, columns.text(field.name)
    given = f"{column} IS NOT NULL"
    quoted = f"'''' || {column} || ''''"
    rules: list[Rule] = []

    def add(kind, fails, message, description, dimension="validity", severity="error", screen=None):
        rules.append(
            Rule(
                id=f"{name}:{kind}",
                kind=kind,
                field=name,
                severity=field.severity.get(kind, severity),
                dimension=dimension,
                description=description,
                fails=fails,
                value=column,
                message=message,
                needs=() if kind == "required-when" else (name,),
                screen=screen,
            )
        )

    if field.required:
        add(
            "required",
            f"{column} IS NULL",
            literal(f"{name} is required but is blank."),
            f"{name} is required",
            "completeness",
        )
    if field.required_when is not None:
        when = describe(field.required_when)
        add(
            "required-when",
            f"({column} IS NULL AND {columns.condition(field.required_when)})",
            literal(f"{name} is required when {when}, but is blank."),
            f"{name} is required when {when}",
            "completeness",
        )
    if field.applicable_when is not None:
        when = describe(field.applicable_when)
        add(
            "not-applicable",
            f"({given} AND NOT {columns.condition(field.applicable_when)})",
            literal(f"{name} is given, but it applies only when {when}: check the row."),
            f"{name} only when {when}",
            "consistency",
            "warning",
        )
    if field.type == "date":
        formats = readable_date_formats(field.date_formats)
        add(
            "type",
            f"({given} AND {columns.typed(name)} IS NULL)",
            f"{quoted} || {literal(f' is not a date: write it as {formats}.')}",
            f"{name} is a date ({formats})",
        )
    elif field.type in ("integer", "number"):
        shape, noun = (
            (INTEGER, "a whole number") if field.type == "integer" else (NUMBER, "a number")
        )
        add(
            "type",
            f"({given} AND NOT regexp_full_match({column}, {literal(shape)}))",
            f"{quoted} || {literal(f' is not {noun} (digits only, no £ or commas).')}",
            f"{name} is {noun}",
        )
    if field.pattern is not None:
        add(
            "pattern",
            f"({given} AND NOT regexp_full_match({column}, {literal(field.pattern)}))",
            f"{quoted} || {literal(f' is not in the form {name} takes.')}",
            f"{name} matches {field.pattern}",
        )
    if field.enum is not None:
        allowed = ", ".join(field.enum)
        add(
            "enum",
            f"({given} AND {column} NOT IN ({literals(field.enum)}))",
            f"{quoted} || {literal(f' is not allowed for {name}: use one of {allowed}.')}",
            f"{name} is one of {allowed}",
        )
    if field.codelist is not None:
        listed = _codelist_rules(field, columns)
        if field.required:  # a blank is not a current value either: one screen for all
            rules[:] = [
                dataclasses.replace(r, screen=listed[0].screen) if r.kind == "required" else r
                for r in rules
            ]
        rules += listed
    _bounds(field, columns, add, given)
    _format_rules(field, columns, add, given)
    return _screened(rules, given)


def _screened(rules: list[Rule], given: str) -> list[Rule]:
    """The rules of one field, those that judge a given value sharing one screen: the field is
    given and one of their tests fails (one test of ``given`` instead of one per rule)."""
    prefix = f"({given} AND "
    judging = [r for r in rules if r.screen is None and r.fails.startswith(prefix)]
    if len(judging) < 2:
        return rules
    tests = " OR ".join(f"({r.fails[len(prefix) : -1]})" for r in judging)
    screen = f"{prefix}({tests}))"
    return [dataclasses.replace(r, screen=screen) if r in judging else r for r in rules]


def _bounds(field: Field, columns: Columns, add, given: str) -> None:
    name, column, typed = field.name, columns.text(field.name), columns.typed(field.name)
    if field.type == "date":
        low = f"DATE {literal(field.minimum)}" if field.minimum else None
        high = f"DATE {literal(field.maximum)}" if field.maximum else None
    else:
        low = repr(float(field.minimum)) if field.minimum is not None else None
        high = repr(float(field.maximum)) if field.maximum is not None else None
    if field.type in ("date", "integer", "number") and (low or high):
        tests = [f"{typed} < {low}"] * bool(low) + [f"{typed} > {high}"] * bool(high)
        span = " to ".join(str(b) for b in (field.minimum, field.maximum) if b is not None)
        words = (
            f"from {span}"
            if low and high
            else f"at least {field.minimum}"
            if low
            else f"at most {field.maximum}"
        )
        add(
            "range",
            f"({given} AND ({' OR '.join(tests)}))",
            f"{_quote(column)} || {literal(f' is out of range: {name} must be {words}.')}",
            f"{name} is {words}",
        )
    if field.min_length or field.max_length:
        tests = []
        if field.min_length:
            tests.append(f"length({column}) < {int(field.min_length)}")
        if field.max_length:
            tests.append(f"length({column}) > {int(field.max_length)}")
        span = f"{field.min_length or 0} to {field.max_length or 'any number of'}"
        add(
            "length",
            f"({given} AND ({' OR '.join(tests)}))",
            literal(f"{name} must be {span} characters long."),
            f"{name} is {span} characters",
        )


def _format_rules(field: Field, columns: Columns, add, given: str) -> None:
    name, column = field.name, columns.text(field.name)
    if field.format == "nhs-number":
        shape = columns.shared(nhs_number.sql_shape_ok(column))
        digits = columns.nhs(name)
        check = columns.shared(nhs_number.sql_check_fails(digits))
        placeholder = columns.shared(nhs_number.sql_placeholder(digits))
        outside = nhs_number.sql_outside_issued(digits)
        # Any of the four: the number has no shape, or (then) one of the others fails.
        screen = f"({given} AND (NOT {shape} OR {check} OR {placeholder} OR {outside}))"
        add(
            "format",
            f"({given} AND NOT {shape})",
            literal(f"{name} must be 10 digits (spaces or hyphens as 3-3-4 allowed)."),
            f"{name} is 10 digits",
            screen=screen,
        )
        add(
            "check-digit",
            f"({given} AND {shape} AND {check})",
            literal(
                f"{name} fails the NHS number check digit (Modulus 11): check for a typing "
                "error or swapped digits."
            ),
            f"{name} has a valid check digit",
            screen=screen,
        )
        add(
            "placeholder",
            f"({given} AND {shape} AND NOT {check} AND {placeholder})",
            literal(
                f"{name} is a placeholder (one digit repeated), not a real NHS number: "
                "leave it blank if unknown."
            ),
            f"{name} is not a placeholder",
            "accuracy",
            screen=screen,
        )
        add(
            "issued-range",
            f"({given} AND {shape} AND NOT {check} AND NOT {placeholder} AND {outside})",
            literal(f"{name} is outside the ranges ever issued (9xx numbers are test numbers)."),
            f"{name} is in an issued range",
            "accuracy",
            "warning",
            screen=screen,
        )
    elif field.format == "uk-postcode":
        add(
            "format",
            f"({given} AND NOT regexp_full_match({column}, {literal(POSTCODE)}))",
            f"{_quote(column)} || {literal(' is not a UK postcode (like SW1A 1AA).')}",
            f"{name} is a UK postcode",
        )
    elif field.format == "ons-code":
        prefixes = field.ons_prefixes
        tests = f"NOT regexp_full_match({column}, {literal(ONS_CODE)})"
        kinds = ""
        if prefixes:
            tests += f" OR substr({column}, 1, 3) NOT IN ({literals(prefixes)})"
            kinds = f" starting {', '.join(prefixes)}"
        add(
            "format",
            f"({given} AND ({tests}))",
            f"{_quote(column)} || "
            + literal(f" is not an ONS code{kinds} (a letter and 8 digits)."),
            f"{name} is an ONS code{kinds}",
        )
        if field.area_lookup and columns.areas is not None:
            known = sorted(
                code for code in columns.areas if not prefixes or code[:3] in prefixes
            ) or [""]
            add(
                "known-area",
                f"({given} AND NOT ({tests}) AND {column} NOT IN ({literals(known)}))",
                f"{_quote(column)} || "
                + literal(
                    " is not an area in the area lookup: check the code (the lookup holds "
                    "the geography of this installation)."
                ),
                f"{name} is an area in the area lookup",
            )
    elif field.format == "ods-code":
        add(
            "format",
            f"({given} AND NOT regexp_full_match({column}, {literal(ODS_CODE)}))",
            f"{_quote(column)} || {literal(' is not an ODS code (3 to 6 capitals or digits).')}",
            f"{name} is an ODS code",
        )


def _codelist_rules(field: Field, columns: Columns) -> list[Rule]:
    codelist, name, column = field.codelist, field.name, columns.text(field.name)
    old = [value for value, _ in codelist.deprecated]
    # A hint when only the case differs: the national checks match case-sensitively.
    hint = " ".join(
        f"WHEN {literal(value.lower())} THEN {literal(f' Did you mean {value!r}?')}"
        for value in codelist.values
    )
    incomplete = "" if codelist.complete else " (the list we hold may be incomplete)"
    # Most cells hold a current value: once that is known (once per row, shared by both
    # rules), the superseded values need looking at only for the others.
    current = columns.current(name)
    superseded = f"coalesce({column} IN ({literals(old)}), false)" if old else "false"
    # Both rules (and a required field's blank) find only cells that are not current values.
    screen = f"(NOT {current})" if field.required else f"({column} IS NOT NULL AND NOT {current})"
    overlap = set(old) & set(codelist.values)
    rules = [
        Rule(
            id=f"{name}:codelist",
            kind="codelist",
            field=name,
            severity=field.severity.get("codelist", "error" if codelist.complete else "warning"),
            dimension="validity",
            description=f"{name} is in the {codelist.name} list{incomplete}",
            fails=f"({column} IS NOT NULL AND NOT {current} AND NOT {superseded})",
            value=column,
            needs=(name,),
            message=f"{_quote(column)} || {literal(f' is not in the {name} list{incomplete}.')}"
            f" || coalesce(CASE lower({column}) {hint} END, '')",
            screen=screen,
        )
    ]
    if old:
        replace = " ".join(
            f"WHEN {literal(before)} THEN "
            + literal(f" Use '{after}'." if after else " It has no single replacement.")
            for before, after in codelist.deprecated
        )
        rules.append(
            Rule(
                id=f"{name}:deprecated",
                kind="deprecated",
                field=name,
                severity="warning",
                dimension="validity",
                description=f"{name} uses current (not superseded) values",
                fails=f"(NOT {current} AND {superseded})" if not overlap else superseded,
                value=column,
                needs=(name,),
                message=f"{_quote(column)} || {literal(' is a superseded value.')}"
                f" || CASE {column} {replace} END",
                screen=None if overlap else screen,
            )
        )
    return rules


def _compare(rule: CrossFieldRule, columns: Columns) -> Rule:
    left, right = columns.typed(rule.left), columns.typed(rule.right)
    is_date = columns.fields[rule.left].type == "date"
    screen = None
    if rule.offset_years and is_date and rule.op != "=":
        screen = _shifted_screen(left, right, rule.op, rule.offset_years)
    if rule.offset_years:
        right = (
            f"({right} + INTERVAL ({rule.offset_years}) YEAR)"
            if is_date
            else f"({right} + {rule.offset_years})"
        )
    fails = f"({left} IS NOT NULL AND {right} IS NOT NULL AND NOT ({left} {rule.op} {right}))"
    if rule.when is not None:
        fails = f"({fails} AND {columns.condition(rule.when)})"
    words = (_WORDS if is_date else _NUMBER_WORDS | _WORDS)[rule.op]
    default = f"{rule.left} ({{{rule.left}}}) must be {words} {rule.right} ({{{rule.right}}})."
    return Rule(
        id=rule.id,
        kind="compare",
        field=rule.left,
        severity=rule.severity,
        dimension=rule.dimension,
        description=rule.description,
        fails=fails,
        value=columns.text(rule.left),
        message=columns.template(rule.message or default),
        needs=(rule.left, rule.right),
        screen=screen,
    )


def _shifted_screen(left: str, right: str, op: str, years: int) -> str:
    """True wherever ``left op (right + years years)`` fails, in whole days.

    Adding years to a date is calendar arithmetic, and costly on every row; a span of
    ``years`` years is 365.2425 days a year give or take about two days (leap days, and the
    29th of February becoming the 28th), so a test of the days between the dates against
    bounds a little wider than that lets through every row that fails, and few others. The
    exact test runs on those.
    """
    middle, slack = 365.2425 * years, 3 + abs(years) // 50
    low, high = math.floor(middle) - slack, math.ceil(middle) + slack
    days = f"({left} - {right})"
    test = {
        ">": f"{days} <= {high}",
        ">=": f"{days} <= {high}",
        "<": f"{days} >= {low}",
        "<=": f"{days} >= {low}",
        "<>": f"{days} BETWEEN {low} AND {high}",
    }[op]
    return f"({left} IS NOT NULL AND {right} IS NOT NULL AND {test})"
