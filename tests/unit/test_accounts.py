import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from joinedup.accounts import actions
from joinedup.accounts.models import Membership, Role
from joinedup.accounts.permissions import Permission, has_permission
from joinedup.audit.trail import history
from joinedup.config.settings import base
from tests.factories import UserFactory


def test_production_hashes_passwords_with_argon2():
    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_create_user_stores_an_argon2_hash_and_audits(db):
    user = actions.create_user(
        by=None, username="new.person", email="new@example.org", password="a-long-passphrase-1"
    )
    assert user.password.startswith("argon2$")
    assert user.check_password("a-long-passphrase-1")
    assert history(user)[0].action == "create"


def test_create_user_refuses_weak_passwords_and_taken_names(db):
    with pytest.raises(ValidationError, match="too short"):
        actions.create_user(by=None, username="a", email="", password="short")
    UserFactory(username="taken")
    with pytest.raises(ValidationError, match="already taken"):
        actions.create_user(by=None, username="TAKEN", email="", password="a-long-passphrase-1")


def test_admins_add_people_and_change_roles(county, county_admin):
    person = UserFactory()
    membership = actions.add_member(
        by=county_admin, organisation=county, user=person, role=Role.VIEWER
    )
    assert not has_permission(person, Permission.EDIT_ORGANISATION, organisation=county)
    actions.change_role(membership, by=county_admin, role=Role.EDITOR)
    assert has_permission(person, Permission.EDIT_ORGANISATION, organisation=county)
    assert [e.action for e in history(membership)] == ["update", "create"]


def test_editors_cannot_manage_people(county, county_editor):
    with pytest.raises(PermissionDenied):
        actions.add_member(by=county_editor, organisation=county, user=UserFactory(), role="admin")


def test_the_last_admin_cannot_be_removed_or_demoted(county, county_admin):
    membership = Membership.objects.get(user=county_admin)
    with pytest.raises(ValidationError, match="at least one admin"):
        actions.change_role(membership, by=county_admin, role=Role.VIEWER)
    with pytest.raises(ValidationError, match="at least one admin"):
        actions.remove_member(membership, by=county_admin)
    assert Membership.objects.filter(pk=membership.pk, role=Role.ADMIN).exists()
