"""Properties: a random valid table stays valid; a random planted error is always reported at
its row; the SQL NHS-number check agrees with the plain-Python one; the day-count screen of a
comparison with years added lets every failing row through."""

import datetime as dt

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joinedup.specs import get_spec, nhs_number, rules, validate

from .builders import PLANTED, asc_cld_rows, write_csv

SETTINGS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(seed=st.integers(0, 10_000), people=st.integers(1, 12))
def test_a_random_valid_table_stays_valid(tmp_path_factory, seed, people):
    path = write_csv(asc_cld_rows(seed, people), tmp_path_factory.mktemp("valid") / "f.csv")
    with validate(path, get_spec("asc-cld")) as result:
        assert result.problems() == []


@SETTINGS
@given(
    seed=st.integers(0, 10_000),
    people=st.integers(1, 12),
    kind=st.sampled_from(sorted(PLANTED)),
    where=st.floats(0, 1, exclude_max=True),
)
def test_a_random_planted_error_is_reported_at_its_row(tmp_path_factory, seed, people, kind, where):
    rows = asc_cld_rows(seed, people)
    index = int(where * len(rows))
    spoil, field, rule = PLANTED[kind]
    spoil(rows[index])
    path = write_csv(rows, tmp_path_factory.mktemp("planted") / "f.csv")
    with validate(path, get_spec("asc-cld")) as result:
        found = {(p.row, p.field, p.rule) for p in result.problems()}
    assert (index + 2, field, rule) in found


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[0-9]{10}", fullmatch=True))
def test_the_sql_check_digit_agrees_with_the_python_one(number):
    fails, placeholder = duckdb.execute(
        f"SELECT {nhs_number.sql_check_fails('d')}, {nhs_number.sql_placeholder('d')} "
        "FROM (SELECT CAST(? AS BIGINT) AS d)",
        [number],
    ).fetchone()
    assert (not fails) == nhs_number.passes_check(number)
    assert placeholder == nhs_number.is_placeholder(number)


@settings(max_examples=300, deadline=None)
@given(
    left=st.dates(dt.date(1700, 1, 1), dt.date(2300, 12, 31)),
    right=st.dates(dt.date(1700, 1, 1), dt.date(2300, 12, 31)),
    years=st.integers(-200, 200),
    op=st.sampled_from(["<", "<=", ">=", ">", "<>"]),
    near=st.integers(-4, 4),
)
def test_the_day_count_screen_lets_through_every_row_the_shifted_comparison_fails(
    left, right, years, op, near
):
    # Half the examples put left within days of right + years, where a wrong bound would
    # show; the screen must be true wherever the exact calendar comparison fails.
    shifted = duckdb.execute(
        "SELECT CAST(? + INTERVAL (?) YEAR AS DATE)", [right, years]
    ).fetchone()[0]
    for candidate in (left, shifted + dt.timedelta(days=near)):
        screen = rules._shifted_screen("l", "r", op, years)
        fails, screened = duckdb.execute(
            f"SELECT NOT (l {op} (r + INTERVAL ({years}) YEAR)), {screen} "
            "FROM (SELECT CAST(? AS DATE) AS l, CAST(? AS DATE) AS r)",
            [candidate, right],
        ).fetchone()
        assert screened or not fails
