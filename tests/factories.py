"""Test data factories. They write models directly, for arranging tests quickly; the code
under test always goes through the actions."""

import factory
from django.contrib.auth import get_user_model

from joinedup.accounts.models import Membership, Role
from joinedup.partnerships.models import (
    Mechanism,
    Partnership,
    PartnershipClientGroup,
    PartnershipMember,
    Visibility,
)
from joinedup.places.choices import ClientGroup, OrganisationKind, Sector
from joinedup.places.models import Organisation, OrganisationSector, Place

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.COUNTY_COUNCIL

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        for sector in extracted or [Sector.ADULT_SOCIAL_CARE]:
            OrganisationSector.objects.create(organisation=obj, sector=sector)


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Place {n}")
    slug = factory.Sequence(lambda n: f"place-{n}")

    @factory.post_generation
    def organisations(obj, create, extracted, **kwargs):
        if extracted:
            obj.organisations.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.VIEWER


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Partnership {n}")
    purpose = "Working together for older people."
    visibility = Visibility.PLACE

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        for organisation, role in extracted or []:
            PartnershipMember.objects.create(partnership=obj, organisation=organisation, role=role)

    @factory.post_generation
    def client_groups(obj, create, extracted, **kwargs):
        for group in extracted or [ClientGroup.OLDER_PEOPLE]:
            PartnershipClientGroup.objects.create(partnership=obj, client_group=group)

    @factory.post_generation
    def mechanisms(obj, create, extracted, **kwargs):
        for kind in extracted or []:
            Mechanism.objects.create(partnership=obj, kind=kind)


def member(organisation, role=Role.VIEWER, **user_fields):
    """A user who belongs to the organisation with the role."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user
