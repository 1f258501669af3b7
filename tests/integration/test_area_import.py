"""Importing geography and population from CSV files with `joinedup import-areas` and
`joinedup import-population`: whole files or nothing, with every problem named by row and column."""

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from joinedup.audit.models import AuditEvent
from joinedup.cli import app
from joinedup.places.areas import AGE_BANDS
from joinedup.places.models import Area, AreaPopulation
from tests.factories import UserFactory

runner = CliRunner()
DATA = Path(__file__).parent.parent / "data"
HEADER = "code,name,parent_code\n"
NATIONAL = (
    "E92000001,England,\nE12000001,North East,E92000001\nE54000050,NHS Testshire ICB,E12000001\n"
)
POPULATION_HEADER = "area_code,year,sex,age_band,count\n"

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(username="installer", is_superuser=True, is_staff=True)


def write(tmp_path, text, name="file.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args):
    return runner.invoke(app, [*map(str, args), "--as", "installer"])


def parent_code(code):
    return Area.objects.select_related("parent").get(code=code).parent.code


def test_a_shuffled_file_builds_the_hierarchy_parents_first(admin, tmp_path):
    lines = (DATA / "areas-example.csv").read_text().splitlines()
    random.Random(7).shuffle(body := lines[1:])
    path = write(tmp_path, "\n".join([lines[0], *body]) + "\n")

    result = run("import-areas", path)

    assert result.exit_code == 0, result.output
    assert Area.objects.count() == 10
    chain = [a.code for a in Area.objects.get(code="E01000001").ancestors()]
    assert chain == ["E05000001", "E07000026", "E10000006", "E54000050", "E12000001", "E92000001"]
    assert parent_code("E05000002") == "E06000001"
    assert "Created 10 areas: 1 country, 1 region, 1 integrated care board area" in result.output
    assert "2 lower layer super output area" in result.output
    assert AuditEvent.objects.filter(actor=admin, action="create").count() == 10


def test_running_the_same_file_again_changes_nothing(admin):
    assert run("import-areas", DATA / "areas-example.csv").exit_code == 0
    events = AuditEvent.objects.count()

    result = run("import-areas", DATA / "areas-example.csv")

    assert result.exit_code == 0, result.output
    assert "Created 0 areas: none." in result.output
    assert "Skipped 10 already in joinedup with the same name and parent" in result.output
    assert AuditEvent.objects.count() == events and Area.objects.count() == 10


def test_parents_already_in_joinedup_and_attaching_to_a_place(admin, place, tmp_path):
    assert run("import-areas", write(tmp_path, HEADER + NATIONAL, "national.csv")).exit_code == 0
    county = (
        "E05000001,Vale Central,E07000026\nE07000026,Vale,E10000006\n"
        "E10000006,Testshire,E54000050\nE06000001,Hartside,E54000050\n"
    )

    result = run("import-areas", write(tmp_path, HEADER + county), "--place", "testshire")

    assert result.exit_code == 0, result.output
    assert sorted(place.areas.values_list("code", flat=True)) == ["E06000001", "E10000006"]
    assert "Testshire now includes E10000006, E06000001" in result.output
    change = AuditEvent.objects.get(object_repr="Testshire", action="update")
    assert change.actor == admin
    assert change.changes["areas"]["after"] == "E06000001, E10000006"
    events = AuditEvent.objects.count()
    assert (
        run("import-areas", write(tmp_path, HEADER + county), "--place", "testshire").exit_code == 0
    )
    assert AuditEvent.objects.count() == events


def test_every_mistake_is_named_by_row_and_column_and_nothing_is_created(admin, tmp_path):
    text = (
        HEADER
        + NATIONAL
        + (
            "E0500001,Short Code,E07000026\n"  # row 5: bad code shape
            "E07000026,Vale,E10000099\n"  # row 6: parent not in the file or joinedup
            "E05000002,Ward In A County,E10000006\n"  # row 7: a ward cannot sit in a county
            "E10000006,,E54000050\n"  # row 8: missing name
            "E12000001,North East Again,E92000001\n"  # row 9: duplicate code
            "E12000002,Nowhere,\n"  # row 10: a region needs a parent
        )
    )
    path = write(tmp_path, text)

    result = run("import-areas", path)

    assert result.exit_code == 1
    out = result.output
    assert f'{path}: row 5, column code: "E0500001" is not an ONS code' in out
    assert (
        f"{path}: row 6, column parent_code: there is no area E10000099 in this file or in joinedup"
    ) in out
    assert f"{path}: row 7, column parent_code: An electoral ward cannot sit inside a county" in out
    assert f"{path}: row 8, column name: the name is empty." in out
    assert f"{path}: row 9, column code: E12000001 is also on row 3." in out
    assert f"{path}: row 10, column parent_code: A region needs a parent: a country." in out
    assert "6 problems found; nothing was imported." in out
    assert not Area.objects.exists() and not AuditEvent.objects.exists()


def test_an_existing_area_with_other_details_is_not_renamed(admin, tmp_path):
    assert run("import-areas", write(tmp_path, HEADER + NATIONAL)).exit_code == 0
    renamed = NATIONAL.replace("North East,", "The North East,")

    result = run(
        "import-areas", write(tmp_path, HEADER + renamed + "E12000002,North West,E92000001\n")
    )

    assert result.exit_code == 1
    assert (
        "row 3, column name: E12000001 already exists as 'North East' in E92000001; "
        "joinedup does not rename or move areas on import."
    ) in result.output
    assert not Area.objects.filter(code="E12000002").exists()


def test_population_is_written_summed_and_replaced_on_reimport(admin):
    run("import-areas", DATA / "areas-example.csv")
    path = DATA / "population-example.csv"
    expected = sum(int(line.rsplit(",", 1)[1]) for line in path.read_text().splitlines()[1:])

    result = run("import-population", path)

    assert result.exit_code == 0, result.output
    cells = AreaPopulation.objects.filter(year=2022)
    assert cells.count() == 2 * 2 * len(AGE_BANDS)
    assert sum(cells.values_list("count", flat=True)) == expected
    assert f"Wrote 76 population cells for 2 area-years ({expected:,} people)." in result.output

    assert run("import-population", path).exit_code == 0
    assert cells.count() == 76 and sum(cells.values_list("count", flat=True)) == expected


def test_population_reimport_replaces_the_area_year(admin, tmp_path):
    run("import-areas", DATA / "areas-example.csv")
    first = POPULATION_HEADER + "E01000001,2022,F,0-4,10\nE01000001,2022,M,0-4,12\n"
    assert run("import-population", write(tmp_path, first)).exit_code == 0

    second = POPULATION_HEADER + "e01000001,2022,female,0-4,11\nE01000001,2021,Male,90+,3\n"
    result = run("import-population", write(tmp_path, second))

    assert result.exit_code == 0, result.output
    figures = set(AreaPopulation.objects.values_list("year", "sex", "age_band", "count"))
    assert figures == {(2022, "F", "0-4", 11), (2021, "M", "90+", 3)}


def test_bad_population_rows_are_named_and_nothing_is_written(admin, tmp_path):
    run("import-areas", DATA / "areas-example.csv")
    path = write(
        tmp_path,
        POPULATION_HEADER
        + "E01000001,2022,F,0-4,10\n"  # row 2: fine
        + "E01000001,2022,X,5-9,10\n"  # row 3: sex
        + "E01000001,2022,F,5-10,10\n"  # row 4: age band
        + "E01000001,2022,F,10-14,-3\n"  # row 5: negative
        + "E01000001,2022,F,15-19,many\n"  # row 6: not a number
        + "E01999999,2022,F,0-4,10\n"  # row 7: unknown area
        + "E01000001,2022,F,0-4,12\n"  # row 8: duplicate of row 2
        + "E01000001,last year,F,20-24,1\n",  # row 9: year
    )

    result = run("import-population", path)

    assert result.exit_code == 1
    out = result.output
    assert f"{path}: row 3, column sex: 'X' is not a sex: F, M, Female or Male." in out
    assert f"{path}: row 4, column age_band: '5-10' is not an age band" in out
    assert f"{path}: row 5, column count: -3 is not a count of people" in out
    assert f"{path}: row 6, column count: 'many' is not a whole number." in out
    assert f"{path}: row 7, column area_code: there is no area E01999999 in joinedup" in out
    assert f"{path}: row 8, column age_band: E01000001 2022 F 0-4 is also on row 2" in out
    assert f"{path}: row 9, column year: 'last year' is not a year" in out
    assert "7 problems found; nothing was imported." in out
    assert not AreaPopulation.objects.exists()


def test_only_the_first_fifty_problems_are_shown(admin, tmp_path):
    rows = "".join(f"E01999999,2022,F,{band},1\n" for band in AGE_BANDS) * 3
    result = run("import-population", write(tmp_path, POPULATION_HEADER + rows))
    assert result.exit_code == 1
    assert "... and 7 more problems." in result.output
    assert "57 problems found" in result.output


@pytest.mark.parametrize("command", ["import-areas", "import-population"])
def test_missing_columns_are_named_with_the_columns_found(admin, tmp_path, command):
    path = write(tmp_path, "Code,Title\nE92000001,England\n")
    result = run(command, path)
    assert result.exit_code == 1
    expected = (
        "parent_code" if command == "import-areas" else "area_code, year, sex, age_band, count"
    )
    assert f"{path}: row 1: missing column" in result.output
    assert f" {expected}; the header has code, title;" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty; expected a header row: code,name,parent_code."),
        (b"\n \n", "the file is empty"),
        (b"code,name,parent_code\n", "there are no rows below the header."),
        (
            b"code,name,parent_code\nE92000001,Engl\xe6nd,\n",
            "row 2: the file is not UTF-8 text (byte 37 cannot be read)",
        ),
    ],
)
def test_unreadable_files_get_a_clear_error(admin, tmp_path, content, message):
    path = tmp_path / "areas.csv"
    path.write_bytes(content)
    result = run("import-areas", path)
    assert result.exit_code == 1
    assert f"{path}: {message}" in result.output
    assert not Area.objects.exists()


def test_a_byte_order_mark_and_extra_columns_are_fine(admin, tmp_path):
    path = tmp_path / "areas.csv"
    path.write_bytes("\ufeffcode,name,parent_code,notes\nE92000001,England,,x\n".encode())
    result = run("import-areas", path)
    assert result.exit_code == 0, result.output
    assert Area.objects.get().name == "England"


def test_only_an_installation_administrator_may_import(tmp_path, county_editor):
    UserFactory(username="installer", is_superuser=False)
    path = write(tmp_path, HEADER + NATIONAL)
    result = run("import-areas", path)
    assert result.exit_code == 1
    assert "installer is not an installation administrator" in result.output
    result = runner.invoke(app, ["import-population", str(path), "--as", "nobody"])
    assert result.exit_code == 1 and "There is no user 'nobody'." in result.output
    assert not Area.objects.exists()


def test_a_missing_file_or_place_is_named(admin, tmp_path):
    result = run("import-areas", tmp_path / "nowhere.csv")
    assert result.exit_code == 1
    assert f"{tmp_path / 'nowhere.csv'}: cannot read the file: No such file" in result.output
    path = write(tmp_path, HEADER + NATIONAL)
    result = run("import-areas", path, "--place", "atlantis")
    assert result.exit_code == 1 and "no place with the short name 'atlantis'" in result.output
    assert not Area.objects.exists()
