"""`joinedup submit` sends a file as the web page does; `joinedup import-postcodes` fills the
lookup that places records in LSOAs."""

import pytest
from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.store.postcodes import lookup_path
from joinedup.submissions import files
from joinedup.submissions.models import Status, Submission

from .conftest import SAMPLE, with_errors

runner = CliRunner()


@pytest.fixture
def coded_county(county):
    county.code = "E10000034"
    county.save()
    return county


def submit(*args):
    return runner.invoke(
        app,
        [
            "submit",
            *args,
            "--spec",
            "asc-cld",
            "--organisation",
            "E10000034",
            "--period",
            "2025-26",
        ],
    )


@pytest.mark.django_db
def test_a_clean_file_is_accepted_and_exits_0(coded_county, county_editor):
    result = submit(str(SAMPLE), "--as", county_editor.username, "--now")
    assert result.exit_code == 0, result.output
    assert "Accepted: 40 records are in use" in result.output
    assert Submission.objects.get().status == Status.IN_USE


@pytest.mark.django_db
def test_a_file_with_errors_exits_1_and_loads_nothing(coded_county, county_editor, tmp_path):
    faulty = tmp_path / "faulty.csv"
    faulty.write_bytes(with_errors())
    result = submit(str(faulty), "--as", county_editor.username, "--now")
    assert result.exit_code == 1, result.output
    assert "Not accepted:" in result.output and "Nothing was loaded" in result.output
    assert not (files.store_dir() / "asc-cld" / "manifest.json").exists()


@pytest.mark.django_db
def test_an_unusable_file_exits_2_and_keeps_nothing(coded_county, county_editor, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = submit(str(empty), "--as", county_editor.username)
    assert result.exit_code == 2
    assert "empty.csv is empty" in result.output
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_someone_without_the_right_is_refused(coded_county, county_viewer):
    result = submit(str(SAMPLE), "--as", county_viewer.username)
    assert result.exit_code == 1
    assert "You do not send data for Testshire County Council" in result.output
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_without_now_the_file_waits_for_the_worker(coded_county, county_editor, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    result = submit(str(SAMPLE), "--as", county_editor.username)
    assert result.exit_code == 0, result.output
    assert "Its checks are queued" in result.output
    assert Submission.objects.get().status == Status.WAITING


@pytest.mark.django_db
def test_import_postcodes_reads_an_ons_extract(tmp_path):
    extract = tmp_path / "onspd.csv"
    extract.write_text("pcd,pcds,lsoa21cd,oa21cd\nNE639YH,NE63 9YH,E01027392,E00000001\n")
    result = runner.invoke(app, ["import-postcodes", str(extract)])
    assert result.exit_code == 0, result.output
    assert "The postcode lookup now has 1 postcode." in result.output
    assert lookup_path(files.store_dir()).exists()


@pytest.mark.django_db
def test_import_postcodes_names_the_row_and_column_of_a_bad_code(tmp_path):
    extract = tmp_path / "onspd.csv"
    extract.write_text("pcds,lsoa21cd\nNE63 9YH,E01027392\nNE63 9YJ,E0102739\n")
    result = runner.invoke(app, ["import-postcodes", str(extract)])
    assert result.exit_code == 1
    assert f"{extract}: row 3, column lsoa21cd: 'E0102739' is not an LSOA code" in result.output
    assert not lookup_path(files.store_dir()).exists()
