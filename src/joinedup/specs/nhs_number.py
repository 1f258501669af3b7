"""NHS numbers: the Modulus 11 check in plain Python (the oracle) and as a SQL expression.

A valid check digit is necessary, not sufficient: ``0000000000`` and other repeated digits pass
it, so a rule of our own refuses them as placeholders, and another warns of numbers outside
the ranges ever issued (5xx and 9xx, which is the synthetic test range, among others).
"""

from __future__ import annotations

import re

WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
SHAPE = r"[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}"
# Issued ranges by their first three digits (nhs-number 2.2 constants): Scottish CHI,
# Northern Ireland, England/Wales/Isle of Man, and the Irish IHI.
ISSUED = ((10, 311), (320, 399), (400, 499), (600, 799), (800, 859))


def check_digit(nine_digits: str) -> int | None:
    """The tenth digit, or ``None`` when the remainder gives 10 (never issued).

    >>> check_digit("943476591")
    9
    """
    total = sum(int(d) * w for d, w in zip(nine_digits, WEIGHTS, strict=True))
    check = (11 - total % 11) % 11
    return None if check == 10 else check


def normalise(value: str) -> str | None:
    """Ten digits from "943 476 5919", "943-476-5919" or "9434765919"; ``None`` otherwise."""
    if not re.fullmatch(SHAPE, value):
        return None
    return re.sub(r"[ -]", "", value)


def passes_check(value: str) -> bool:
    """Whether a number has the right shape and check digit (placeholders included).

    >>> passes_check("943 476 5919"), passes_check("9434765918")
    (True, False)
    """
    digits = normalise(value)
    return digits is not None and check_digit(digits[:9]) == int(digits[9])


def is_placeholder(value: str) -> bool:
    digits = normalise(value)
    return digits is not None and len(set(digits)) == 1


def in_issued_range(value: str) -> bool:
    digits = normalise(value)
    return digits is not None and any(low <= int(digits[:3]) <= high for low, high in ISSUED)


def with_check_digit(nine_digits: str) -> str | None:
    """The full number for nine digits, or ``None`` when no check digit exists."""
    check = check_digit(nine_digits)
    return None if check is None else f"{nine_digits}{check}"


# SQL: ``digits`` is an expression giving ten digit characters.
def sql_digits(column: str) -> str:
    return f"replace(replace({column}, ' ', ''), '-', '')"


def sql_shape_ok(column: str) -> str:
    return f"regexp_full_match({column}, '{SHAPE}')"


def sql_check_fails(digits: str) -> str:
    total = " + ".join(
        f"{weight} * (ascii(substr({digits}, {i + 1}, 1)) - 48)" for i, weight in enumerate(WEIGHTS)
    )
    check = f"((11 - ({total}) % 11) % 11)"
    return f"({check} = 10 OR {check} <> ascii(substr({digits}, 10, 1)) - 48)"


def sql_placeholder(digits: str) -> str:
    return f"replace({digits}, substr({digits}, 1, 1), '') = ''"


def sql_outside_issued(digits: str) -> str:
    prefix = f"CAST(substr({digits}, 1, 3) AS INTEGER)"
    inside = " OR ".join(f"{prefix} BETWEEN {low} AND {high}" for low, high in ISSUED)
    return f"NOT ({inside})"
