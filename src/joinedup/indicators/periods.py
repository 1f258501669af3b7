"""Which rows fall in a period, and how the period is labelled in results.

A period is named by its last year: calendar year 2024, or financial year 2024/25 (named by the
year it starts in, 2024). A rolling three-year period ending there covers that year and the two
before it. Mid-year population estimates count for the period that starts in their year
(mid-2024 for 2024 and for 2024/25), summed over three years for a rolling period.
"""

import datetime
from dataclasses import dataclass

from .model import Period, PeriodKind


@dataclass(frozen=True)
class Window:
    """One period made concrete: its dates, its population years and its label."""

    label: str
    start: datetime.date  # inclusive
    end: datetime.date  # exclusive
    population_years: tuple[int, ...]


def window(period: Period, last_year: int) -> Window:
    """The window of ``period`` that ends with ``last_year``.

    >>> window(Period(PeriodKind.FINANCIAL_YEAR, 3), 2024).label
    '2022/23 - 24/25'
    """
    first_year = last_year - period.years + 1
    month = 4 if period.kind is PeriodKind.FINANCIAL_YEAR else 1
    return Window(
        label=_label(period.kind, first_year, last_year),
        start=datetime.date(first_year, month, 1),
        end=datetime.date(last_year + 1, month, 1),
        population_years=tuple(range(first_year, last_year + 1)),
    )


def _label(kind: PeriodKind, first_year: int, last_year: int) -> str:
    def one(year: int, short: bool) -> str:
        if kind is PeriodKind.CALENDAR_YEAR:
            return f"{year % 100:02d}" if short else str(year)
        start = f"{year % 100:02d}" if short else str(year)
        return f"{start}/{(year + 1) % 100:02d}"

    if first_year == last_year:
        return one(last_year, short=False)
    return f"{one(first_year, short=False)} - {one(last_year, short=True)}"
