"""Property test: for random organisations, memberships and partnerships across two places,
the database's idea of who may see and change a partnership agrees with a plain-Python
statement of the rule (the oracle)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from joinedup.accounts.models import Membership, Role
from joinedup.accounts.permissions import Permission, has_permission
from joinedup.partnerships.models import Partnership, PartnershipMember, Visibility
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory

ORGANISATIONS = 5  # organisations 0-2 are in place A, 2-4 in place B (2 is in both)
USERS = 4
PLACE_OF = {0: {"A"}, 1: {"A"}, 2: {"A", "B"}, 3: {"B"}, 4: {"B"}}

memberships = st.dictionaries(
    st.tuples(st.integers(0, USERS - 1), st.integers(0, ORGANISATIONS - 1)),
    st.sampled_from(list(Role)),
    max_size=10,
)
partnerships = st.lists(
    st.tuples(
        st.sampled_from(["A", "B"]),
        st.sampled_from(list(Visibility)),
        st.sets(st.integers(0, ORGANISATIONS - 1), max_size=4),
    ),
    min_size=1,
    max_size=6,
)


def oracle_sees(user_orgs: dict[int, Role], place: str, visibility, partners: set[int]) -> bool:
    in_place = any(place in PLACE_OF[o] for o in user_orgs)
    return in_place and (visibility == Visibility.PLACE or bool(partners & set(user_orgs)))


def oracle_edits(user_orgs: dict[int, Role], partners: set[int]) -> bool:
    return any(user_orgs.get(o) in (Role.EDITOR, Role.ADMIN) for o in partners)


class VisibilityMatchesTheRule(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(memberships=memberships, partnerships=partnerships)
    def test_visible_to_and_edit_permission_agree_with_the_oracle(self, memberships, partnerships):
        organisations = [OrganisationFactory() for _ in range(ORGANISATIONS)]
        places = {
            name: PlaceFactory(
                organisations=[organisations[o] for o, ps in PLACE_OF.items() if name in ps]
            )
            for name in ("A", "B")
        }
        users = [UserFactory() for _ in range(USERS)]
        for (u, o), role in memberships.items():
            Membership.objects.create(user=users[u], organisation=organisations[o], role=role)
        created = []
        for place, visibility, partners in partnerships:
            partnership = Partnership.objects.create(
                place=places[place], name="P", purpose="p", visibility=visibility
            )
            for o in partners:
                PartnershipMember.objects.create(
                    partnership=partnership, organisation=organisations[o]
                )
            created.append((partnership, place, visibility, partners))

        for u, user in enumerate(users):
            user_orgs = {o: role for (uu, o), role in memberships.items() if uu == u}
            visible = set(Partnership.objects.visible_to(user))
            for partnership, place, visibility, partners in created:
                assert (partnership in visible) == oracle_sees(
                    user_orgs, place, visibility, partners
                )
                assert has_permission(
                    user, Permission.EDIT_PARTNERSHIP, partnership=partnership
                ) == oracle_edits(user_orgs, partners)
