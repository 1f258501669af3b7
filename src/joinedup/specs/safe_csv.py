"""Spreadsheet formula injection: a downloaded cell must never run as a formula.

A cell that starts with = + - @, a tab or a carriage return is prefixed with a single quote,
which spreadsheets show as text (OWASP's advice for CSV injection). Applied to every download
of user data: the errors CSV and the quality report CSV.
"""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The cell as it may be written to a CSV a person will open.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("Male"), safe_cell(3)
    ('\\'=HYPERLINK("http://x")', 'Male', 3)
    """
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def sql_safe(expression: str) -> str:
    """The same rule as a DuckDB expression over a text column."""
    return (
        f"CASE WHEN regexp_matches({expression}, '^[=+\\-@\\t\\r]') "
        f"THEN '''' || {expression} ELSE {expression} END"
    )
