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


# SQL. Text is only shape-checked; the arithmetic is on the number as a BIGINT (``number``),
# computed once per row, which is many times faster than taking the text apart digit by digit.
def sql_digits(column: str) -> str:
    return f"replace(replace({column}, ' ', ''), '-', '')"


def sql_number(column: str) -> str:
    """The ten digits of a text column as a BIGINT (NULL if they are not digits)."""
    return f"TRY_CAST({sql_digits(column)} AS BIGINT)"


def sql_shaped_number(column: str) -> str:
    """:func:`sql_number` for the rows whose text :func:`sql_shape_ok` passes (any value for
    the others, so only behind that test): ten characters of such a text are ten digits,
    cast as they are, without the two replaces (half the cost on a column of plain digits).
    """
    return (
        f"CASE WHEN strlen({column}) = 10 THEN TRY_CAST({column} AS BIGINT) "
        f"ELSE {sql_number(column)} END"
    )


def sql_shape_ok(column: str) -> str:
    return f"regexp_full_match({column}, '{SHAPE}')"


def sql_check_fails(number: str) -> str:
    """True where the ten digits of ``number`` fail the Modulus 11 check.

    The check digit d10 is (-S) mod 11 for S = 10*d1 + 9*d2 + ... + 2*d9, and a remainder of
    10 has no digit, so a number passes exactly when S + d10 is a multiple of 11. With the
    leading digits P_i = floor(number / 10^(10 - i)), that sum is
    number - (80*P_1 + 71*P_2 + ... + 8*P_9): nine divisions, not eighteen, and in DOUBLE,
    where they cost a third as much as in BIGINT. Every step is exact: the quotients are
    below 10^10 and the sum below 10^12, far inside a double's 2^53.
    """
    leading = " + ".join(
        f"{89 - 9 * i} * floor({number} / {float(10 ** (10 - i))!r})" for i in range(1, 10)
    )
    return f"(CAST({number} - ({leading}) AS BIGINT) % 11 <> 0)"


def sql_placeholder(number: str) -> str:
    # dddddddddd is d times 1111111111.
    return f"({number} % 1111111111 = 0)"


def sql_outside_issued(number: str) -> str:
    prefix = f"({number} // 10000000)"
    inside = " OR ".join(f"{prefix} BETWEEN {low} AND {high}" for low, high in ISSUED)
    return f"NOT ({inside})"
