"""Reporting periods: financial years (April to March) and their quarters.

>>> parse("2025-26")
Period(key='2025-26', start=datetime.date(2025, 4, 1), end=datetime.date(2026, 3, 31))
>>> parse("2025-26 Q3").start
datetime.date(2025, 10, 1)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_KEY = re.compile(r"^(\d{4})-(\d{2})(?: Q([1-4]))?$")


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        year, _, quarter = self.key.partition(" ")
        words = f"financial year {year}"
        if quarter:
            return f"{quarter} of {words} ({self.start:%B} to {self.end:%B %Y})"
        return words.capitalize()


def parse(key: str) -> Period:
    match = _KEY.match(key.strip())
    if not match or int(match[2]) != (int(match[1]) + 1) % 100:
        raise ValueError(
            f"{key!r} is not a financial year like 2025-26 or a quarter like 2025-26 Q1."
        )
    first = int(match[1])
    if not match[3]:
        return Period(key.strip(), dt.date(first, 4, 1), dt.date(first + 1, 3, 31))
    quarter = int(match[3])
    month = 4 + 3 * (quarter - 1)
    year = first + (month > 12)
    month = (month - 1) % 12 + 1
    start = dt.date(year, month, 1)
    following = dt.date(year + (month + 3 > 12), (month + 2) % 12 + 1, 1)
    return Period(key.strip(), start, following - dt.timedelta(days=1))


def recent(today: dt.date, years: int = 4) -> list[Period]:
    """The financial years up to the current one, newest first, each followed by its quarters."""
    current = today.year if today.month >= 4 else today.year - 1
    periods = []
    for first in range(current, current - years, -1):
        key = f"{first}-{(first + 1) % 100:02d}"
        periods.append(parse(key))
        periods.extend(parse(f"{key} Q{q}") for q in range(1, 5))
    return periods
