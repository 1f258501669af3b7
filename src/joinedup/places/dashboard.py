"""Figures for a place's dashboard, counted from the partnerships the viewer may see.

Counting only what the viewer may see keeps private partnerships private: the dashboard of
a user outside a private partnership is the dashboard of a place without it.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count

from joinedup.partnerships.models import (
    Mechanism,
    MechanismKind,
    Partnership,
    PartnershipClientGroup,
    PartnershipMember,
)

from .choices import NHS_KINDS, ClientGroup, Sector
from .models import OrganisationSector, Place


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    of: int = 0  # the denominator, where the row is a share

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.of) if self.of else 0


def _counts(model, field: str, choices, partnerships) -> list[Row]:
    counted = dict(
        model.objects.filter(partnership__in=partnerships)
        .values_list(field)
        .annotate(n=Count("partnership", distinct=True))
    )
    return [Row(label, counted.get(value, 0)) for value, label in choices]


def partnerships_by_client_group(partnerships) -> list[Row]:
    return _counts(PartnershipClientGroup, "client_group", ClientGroup.choices, partnerships)


def partnerships_by_mechanism(partnerships) -> list[Row]:
    return _counts(Mechanism, "kind", MechanismKind.choices, partnerships)


def sectors_working_with_nhs(place: Place, partnerships) -> list[Row]:
    """For each sector: of the place's organisations serving it, how many are in at least one
    partnership with an NHS body (an organisation other than themselves)."""
    organisations = {
        o.pk: o.kind for o in place.organisations.filter(archived_at__isnull=True).only("kind")
    }
    nhs = {pk for pk, kind in organisations.items() if kind in NHS_KINDS}
    nhs |= set(
        OrganisationSector.objects.filter(
            organisation__in=organisations, sector=Sector.NHS
        ).values_list("organisation_id", flat=True)
    )
    partners_of = defaultdict(set)
    for partnership_id, organisation_id in PartnershipMember.objects.filter(
        partnership__in=partnerships
    ).values_list("partnership_id", "organisation_id"):
        partners_of[partnership_id].add(organisation_id)
    with_nhs = set()
    for members in partners_of.values():
        for organisation_id in members:
            if (members - {organisation_id}) & nhs:
                with_nhs.add(organisation_id)
    in_sector = Counter()
    working = Counter()
    for organisation_id, sector in OrganisationSector.objects.filter(
        organisation__in=organisations
    ).values_list("organisation_id", "sector"):
        in_sector[sector] += 1
        working[sector] += organisation_id in with_nhs
    return [
        Row(label, working[value], in_sector[value])
        for value, label in Sector.choices
        if in_sector[value]
    ]


def summary(place: Place, user) -> dict:
    partnerships = Partnership.objects.visible_to(user).filter(place=place).active()
    return {
        "partnership_count": partnerships.count(),
        "by_client_group": partnerships_by_client_group(partnerships),
        "by_mechanism": partnerships_by_mechanism(partnerships),
        "sectors_with_nhs": sectors_working_with_nhs(place, partnerships),
        "organisation_count": place.organisations.filter(archived_at__isnull=True).count(),
        "service_count": place.services.filter(archived_at__isnull=True).count(),
    }
