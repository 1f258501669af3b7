"""Properties: a random valid table stays valid; a random planted error is always reported at
its row; the SQL NHS-number check agrees with the plain-Python one."""

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joinedup.specs import get_spec, nhs_number, validate

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
