"""Every role against every permission, and who sees which partnership."""

import pytest

from joinedup.accounts.models import Role
from joinedup.accounts.permissions import ROLE_PERMISSIONS, Permission, has_permission
from joinedup.partnerships.models import PartnerRole, Partnership, Visibility
from joinedup.places.models import Place
from tests.factories import OrganisationFactory, PartnershipFactory, PlaceFactory, member

EXPECTED = {
    Role.VIEWER: {Permission.VIEW_PLACE},
    Role.EDITOR: set(Permission) - {Permission.MANAGE_USERS, Permission.SEE_RECORD_LEVEL_DATA},
    Role.ADMIN: set(Permission) - {Permission.SEE_RECORD_LEVEL_DATA},
    # Analysts see every organisation's record-level data in the place, and change no register.
    Role.ANALYST: {Permission.VIEW_PLACE, Permission.SUBMIT_DATA, Permission.SEE_RECORD_LEVEL_DATA},
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("permission", list(Permission))
def test_role_grants_exactly_its_permissions(db, role, permission):
    organisation = OrganisationFactory()
    user = member(organisation, role)
    granted = has_permission(user, permission, organisation=organisation)
    assert granted == (permission in EXPECTED[role])
    assert (permission in ROLE_PERMISSIONS[role]) == granted


def test_a_role_in_one_organisation_grants_nothing_in_another(db):
    mine, theirs = OrganisationFactory(), OrganisationFactory()
    user = member(mine, Role.ADMIN)
    for permission in Permission:
        assert not has_permission(user, permission, organisation=theirs)


def test_editors_of_a_partner_change_the_partnership_and_others_do_not(
    place, county, district, trust, county_editor, county_viewer, district_editor, trust_editor
):
    partnership = PartnershipFactory(
        place=place, partners=[(county, PartnerRole.LEAD), (trust, PartnerRole.PARTNER)]
    )
    assert has_permission(county_editor, Permission.EDIT_PARTNERSHIP, partnership=partnership)
    assert has_permission(trust_editor, Permission.EDIT_PARTNERSHIP, partnership=partnership)
    assert not has_permission(county_viewer, Permission.EDIT_PARTNERSHIP, partnership=partnership)
    assert not has_permission(district_editor, Permission.EDIT_PARTNERSHIP, partnership=partnership)


def test_inactive_users_hold_no_permission(county, county_admin):
    county_admin.is_active = False
    county_admin.save()
    assert not has_permission(county_admin, Permission.VIEW_PLACE, organisation=county)


def test_users_see_their_places_open_partnerships_and_their_own_private_ones(
    place, county, district, trust, county_viewer, district_editor
):
    open_one = PartnershipFactory(
        place=place, partners=[(county, PartnerRole.LEAD), (trust, PartnerRole.PARTNER)]
    )
    private_to_county = PartnershipFactory(
        place=place,
        visibility=Visibility.PARTNERS,
        partners=[(county, PartnerRole.LEAD), (trust, PartnerRole.PARTNER)],
    )
    elsewhere = PartnershipFactory(
        place=PlaceFactory(organisations=[OrganisationFactory()]),
        partners=[],
    )

    assert set(Partnership.objects.visible_to(county_viewer)) == {open_one, private_to_county}
    assert set(Partnership.objects.visible_to(district_editor)) == {open_one}
    assert elsewhere not in Partnership.objects.visible_to(county_viewer)
    assert list(Place.objects.visible_to(district_editor)) == [place]


def test_anonymous_users_see_nothing(place, county, trust):
    from django.contrib.auth.models import AnonymousUser

    PartnershipFactory(place=place, partners=[(county, "lead"), (trust, "partner")])
    assert not Partnership.objects.visible_to(AnonymousUser()).exists()
    assert not Place.objects.visible_to(AnonymousUser()).exists()
