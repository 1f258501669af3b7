"""ONS area codes: what kind of area a code names, and which kinds may be its parent.

A code is a letter and eight digits (E01000001). The first three characters say the kind.

    >>> AreaKind.from_code("E05012345")
    <AreaKind.WARD: 'ward'>
    >>> validate_area_code("E5400001")
    Traceback (most recent call last):
    ...
    django.core.exceptions.ValidationError: ['"E5400001" is not an ONS code: ...']
"""

import re

from django.core.exceptions import ValidationError
from django.db import models

CODE_PATTERN = re.compile(r"^[EWSN]\d{8}$")
ENGLAND_CODE = "E92000001"


class AreaKind(models.TextChoices):
    LSOA = "lsoa", "Lower layer super output area"
    MSOA = "msoa", "Middle layer super output area"
    WARD = "ward", "Electoral ward"
    DISTRICT = "district", "District council area"
    UNITARY = "unitary", "Unitary authority"
    METROPOLITAN = "metropolitan", "Metropolitan district"
    LONDON_BOROUGH = "london_borough", "London borough"
    COUNTY = "county", "County"
    ICB = "icb", "Integrated care board area"
    REGION = "region", "Region"
    COUNTRY = "country", "Country"

    @classmethod
    def from_code(cls, code: str) -> "AreaKind":
        validate_area_code(code)
        if code == ENGLAND_CODE:
            return cls.COUNTRY
        return PREFIX_KINDS[code[:3]]


PREFIX_KINDS = {
    "E01": AreaKind.LSOA,
    "E02": AreaKind.MSOA,
    "E05": AreaKind.WARD,
    "E06": AreaKind.UNITARY,
    "E07": AreaKind.DISTRICT,
    "E08": AreaKind.METROPOLITAN,
    "E09": AreaKind.LONDON_BOROUGH,
    "E10": AreaKind.COUNTY,
    "E54": AreaKind.ICB,
    "E12": AreaKind.REGION,
}

LOCAL_AUTHORITY_KINDS = (
    AreaKind.DISTRICT,
    AreaKind.UNITARY,
    AreaKind.METROPOLITAN,
    AreaKind.LONDON_BOROUGH,
    AreaKind.COUNTY,
)
# LSOA -> ward -> local authority (district -> county) -> ICB -> region -> England.
ALLOWED_PARENTS = {
    AreaKind.LSOA: (AreaKind.WARD, AreaKind.MSOA),
    AreaKind.MSOA: LOCAL_AUTHORITY_KINDS,
    AreaKind.WARD: (
        AreaKind.DISTRICT,
        AreaKind.UNITARY,
        AreaKind.METROPOLITAN,
        AreaKind.LONDON_BOROUGH,
    ),
    AreaKind.DISTRICT: (AreaKind.COUNTY,),
    AreaKind.UNITARY: (AreaKind.ICB,),
    AreaKind.METROPOLITAN: (AreaKind.ICB,),
    AreaKind.LONDON_BOROUGH: (AreaKind.ICB,),
    AreaKind.COUNTY: (AreaKind.ICB,),
    AreaKind.ICB: (AreaKind.REGION,),
    AreaKind.REGION: (AreaKind.COUNTRY,),
    AreaKind.COUNTRY: (),
}


def validate_area_code(code: str) -> None:
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        raise ValidationError(
            f'"{code}" is not an ONS code: expected a letter and eight digits, like E05012345.'
        )
    if code.startswith("E") and code != ENGLAND_CODE and code[:3] not in PREFIX_KINDS:
        known = ", ".join(sorted(PREFIX_KINDS))
        raise ValidationError(
            f'"{code}" starts with {code[:3]}, which joinedup does not hold. Known: {known}, '
            f"and {ENGLAND_CODE} for England."
        )
    if not code.startswith("E"):
        raise ValidationError(f'"{code}" is not an English area: joinedup holds codes from E.')


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def validate_parent(kind: AreaKind, parent_kind: AreaKind | None) -> None:
    allowed = ALLOWED_PARENTS[kind]
    if parent_kind is None:
        if allowed:
            names = " or ".join(AreaKind(k).label.lower() for k in allowed)
            raise ValidationError(
                f"{_a(AreaKind(kind).label.lower()).capitalize()} needs a parent: {_a(names)}."
            )
        return
    if parent_kind not in allowed:
        names = " or ".join(AreaKind(k).label.lower() for k in allowed) or "nothing"
        raise ValidationError(
            f"{_a(AreaKind(kind).label.lower()).capitalize()} cannot sit inside "
            f"{_a(AreaKind(parent_kind).label.lower())}; its parent must be {_a(names)}."
        )


AGE_BANDS = tuple(f"{low}-{low + 4}" for low in range(0, 90, 5)) + ("90+",)
