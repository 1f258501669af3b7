"""The `joinedup` command as a user types it."""

import pytest
from typer.testing import CliRunner

from joinedup.accounts.models import Membership
from joinedup.cli import app

runner = CliRunner()


def test_help_explains_each_command_in_a_line():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "demo", "createuser", "check", "migrate"):
        assert command in result.output


@pytest.mark.django_db
def test_createuser_adds_a_member_with_a_role(county):
    result = runner.invoke(
        app,
        ["createuser", "new.editor", "--organisation", county.name, "--role", "editor"],
        env={"JOINEDUP_PASSWORD": "a-long-passphrase-1"},
    )
    assert result.exit_code == 0, result.output
    membership = Membership.objects.get(user__username="new.editor")
    assert membership.organisation == county and membership.role == "editor"
    assert membership.user.check_password("a-long-passphrase-1")


@pytest.mark.django_db
def test_createuser_names_what_is_wrong_and_creates_nothing(county):
    from django.contrib.auth import get_user_model

    result = runner.invoke(
        app,
        ["createuser", "x", "--organisation", "No Such Council", "--role", "editor"],
        env={"JOINEDUP_PASSWORD": "a-long-passphrase-1"},
    )
    assert result.exit_code == 1
    assert "No single organisation has the code or name 'No Such Council'" in result.output
    assert not get_user_model().objects.filter(username="x").exists()
    result = runner.invoke(
        app, ["createuser", "y", "--role", "boss"], env={"JOINEDUP_PASSWORD": "a-long-passphrase-1"}
    )
    assert result.exit_code == 1 and "--role must be one of viewer, editor, admin" in result.output


@pytest.mark.django_db
def test_check_reports_a_healthy_installation():
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert "All checks passed" in result.output


@pytest.mark.django_db
def test_a_new_installation_is_set_up_from_the_command_line(tmp_path):
    """From nothing to a place with an organisation and its admin, without the Django admin."""
    from joinedup.places.models import Place

    password = {"JOINEDUP_PASSWORD": "a-long-passphrase-1"}
    assert (
        runner.invoke(app, ["createuser", "installer", "--superuser"], env=password).exit_code == 0
    )
    areas = tmp_path / "areas.csv"
    areas.write_text(
        "code,name,parent_code\n"
        "E92000001,England,\n"
        "E12000001,North East,E92000001\n"
        "E54000050,North East ICB,E12000001\n"
        "E06000047,County Durham,E54000050\n"
    )
    result = runner.invoke(app, ["import-areas", str(areas), "--as", "installer"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app,
        ["create-place", "Durham", "--slug", "durham", "--area", "E06000047", "--as", "installer"],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app,
        [
            "add-organisation",
            "durham",
            "Durham County Council",
            "--kind",
            "unitary_council",
            "--sector",
            "adult_social_care",
            "--sector",
            "housing",
            "--code",
            "E06000047",
            "--as",
            "installer",
        ],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app,
        ["createuser", "dcc.admin", "--organisation", "E06000047", "--role", "admin"],
        env=password,
    )
    assert result.exit_code == 0, result.output
    place = Place.objects.get(slug="durham")
    assert [a.code for a in place.areas.all()] == ["E06000047"]
    organisation = place.organisations.get()
    assert organisation.sectors == ["adult_social_care", "housing"]
    assert organisation.memberships.get().user.username == "dcc.admin"


@pytest.mark.django_db
def test_setup_commands_refuse_bad_input_with_the_reason():
    password = {"JOINEDUP_PASSWORD": "a-long-passphrase-1"}
    runner.invoke(app, ["createuser", "installer", "--superuser"], env=password)
    runner.invoke(app, ["createuser", "someone"], env=password)
    result = runner.invoke(app, ["create-place", "X", "--slug", "x", "--as", "someone"])
    assert result.exit_code == 1 and "not an installation administrator" in result.output
    result = runner.invoke(
        app, ["create-place", "X", "--slug", "x", "--area", "E06000099", "--as", "installer"]
    )
    assert result.exit_code == 1 and "No such area: E06000099" in result.output
    result = runner.invoke(
        app, ["add-organisation", "nowhere", "Y", "--kind", "icb", "--as", "installer"]
    )
    assert result.exit_code == 1 and "There is no place 'nowhere'" in result.output
    result = runner.invoke(
        app, ["add-organisation", "nowhere", "Y", "--kind", "hospital", "--as", "installer"]
    )
    assert result.exit_code == 1 and "--kind must be one of" in result.output
