"""Northshire's service catalogue: who provides what, for whom, where, how much and at what cost.

Capacities and costs vary a little with the seed around typical figures for a county of this
size; some costs are left blank, as they are in real registers.
"""

import random
from dataclasses import dataclass
from decimal import Decimal

from joinedup.places import actions
from joinedup.places.choices import CapacityUnit as U
from joinedup.places.choices import ClientGroup as C
from joinedup.places.choices import ServiceFunction as F
from joinedup.places.models import Organisation, Place, Service

from .geography import Geography


@dataclass(frozen=True)
class ServicePlan:
    name: str
    provider: str  # organisation key
    commissioners: tuple[str, ...]
    client_group: str
    function: str
    # "county", a district key ("av", "cc"), or the names of the wards it covers.
    areas: str | tuple[str, ...]
    description: str
    capacity: int | None = None
    capacity_unit: str = ""
    annual_cost: int | None = None  # typical pounds a year; the seed moves it a little


S = ServicePlan
SERVICES = (
    S("Reablement at Home", "ncht", ("ncc", "icb"), C.OLDER_PEOPLE, F.REABLEMENT, "county",
      "Up to six weeks of free support at home to regain skills after illness or a fall.",
      1200, U.HOURS_PER_WEEK, 4_200_000),
    S("Ashby Community Hospital Intermediate Care Beds", "ncht", ("icb", "ncc"), C.OLDER_PEOPLE,
      F.REABLEMENT, "av", "Short stays with therapy for people not yet ready to go home.",
      24, U.BEDS, 2_600_000),
    S("Corran Bay Step-Down Unit", "ncht", ("icb",), C.OLDER_PEOPLE, F.REABLEMENT, "cc",
      "Nurse-led beds for people leaving Northshire General who need a few more days' care.",
      16, U.BEDS, 1_750_000),
    S("Adult Social Care Assessment Team, Ashby Vale", "ncc", (), C.OLDER_PEOPLE, F.ASSESSMENT,
      "av", "Care Act assessments, support planning and reviews for adults in Ashby Vale.",
      420, U.CASELOAD, 1_900_000),
    S("Adult Social Care Locality Team, Corran Coast", "ncht", ("ncc",), C.OLDER_PEOPLE,
      F.ASSESSMENT, "cc",
      "Social workers and nurses in one team under the care trust arrangement.",
      380, U.CASELOAD, 2_100_000),
    S("Northshire Care Services Home Care", "ncc", ("ncc",), C.OLDER_PEOPLE, F.HOME_CARE, "county",
      "The council's own home care, for people with the most complex needs.",
      3500, U.HOURS_PER_WEEK, 9_800_000),
    S("Integrated Community Equipment Store", "ncht", ("ncc", "icb"), C.PHYSICAL_DISABILITIES,
      F.EQUIPMENT, "county", "Delivers, fits, collects and cleans equipment for daily living.",
      24000, U.CONTACTS_PER_YEAR, 3_400_000),
    S("Disabled Facilities Grants, Ashby Vale", "avdc", (), C.PHYSICAL_DISABILITIES, F.EQUIPMENT,
      "av", "Grants for stairlifts, level-access showers and ramps.", None, "", 1_150_000),
    S("Disabled Facilities Grants, Corran Coast", "ccdc", (), C.PHYSICAL_DISABILITIES,
      F.EQUIPMENT, "cc", "Grants for stairlifts, level-access showers and ramps.",
      None, "", 1_480_000),
    S("Northshire Home Improvement Agency", "avdc", ("avdc", "ccdc", "ncc"), C.OLDER_PEOPLE,
      F.HOUSING_SUPPORT, "county",
      "Surveys, plans and oversees adaptations and repairs for older and disabled people.",
      600, U.CASELOAD, 420_000),
    S("Millbrook Court Extra Care Housing", "avdc", ("ncc",), C.OLDER_PEOPLE, F.HOUSING_SUPPORT,
      ("Millbrook",), "Flats to rent with care staff on site day and night.", 60, U.PLACES),
    S("Harbour View Extra Care Housing", "ccdc", ("ncc",), C.OLDER_PEOPLE, F.HOUSING_SUPPORT,
      ("Harbourside",), "Flats to rent and buy with care staff on site day and night.",
      72, U.PLACES),
    S("Warm Homes Advice and Grants", "ccdc", ("ccdc", "avdc", "ncc"), C.WHOLE_POPULATION,
      F.PREVENTION, "county",
      "Home energy visits, insulation and heating grants for people made ill by cold homes.",
      1800, U.CONTACTS_PER_YEAR, 260_000),
    S("Private Sector Housing: Damp and Mould", "avdc", (), C.WHOLE_POPULATION,
      F.HOUSING_SUPPORT, "av", "Inspections and enforcement where rented homes harm health.",
      None, "", 310_000),
    S("Social Prescribing Link Workers", "nva", ("icb", "ncc"), C.WHOLE_POPULATION, F.PREVENTION,
      "county", "Link workers in libraries and leisure centres, referred to by GPs.",
      900, U.CASELOAD, 780_000),
    S("Library Health and Wellbeing Hubs", "ncc", (), C.WHOLE_POPULATION, F.INFORMATION,
      "county", "Health information, digital help and wellbeing groups in every library.",
      15000, U.CONTACTS_PER_YEAR, 140_000),
    S("Exercise on Referral, Ashby Leisure Centre", "avdc", ("icb",), C.WHOLE_POPULATION,
      F.LEISURE, "av", "Twelve weeks of supervised exercise for people referred by their GP.",
      400, U.PLACES, 95_000),
    S("Exercise on Referral, Corran Bay Pools and Fitness", "ccdc", ("icb",), C.WHOLE_POPULATION,
      F.LEISURE, "cc", "Twelve weeks of supervised exercise for people referred by their GP.",
      350, U.PLACES, 88_000),
    S("Carers Support Northshire", "nva", ("ncc", "icb"), C.CARERS, F.CARERS_SUPPORT, "county",
      "Carers' assessments, advice, a carers' card and emergency planning.",
      2400, U.CASELOAD, 1_050_000),
    S("Carers' Breaks", "ncc", ("ncc",), C.CARERS, F.CARERS_SUPPORT, "county",
      "Short breaks and sitting services so unpaid carers can have time off.", 300, U.PLACES),
    S("Learning Disability Supported Living", "ncc", ("ncc", "icb"), C.LEARNING_DISABILITIES,
      F.HOUSING_SUPPORT, "county", "Shared and single tenancies with support staff.",
      180, U.PLACES, 14_500_000),
    S("Learning Disability Day Opportunities", "ncc", ("ncc",), C.LEARNING_DISABILITIES,
      F.DAY_SERVICES, "county", "Day centres and community activities, including work skills.",
      220, U.PLACES, 3_100_000),
    S("Community Mental Health Team, Ashby Vale", "ncmh", ("icb",), C.MENTAL_HEALTH,
      F.MENTAL_HEALTH, "av", "Care coordination, therapy and medication for adults.",
      650, U.CASELOAD, 3_900_000),
    S("Community Mental Health Team, Corran Coast", "ncmh", ("icb",), C.MENTAL_HEALTH,
      F.MENTAL_HEALTH, "cc", "Care coordination, therapy and medication for adults.",
      580, U.CASELOAD, 3_600_000),
    S("Children and Young People's Mental Health Service", "ncmh", ("icb", "ncc"),
      C.CHILDREN_YOUNG_PEOPLE, F.MENTAL_HEALTH, "county",
      "Assessment and treatment for children and young people up to 18.",
      1100, U.CASELOAD, 5_200_000),
    S("Corran Bay Crisis Café", "nva", ("icb", "ncmh"), C.MENTAL_HEALTH, F.MENTAL_HEALTH,
      ("Corran Bay", "Harbourside"), "An evening drop-in for people in distress, run by peers.",
      3000, U.CONTACTS_PER_YEAR),
    S("Memory Assessment Service", "ncmh", ("icb",), C.OLDER_PEOPLE, F.MENTAL_HEALTH, "county",
      "Diagnosis of dementia and support after diagnosis.", 1400, U.CASELOAD, 1_300_000),
    S("School Nursing", "ncht", ("ncc",), C.CHILDREN_YOUNG_PEOPLE, F.COMMUNITY_HEALTH, "county",
      "Health checks, immunisations and drop-ins in secondary schools.",
      22000, U.CONTACTS_PER_YEAR, 2_300_000),
    S("Health Visiting", "ncht", ("ncc",), C.CHILDREN_YOUNG_PEOPLE, F.COMMUNITY_HEALTH, "county",
      "Five mandated checks for every family from pregnancy to age two and a half.",
      30000, U.CONTACTS_PER_YEAR, 4_100_000),
    S("Early Help Family Hubs", "ncc", (), C.CHILDREN_YOUNG_PEOPLE, F.PREVENTION, "county",
      "Parenting support, early years groups and family workers in six hubs.",
      None, "", 2_700_000),
    S("SEND Short Breaks", "ncc", ("ncc", "icb"), C.CHILDREN_YOUNG_PEOPLE, F.DAY_SERVICES,
      "county", "After-school, weekend and holiday breaks for disabled children.",
      260, U.PLACES, 1_600_000),
    S("Adult Learning for Wellbeing", "ncc", (), C.WHOLE_POPULATION, F.EDUCATION, "county",
      "Free courses for adults recovering from illness or isolated at home.", 500, U.PLACES),
    S("District Nursing", "ncht", ("icb",), C.OLDER_PEOPLE, F.COMMUNITY_HEALTH, "county",
      "Nursing at home for housebound people, around the clock.",
      210000, U.CONTACTS_PER_YEAR, 11_800_000),
    S("Acute Frailty Unit, Northshire General Hospital", "nhft", ("icb",), C.OLDER_PEOPLE,
      F.HOSPITAL, "county", "Same-day assessment for frail older people arriving at A&E.",
      28, U.BEDS),
    S("Hospital Discharge Hub", "nhft", ("icb", "ncc"), C.OLDER_PEOPLE, F.ASSESSMENT, "county",
      "Hospital and council staff plan every complex discharge together.",
      90, U.CASELOAD, 1_200_000),
    S("Community Transport to Health Appointments", "nva", ("ncc", "icb"), C.OLDER_PEOPLE,
      F.OTHER, "county", "Volunteer drivers and minibuses to hospital and clinic appointments.",
      18000, U.CONTACTS_PER_YEAR, 540_000),
    S("Falls Prevention Service", "ncht", ("ncc",), C.OLDER_PEOPLE, F.PREVENTION, "cc",
      "Strength and balance classes and home hazard checks after a fall.",
      1400, U.CONTACTS_PER_YEAR, 350_000),
    S("Stop Smoking Service", "ncht", ("ncc",), C.WHOLE_POPULATION, F.PREVENTION,
      ("Ashby Central", "Harbourside", "Saltmarsh", "Fenwick"),
      "Behavioural support and medication in the wards where most people smoke.",
      2500, U.CONTACTS_PER_YEAR, 410_000),
)  # fmt: skip


def _capacity(rng: random.Random, typical: int | None, unit: str) -> int | None:
    if typical is None:
        return None
    if unit == U.BEDS:
        return typical  # beds are counted, not estimated
    step = 100 if typical >= 2000 else 10 if typical >= 100 else 1
    return max(step, round(typical * rng.uniform(0.9, 1.1) / step) * step)


def _cost(rng: random.Random, typical: int | None) -> Decimal | None:
    if typical is None:
        return None
    pounds = round(typical * rng.uniform(0.92, 1.08) / 100) * 100
    return Decimal(pounds).quantize(Decimal("0.01"))


def create_services(
    *,
    place: Place,
    organisations: dict[str, Organisation],
    acting: dict[str, object],
    geography: Geography,
    rng: random.Random,
) -> list[Service]:
    """Each service is recorded by an editor of its provider."""
    created = []
    for plan in SERVICES:
        if plan.areas == "county":
            areas = [geography.county]
        elif isinstance(plan.areas, str):
            areas = [geography.districts[plan.areas]]
        else:
            areas = [geography.wards[name] for name in plan.areas]
        capacity = _capacity(rng, plan.capacity, plan.capacity_unit)
        created.append(
            actions.create_service(
                by=acting[plan.provider],
                place=place,
                name=plan.name,
                provider=organisations[plan.provider],
                commissioners=[organisations[key] for key in plan.commissioners],
                client_group=plan.client_group,
                function=plan.function,
                areas=areas,
                description=plan.description,
                capacity=capacity,
                capacity_unit=plan.capacity_unit if capacity is not None else "",
                annual_cost=_cost(rng, plan.annual_cost),
            )
        )
    return created
