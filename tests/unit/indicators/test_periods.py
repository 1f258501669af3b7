"""Periods: financial and calendar years, rolling three years, and their labels."""

import datetime

from joinedup.indicators.model import Period, PeriodKind
from joinedup.indicators.periods import window


def test_a_financial_year_runs_april_to_march_with_the_mid_year_population_of_its_start():
    fy = window(Period(PeriodKind.FINANCIAL_YEAR, 1), 2024)
    assert fy.label == "2024/25"
    assert (fy.start, fy.end) == (datetime.date(2024, 4, 1), datetime.date(2025, 4, 1))
    assert fy.population_years == (2024,)


def test_a_rolling_three_year_period_pools_three_years_of_population():
    rolling = window(Period(PeriodKind.CALENDAR_YEAR, 3), 2024)
    assert rolling.label == "2022 - 24"
    assert (rolling.start, rolling.end) == (datetime.date(2022, 1, 1), datetime.date(2025, 1, 1))
    assert rolling.population_years == (2022, 2023, 2024)
    assert window(Period(PeriodKind.FINANCIAL_YEAR, 3), 2024).label == "2022/23 - 24/25"
