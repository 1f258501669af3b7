"""SQL pieces the rules are built from: quoting, typed values, conditions, message templates.

Everything here is DuckDB SQL over a table whose cells are text (``NULL`` when blank). A
:class:`Columns` maps each field of the specification to the expression for its column in the
file, or to a typed ``NULL`` when the file lacks the column, so that rules never need to know
which columns a file happened to have.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass

from . import nhs_number
from .model import Condition, Field

INTEGER = r"\s*[+-]?[0-9]+\s*"
NUMBER = r"\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*"
_SHARED = re.compile(r'"(_s\d+)"')
_FORMAT_WORDS = {"%Y": "YYYY", "%m": "MM", "%d": "DD", "%y": "YY", "%b": "Mon", "%H": "hh"}


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def literals(values) -> str:
    return ", ".join(literal(v) for v in values)


def readable_date_formats(formats: tuple[str, ...]) -> str:
    """ "%d/%m/%Y" -> "DD/MM/YYYY", several joined with "or"."""
    words = []
    for fmt in formats:
        for code, word in _FORMAT_WORDS.items():
            fmt = fmt.replace(code, word)
        words.append(fmt)
    return " or ".join(words)


@dataclass(frozen=True)
class Columns:
    """The SQL expression for each field's column (a typed NULL when the file lacks it)."""

    fields: dict[str, Field]
    physical: dict[str, str]
    # Columns of the ``typed`` table (parsed once per row) by field, when it exists.
    typed_columns: dict[str, str] = dataclasses.field(default_factory=dict)
    number_columns: dict[str, str] = dataclasses.field(default_factory=dict)
    # Expressions that several rules use (an NHS number's shape, a condition), by their SQL,
    # each computed once per row as a column of its own when ``share`` is on. An expression
    # made of shared columns is computed in a later layer (its ``level``) than they are.
    shared_columns: dict[str, str] = dataclasses.field(default_factory=dict)
    shared_levels: dict[str, int] = dataclasses.field(default_factory=dict)
    # Area codes of the area lookup (x-area-lookup), when the caller gives one.
    areas: frozenset[str] | None = None
    # Shared expressions written out where used instead (see plan_sharing), by alias.
    inlined: dict[str, str] = dataclasses.field(default_factory=dict)
    # Aliases of combinations of conditions (and, or, not), always written out where used.
    combinations: set[str] = dataclasses.field(default_factory=set)
    # The first record's cell of each field (when given): in many files it is every record's
    # (the council's code, the reporting period), so it is parsed and judged once, not per row.
    usual: dict[str, str] = dataclasses.field(default_factory=dict)
    share: bool = False

    def shared(self, expression: str, level: int = 1, combination: bool = False) -> str:
        """``expression``, computed once per row however many rules use it."""
        if not self.share:
            return expression
        if expression not in self.shared_columns:
            alias = f"_s{len(self.shared_columns)}"
            self.shared_columns[expression] = alias
            self.shared_levels[alias] = level
            if combination:
                self.combinations.add(alias)
        return ident(self.shared_columns[expression])

    def plan_sharing(self, hot_sql: str) -> None:
        """Keep as columns only the shared expressions used more than once, by ``hot_sql``
        (the scan) and by each other: a column of its own costs more than it saves for an
        expression used once, and nothing for one not used at all.

        Combinations of shared conditions (and, or, not) are always written
        out: as a column they would be worked out in full for every row, where written out
        the scan stops at their first part that settles them (a Service-only condition is
        not looked into on the other rows)."""
        uses = Counter(_SHARED.findall(hot_sql))
        for expression in self.shared_columns:
            uses.update(_SHARED.findall(expression))
        self.inlined.clear()
        self.inlined.update(
            {
                alias: sql
                for sql, alias in self.shared_columns.items()
                if uses[alias] <= 1 or alias in self.combinations
            }
        )

    def inline(self, sql: str) -> str:
        """``sql`` with the shared columns that are not kept as columns written out."""
        while self.inlined:
            expanded = _SHARED.sub(
                lambda m: f"({self.inlined[m[1]]})" if m[1] in self.inlined else m[0], sql
            )
            if expanded == sql:
                break
            sql = expanded
        return sql

    def shared_layers(self) -> list[list[str]]:
        """The shared columns as ``expression AS alias``, layer by layer."""
        layers: dict[int, list[str]] = {}
        for expression, alias in self.shared_columns.items():
            if alias in self.inlined:
                continue
            layers.setdefault(self.shared_levels[alias], []).append(
                f"{self.inline(expression)} AS {ident(alias)}"
            )
        return [layers[level] for level in sorted(layers)]

    def _level(self, sql: str) -> int:
        """The layer after every shared column ``sql`` uses."""
        used = _SHARED.findall(sql)
        return 1 + max((self.shared_levels.get(alias, 0) for alias in used), default=0)

    def text(self, name: str) -> str:
        column = self.physical.get(name)
        return ident(column) if column else "CAST(NULL AS VARCHAR)"

    def typed(self, name: str) -> str:
        """The field's value as a DATE or DOUBLE (NULL when it does not parse), else text."""
        if name in self.typed_columns:
            return ident(self.typed_columns[name])
        return self.parse(name)

    def parse(self, name: str) -> str:
        """The expression that parses a field's text to its type.

        Where the cell is the usual one, its value is a constant (DuckDB works it out once).
        """
        parsed = self._parse(name, self.text(name))
        if name in self.usual and parsed != self.text(name):
            usual = literal(self.usual[name])
            return (
                f"CASE WHEN {self.text(name)} = {usual} THEN {self._parse(name, usual)} "
                f"ELSE {parsed} END"
            )
        return parsed

    def _parse(self, name: str, column: str) -> str:
        field = self.fields[name]
        if field.type == "date":
            if len(field.date_formats) == 1:
                return f"CAST(try_strptime({column}, {literal(field.date_formats[0])}) AS DATE)"
            return f"CAST(try_strptime({column}, [{literals(field.date_formats)}]) AS DATE)"
        if field.type in ("integer", "number"):
            return f"TRY_CAST({column} AS DOUBLE)"
        return column

    def nhs(self, name: str) -> str:
        """An NHS-number field's digits as a BIGINT."""
        if name in self.number_columns:
            return ident(self.number_columns[name])
        return nhs_number.sql_number(self.text(name))

    def condition(self, condition: Condition) -> str:
        """A boolean that is never NULL: a blank value is "not in", never "in", a list.

        Each condition is worked out once per row, however many rules it governs.
        """
        op = condition.op
        if op in ("all", "any"):
            parts = [self.condition(part) for part in condition.parts]
            joiner = " AND " if op == "all" else " OR "
            combined = "(" + joiner.join(parts) + ")"
            return self.shared(combined, self._level(combined), combination=True)
        if op == "not":
            part = self.condition(condition.parts[0])
            return self.shared(f"(NOT {part})", self._level(part), combination=True)
        leaf = self._leaf(condition)
        return self.shared(leaf, self._level(leaf))

    def _leaf(self, condition: Condition) -> str:
        op, column = condition.op, self.text(condition.field)
        if op == "present":
            return f"({column} IS NOT NULL)"
        if op == "blank":
            return f"({column} IS NULL)"
        if op == "age_between":
            low, high = condition.values
            age = f"date_sub('year', {self.typed(condition.field)}, {self.typed(condition.on)})"
            return f"coalesce({age} BETWEEN {int(low)} AND {int(high)}, false)"
        values = condition.values
        if condition.ignore_case and self.fields[condition.field].codelist is not None:
            return self._ignoring_case(condition)
        if condition.ignore_case:
            column = f"lower({column})"
            values = tuple(dict.fromkeys(v.lower() for v in values))
        if op == "in":
            return f"coalesce({column} IN ({literals(values)}), false)"
        if op == "not_in":
            return f"coalesce({column} NOT IN ({literals(values)}), true)"
        if op == "starts_with":
            tests = " OR ".join(f"starts_with({column}, {literal(v)})" for v in values)
            return f"coalesce({tests}, false)"
        raise ValueError(f"unknown condition {op!r}")  # the loader refuses these first

    def current(self, name: str) -> str:
        """Whether the field's cell is a current value of its code list (never NULL)."""
        values = literals(self.fields[name].codelist.values)
        return self.shared(f"coalesce({self.text(name)} IN ({values}), false)")

    def _ignoring_case(self, condition: Condition) -> str:
        """A condition on a coded field, in any case, without lowering every cell.

        Most cells hold a current value of the code list, written as listed, which is known
        once per row anyway (:meth:`current`): for those, the condition is a test against the
        listed values it matches. Only the other cells are lowered and compared.
        """
        op, name = condition.op, condition.field
        column = self.text(name)
        wanted = tuple(dict.fromkeys(v.lower() for v in condition.values))
        if op == "starts_with":
            lowered = " OR ".join(f"starts_with(lower({column}), {literal(v)})" for v in wanted)

            def matches(value: str) -> bool:
                return value.lower().startswith(wanted)
        elif op in ("in", "not_in"):
            lowered = f"lower({column}) IN ({literals(wanted)})"

            def matches(value: str) -> bool:
                return value.lower() in wanted
        else:
            raise ValueError(f"unknown condition {op!r}")  # the loader refuses these first
        listed = [v for v in self.fields[name].codelist.values if matches(v)]
        exact = f"coalesce({column} IN ({literals(listed)}), false) OR " if listed else ""
        found = f"({exact}(NOT {self.current(name)} AND coalesce({lowered}, false)))"
        return f"(NOT {found})" if op == "not_in" else found

    def template(self, text: str) -> str:
        """A message with ``{Field}`` placeholders as a SQL string expression."""
        parts = []
        for index, piece in enumerate(re.split(r"\{([A-Za-z0-9_]+)\}", text)):
            if index % 2 == 0:
                if piece:
                    parts.append(literal(piece))
            elif piece in self.fields:
                parts.append(f"coalesce({self.text(piece)}, '(blank)')")
            else:
                parts.append(literal("{" + piece + "}"))
        return " || ".join(parts) if parts else "''"


def describe(condition: Condition) -> str:
    """A condition in words: "Event_Type is Service and Client_Type is not ..."."""
    op = condition.op
    if op in ("all", "any"):
        joiner = " and " if op == "all" else " or "
        return joiner.join(describe(part) for part in condition.parts)
    if op == "not":
        return f"not ({describe(condition.parts[0])})"
    if op == "present":
        return f"{condition.field} is given"
    if op == "blank":
        return f"{condition.field} is blank"
    if op == "age_between":
        low, high = condition.values
        return f"the age on {condition.on} is {low} to {high}"
    values = " or ".join(f"'{v}'" for v in condition.values)
    words = {"in": "is", "not_in": "is not", "starts_with": "starts with"}[op]
    return f"{condition.field} {words} {values}"
