"""The shipped asc-cld specification on realistic synthetic records: clean passes, planted
errors are found at their rows, and probable duplicates of a person are named."""

import csv

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from joinedup.specs import get_spec, validate

from .builders import HEADER, PLANTED, asc_cld_rows, write_csv
from .conftest import SAMPLE


@pytest.fixture(scope="module")
def spec():
    return get_spec("asc-cld")


def test_the_sample_file_is_clean(spec):
    with validate(SAMPLE, spec) as result:
        assert result.rows >= 36
        assert result.problems() == []


def test_every_planted_error_is_found_at_its_row(tmp_path, spec):
    rows = asc_cld_rows(seed=11, people=30)
    expected = set()
    for number, (spoil, field, rule) in enumerate(PLANTED.values()):
        index = 3 * number + 1
        spoil(rows[index])
        expected.add((index + 2, field, rule))
    path = write_csv(rows, tmp_path / "planted.csv")
    with validate(path, spec) as result:
        found = {(p.row, p.field, p.rule) for p in result.problems()}
        assert not result.ok
    assert expected <= found


def test_release_1_values_are_warnings_so_such_files_still_pass(tmp_path, spec):
    rows = asc_cld_rows(seed=3, people=5)
    service = next(i for i, row in enumerate(rows) if row["Event_Type"] == "Service")
    rows[service]["Service_Type"] = "Short Term Support: ST-Max"
    rows[service]["Service_Component"] = "Reablement"
    path = write_csv(rows, tmp_path / "r1.csv")
    with validate(path, spec) as result:
        (problem,) = result.problems()
        assert result.ok
    assert (problem.row, problem.rule, problem.severity) == (
        service + 2,
        "Service_Type:deprecated",
        "warning",
    )
    assert "Use 'Short term support: ST-Max'" in problem.message


def test_the_submission_headers_with_spaces_are_accepted(tmp_path, spec):
    titles = {f.name: f.title for f in spec.fields}
    with SAMPLE.open(encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    spaced = [titles.get(name, "Cost Frequency (Unit Type)") for name in lines[0]]
    path = tmp_path / "spaced.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([spaced, *lines[1:]])
    with validate(path, spec) as result:
        assert result.problems() == []
        assert result.written("Service_Type") == "Service Type"


def test_same_nhs_number_with_other_details_is_a_probable_duplicate(tmp_path, spec):
    rows = asc_cld_rows(seed=5, people=6)
    first_of = {}
    for index, row in enumerate(rows):
        first_of.setdefault(row["LA_Person_Unique_Identifier"], index)
    a, b = list(first_of.values())[:2]
    for row in rows:
        if row["LA_Person_Unique_Identifier"] == rows[b]["LA_Person_Unique_Identifier"]:
            row["NHS_Number"] = rows[a]["NHS_Number"]
    path = write_csv(rows, tmp_path / "dupe.csv")
    with validate(path, spec) as result:
        found = [p for p in result.problems() if p.rule == "person-same-nhs-number"]
    assert [p.row for p in found] == [b + 2]
    assert f"at row {a + 2}" in found[0].message


def test_same_details_with_other_identifiers_is_a_probable_duplicate(tmp_path, spec):
    rows = asc_cld_rows(seed=5, people=6)
    twin = dict(rows[0]) | {"LA_Person_Unique_Identifier": "OTHER-1", "Event_Reference": "X"}
    rows.append(twin)
    path = write_csv(rows, tmp_path / "twin.csv")
    with validate(path, spec) as result:
        found = [(p.row, p.rule) for p in result.problems()]
    assert (len(rows) + 1, "person-same-details") in found
    assert (len(rows) + 1, "person-same-nhs-number") in found


def test_people_are_checked_against_earlier_accepted_data(tmp_path, spec):
    earlier_rows = asc_cld_rows(seed=21, people=5)
    table = pa.table(
        {
            name: [row.get(name) or None for row in earlier_rows]
            for name in [f.name for f in spec.fields if f.name in HEADER]
        }
    )
    earlier = tmp_path / "accepted.parquet"
    pq.write_table(table, earlier)
    rows = asc_cld_rows(seed=22, people=4)
    reused = earlier_rows[0]["NHS_Number"]
    for row in rows:
        if row["LA_Person_Unique_Identifier"] == rows[0]["LA_Person_Unique_Identifier"]:
            row["NHS_Number"] = reused
    path = write_csv(rows, tmp_path / "new.csv")
    with validate(path, spec, earlier=earlier) as result:
        found = [p for p in result.problems() if p.rule == "earlier-same-nhs-number"]
    assert [p.row for p in found] == [2]
    assert "LA_Code + LA_Person_Unique_Identifier" in found[0].message
