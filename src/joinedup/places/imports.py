"""Loading geography and population from CSV files: check the whole file, then write it at once.

`joinedup import-areas` and `joinedup import-population` call these. Every problem in a file is
collected and reported as ``FILE: row N, column FIELD: message``, counting rows as a spreadsheet
shows them (the header is row 1), and nothing is written unless the whole file is right. Columns
other than the ones named below are ignored, so ONS extracts can be used with renamed headers.
"""

import csv
import functools
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.audit import trail

from . import actions
from .areas import AGE_BANDS, ALLOWED_PARENTS, AreaKind, validate_area_code, validate_parent
from .models import Area, Place

AREA_COLUMNS = ("code", "name", "parent_code")
POPULATION_COLUMNS = ("area_code", "year", "sex", "age_band", "count")
BANDS = f"{AGE_BANDS[0]}, {AGE_BANDS[1]} ... {AGE_BANDS[-2]}, {AGE_BANDS[-1]}"
SEXES = {"f": "F", "female": "F", "m": "M", "male": "M"}
LARGEST_COUNT = 2_147_483_647  # the largest a PositiveIntegerField holds on every database


class ImportProblems(Exception):
    """Everything wrong with an import, one message each; nothing has been written."""

    def __init__(self, *messages: str):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))

    def report(self, limit: int = 50) -> str:
        lines = self.messages[:limit]
        if len(self.messages) > limit:
            lines.append(f"... and {len(self.messages) - limit} more problems.")
        return "\n".join(lines)


class _Problems(list):
    def __init__(self, path):
        super().__init__()
        self.name = str(path)

    def add(self, row: int, column: str, message: str) -> None:
        self.append(f"{self.name}: row {row}, column {column}: {message}")

    def raise_any(self) -> None:
        if self:
            raise ImportProblems(*self)


def _text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _unknown(code: str, where: str = "") -> str:
    try:
        validate_area_code(code)
    except ValidationError as error:
        return _text(error)
    return f"there is no area {code} in {where}joinedup."


def _read(path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The file's records as (row number, {column: stripped text}); blank lines are skipped."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ImportProblems(f"{name}: cannot read the file: {error.strerror or error}.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        raise ImportProblems(
            f"{name}: row {row}: the file is not UTF-8 text (byte {error.start + 1} cannot be "
            "read); save it as 'CSV UTF-8' and try again."
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = [(n, r) for n, r in enumerate(reader, start=1) if any(c.strip() for c in r)]
    except csv.Error as error:
        raise ImportProblems(f"{name}: row {reader.line_num}: not valid CSV: {error}.") from None
    expected = ",".join(columns)
    if not rows:
        raise ImportProblems(f"{name}: the file is empty; expected a header row: {expected}.")
    (header_row, header), records = rows[0], rows[1:]
    found = [c.strip().lower() for c in header]
    missing = [c for c in columns if c not in found]
    if missing:
        raise ImportProblems(
            f"{name}: row {header_row}: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; the header has {', '.join(found)}; expected {expected}."
        )
    if not records:
        raise ImportProblems(f"{name}: there are no rows below the header.")
    at = {c: found.index(c) for c in columns}
    return [
        (n, {c: (r[i].strip() if i < len(r) else "") for c, i in at.items()}) for n, r in records
    ]


def installation_admin(username: str):
    """The user named by --as, who must be an active installation administrator."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ImportProblems(f"There is no user {username!r}.")
    if not (user.is_active and user.is_superuser):
        raise ImportProblems(
            f"{username} is not an installation administrator: only one can import areas "
            "and population (create one with `joinedup createuser NAME --superuser`)."
        )
    return user


def _areas_by_code(codes) -> dict[str, Area]:
    codes, found = sorted(codes), {}
    for start in range(0, len(codes), 500):  # stay under SQLite's limit on query parameters
        chunk = Area.objects.filter(code__in=codes[start : start + 500]).select_related("parent")
        found.update((a.code, a) for a in chunk)
    return found


@functools.cache
def _depth(kind: AreaKind) -> int:
    """How far below England a kind sits at most: sorting by it puts parents first."""
    parents = ALLOWED_PARENTS[AreaKind(kind)]
    return 1 + max(_depth(p) for p in parents) if parents else 0


def _kinds(counter: Counter) -> str:
    order = sorted(counter, key=lambda k: (_depth(k), k))
    return ", ".join(f"{counter[k]} {AreaKind(k).label.lower()}" for k in order)


@dataclass
class AreaImport:
    created: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    attached: list[str] = field(default_factory=list)
    place: str = ""

    def summary(self) -> str:
        lines = [f"Created {sum(self.created.values())} areas: {_kinds(self.created) or 'none'}."]
        if self.skipped:
            lines.append(
                f"Skipped {sum(self.skipped.values())} already in joinedup with the same name "
                f"and parent: {_kinds(self.skipped)}."
            )
        if self.place:
            lines.append(f"{self.place} now includes {', '.join(self.attached)}.")
        return "\n".join(lines)


def import_areas(path, *, by, place_slug: str = "") -> AreaImport:
    """Create the areas in a code,name,parent_code file, parents first, in one transaction."""
    rows = _read(path, AREA_COLUMNS)
    problems, result = _Problems(path), AreaImport()
    with transaction.atomic():
        place = None
        if place_slug:
            place = Place.objects.filter(slug=place_slug).first()
            if place is None:
                raise ImportProblems(f"There is no place with the short name {place_slug!r}.")
        first_row, kinds, parsed = {}, {}, []
        for number, v in rows:
            code, parent_code, name = v["code"].upper(), v["parent_code"].upper(), v["name"]
            try:
                kind = AreaKind.from_code(code)
            except ValidationError as error:
                problems.add(number, "code", _text(error))
                kind = None
            if not name:
                problems.add(number, "name", "the name is empty.")
            elif len(name) > 200:
                problems.add(number, "name", f"the name is {len(name)} characters; at most 200.")
            if code in first_row:
                problems.add(number, "code", f"{code} is also on row {first_row[code]}.")
            elif kind is not None:
                first_row[code], kinds[code] = number, kind
                parsed.append((number, code, kind, name, parent_code))
        existing = _areas_by_code(set(first_row) | {p[4] for p in parsed if p[4]})
        plan = []
        for number, code, kind, name, parent_code in parsed:
            parent_kind = kinds.get(parent_code)
            if parent_code and parent_kind is None and parent_code in existing:
                parent_kind = AreaKind(existing[parent_code].kind)
            if parent_code and parent_kind is None:
                problems.add(number, "parent_code", _unknown(parent_code, "this file or in "))
                continue
            try:
                validate_parent(kind, parent_kind)
            except ValidationError as error:
                problems.add(number, "parent_code", _text(error))
                continue
            area = existing.get(code)
            if area is None:
                plan.append((number, code, kind, name, parent_code))
                continue
            was_parent = area.parent.code if area.parent else ""
            if area.name != name or was_parent != parent_code:
                problems.add(
                    number,
                    "name" if area.name != name else "parent_code",
                    f"{code} already exists as {area.name!r} in {was_parent or 'no parent'}; "
                    "joinedup does not rename or move areas on import.",
                )
            result.skipped[kind] += 1
        problems.raise_any()
        for number, code, kind, name, parent_code in sorted(plan, key=lambda p: _depth(p[2])):
            try:
                existing[code] = actions.create_area(
                    by=by, code=code, name=name, parent=existing.get(parent_code)
                )
            except ValidationError as error:  # someone else created it meanwhile
                raise ImportProblems(f"{problems.name}: row {number}: {_text(error)}") from None
            result.created[kind] += 1
        if place is not None:
            top = [existing[c] for _, c, _, _, parent in parsed if parent not in first_row]
            _attach(place, top, by=by)
            result.place, result.attached = place.name, [a.code for a in top]
    return result


def _attach(place: Place, areas: list[Area], *, by) -> None:
    def codes() -> str:
        return ", ".join(place.areas.order_by("code").values_list("code", flat=True))

    before = trail.snapshot(place, {"areas": codes()})
    place.areas.add(*areas)
    trail.record_update(place, before=before, by=by, extra={"areas": codes()})


@dataclass
class PopulationImport:
    cells: int = 0
    area_years: int = 0
    people: int = 0

    def summary(self) -> str:
        return (
            f"Wrote {self.cells} population cells for {self.area_years} area-years "
            f"({self.people:,} people)."
        )


def _whole(text: str) -> int | None:
    return int(text) if re.fullmatch(r"[+-]?\d+", text) else None


def _cell_problems(v: dict[str, str], areas, year, sex, count) -> list[tuple[str, str]]:
    code, problems = v["area_code"].upper(), []
    if code not in areas:
        problems.append(("area_code", _unknown(code)))
    if year is None or not 1900 <= year <= 2100:
        problems.append(("year", f"{v['year']!r} is not a year like 2022."))
    if sex is None:
        problems.append(("sex", f"{v['sex']!r} is not a sex: F, M, Female or Male."))
    if v["age_band"] not in AGE_BANDS:
        problems.append(("age_band", f"{v['age_band']!r} is not an age band: {BANDS}."))
    if count is None:
        problems.append(("count", f"{v['count']!r} is not a whole number."))
    elif not 0 <= count <= LARGEST_COUNT:
        problems.append(("count", f"{count} is not a count of people: it must be 0 or more."))
    return problems


def import_population(path, *, by) -> PopulationImport:
    """Replace the population of every area and year in an area_code,year,sex,age_band,count
    file, in one transaction."""
    rows = _read(path, POPULATION_COLUMNS)
    problems, result = _Problems(path), PopulationImport()
    with transaction.atomic():
        areas = _areas_by_code({v["area_code"].upper() for _, v in rows})
        groups, seen = defaultdict(dict), {}
        for number, v in rows:
            year, sex, count = _whole(v["year"]), SEXES.get(v["sex"].lower()), _whole(v["count"])
            wrong = _cell_problems(v, areas, year, sex, count)
            for column, message in wrong:
                problems.add(number, column, message)
            cell = (v["area_code"].upper(), year, sex, v["age_band"])
            if not wrong and cell in seen:
                problems.add(
                    number,
                    "age_band",
                    f"{' '.join(map(str, cell))} is also on row "
                    f"{seen[cell]}; each area, year, sex and age band may appear once.",
                )
            elif not wrong:
                seen[cell] = number
                groups[cell[:2]][cell[2:]] = count
        problems.raise_any()
        for (code, year), counts in groups.items():
            actions.set_population(by=by, area=areas[code], year=year, counts=counts)
            result.cells += len(counts)
            result.people += sum(counts.values())
        result.area_years = len(groups)
    return result
