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
