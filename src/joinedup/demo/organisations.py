"""Northshire's organisations: three councils, the ICB, three NHS trusts, the voluntary sector,
the police, a housing association and a leisure trust.

Councils carry the ONS codes of their areas; NHS bodies carry ODS-shaped codes that NHS Digital
has not issued (trusts RZ7-RZ9, the ICB QZ9), so they never clash with real ones.
"""

from dataclasses import dataclass

from joinedup.places import actions
from joinedup.places.choices import OrganisationKind as Kind
from joinedup.places.choices import Sector
from joinedup.places.models import Organisation, Place


@dataclass(frozen=True)
class OrganisationPlan:
    key: str  # also the prefix of its people's usernames
    name: str
    kind: str
    sectors: tuple[str, ...]
    code: str = ""


ORGANISATIONS = (
    OrganisationPlan(
        "ncc",
        "Northshire County Council",
        Kind.COUNTY_COUNCIL,
        (
            Sector.ADULT_SOCIAL_CARE,
            Sector.CHILDRENS_SOCIAL_CARE,
            Sector.PUBLIC_HEALTH,
            Sector.EDUCATION,
            Sector.TRANSPORT,
            Sector.CULTURE_LEISURE,
        ),
        "E10900001",
    ),
    OrganisationPlan(
        "avdc",
        "Ashby Vale District Council",
        Kind.DISTRICT_COUNCIL,
        (Sector.HOUSING, Sector.ENVIRONMENTAL, Sector.CULTURE_LEISURE),
        "E07900001",
    ),
    OrganisationPlan(
        "ccdc",
        "Corran Coast District Council",
        Kind.DISTRICT_COUNCIL,
        (Sector.HOUSING, Sector.ENVIRONMENTAL, Sector.CULTURE_LEISURE),
        "E07900002",
    ),
    OrganisationPlan("icb", "NHS Northshire Integrated Care Board", Kind.ICB, (Sector.NHS,), "QZ9"),
    OrganisationPlan(
        "nhft",
        "Northshire Hospitals NHS Foundation Trust",
        Kind.ACUTE_TRUST,
        (Sector.NHS,),
        "RZ7",
    ),
    OrganisationPlan(
        "ncht",
        "Northshire Community Health NHS Trust",
        Kind.COMMUNITY_TRUST,
        (Sector.NHS,),
        "RZ8",
    ),
    OrganisationPlan(
        "ncmh",
        "Northshire and Corran Mental Health NHS Trust",
        Kind.MENTAL_HEALTH_TRUST,
        (Sector.NHS,),
        "RZ9",
    ),
    OrganisationPlan("nva", "Northshire Voluntary Action", Kind.VOLUNTARY, (Sector.VOLUNTARY,)),
    # Partners of the councils that do not (yet) work with the NHS: the dashboard's "which
    # sectors work with the NHS" has gaps to show.
    OrganisationPlan("police", "Northshire Police", Kind.OTHER, (Sector.POLICE,)),
    OrganisationPlan("vch", "Vale and Coast Homes", Kind.OTHER, (Sector.HOUSING,)),
    OrganisationPlan(
        "clt", "Corran Leisure Trust", Kind.VOLUNTARY, (Sector.CULTURE_LEISURE, Sector.VOLUNTARY)
    ),
)


def create_organisations(*, by, place: Place) -> dict[str, Organisation]:
    """The place's first organisations, added by the installation administrator; by key."""
    return {
        plan.key: actions.create_organisation(
            by=by,
            place=place,
            name=plan.name,
            kind=plan.kind,
            sectors=[str(s) for s in plan.sectors],
            code=plan.code,
        )
        for plan in ORGANISATIONS
    }
