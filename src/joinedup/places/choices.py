"""Fixed lists of the register: organisation kinds, sectors, client groups, service functions."""

from django.db import models


class OrganisationKind(models.TextChoices):
    COUNTY_COUNCIL = "county_council", "County council"
    UNITARY_COUNCIL = "unitary_council", "Unitary council"
    DISTRICT_COUNCIL = "district_council", "District council"
    ICB = "icb", "Integrated care board"
    ACUTE_TRUST = "acute_trust", "Acute trust"
    COMMUNITY_TRUST = "community_trust", "Community trust"
    MENTAL_HEALTH_TRUST = "mental_health_trust", "Mental health trust"
    AMBULANCE_TRUST = "ambulance_trust", "Ambulance trust"
    PRIMARY_CARE_NETWORK = "pcn", "Primary care network"
    CARE_TRUST = "care_trust", "Care trust"
    VOLUNTARY = "voluntary", "Voluntary organisation"
    OTHER = "other", "Other"


# The kinds that are NHS bodies, for "which sectors work with the NHS".
NHS_KINDS = frozenset(
    {
        OrganisationKind.ICB,
        OrganisationKind.ACUTE_TRUST,
        OrganisationKind.COMMUNITY_TRUST,
        OrganisationKind.MENTAL_HEALTH_TRUST,
        OrganisationKind.AMBULANCE_TRUST,
        OrganisationKind.PRIMARY_CARE_NETWORK,
        OrganisationKind.CARE_TRUST,
    }
)


class Sector(models.TextChoices):
    NHS = "nhs", "NHS"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    PUBLIC_HEALTH = "public_health", "Public health"
    HOUSING = "housing", "Housing"
    EDUCATION = "education", "Education"
    ENVIRONMENTAL = "environmental", "Environmental services"
    CULTURE_LEISURE = "culture_leisure", "Culture and leisure"
    TRANSPORT = "transport", "Transport"
    POLICE = "police", "Police"
    VOLUNTARY = "voluntary", "Voluntary"


class ClientGroup(models.TextChoices):
    OLDER_PEOPLE = "older_people", "Older people"
    MENTAL_HEALTH = "mental_health", "Mental health"
    LEARNING_DISABILITIES = "learning_disabilities", "Learning disabilities"
    PHYSICAL_DISABILITIES = "physical_disabilities", "Physical disabilities"
    CHILDREN_YOUNG_PEOPLE = "children_young_people", "Children and young people"
    CARERS = "carers", "Carers"
    WHOLE_POPULATION = "whole_population", "Whole population"
    OTHER = "other", "Other"


class ServiceFunction(models.TextChoices):
    PREVENTION = "prevention", "Prevention and wellbeing"
    INFORMATION = "information", "Information and advice"
    ASSESSMENT = "assessment", "Assessment and care management"
    REABLEMENT = "reablement", "Reablement and rehabilitation"
    HOME_CARE = "home_care", "Home care"
    DAY_SERVICES = "day_services", "Day services"
    RESIDENTIAL = "residential", "Residential and nursing care"
    EQUIPMENT = "equipment", "Equipment and adaptations"
    HOUSING_SUPPORT = "housing_support", "Housing and housing support"
    COMMUNITY_HEALTH = "community_health", "Community health care"
    HOSPITAL = "hospital", "Hospital care"
    MENTAL_HEALTH = "mental_health", "Mental health care"
    CARERS_SUPPORT = "carers_support", "Support for carers"
    EDUCATION = "education", "Education and early years"
    LEISURE = "leisure", "Leisure and culture"
    OTHER = "other", "Other"


class CapacityUnit(models.TextChoices):
    PLACES = "places", "places"
    BEDS = "beds", "beds"
    HOURS_PER_WEEK = "hours_per_week", "hours a week"
    CASELOAD = "caseload", "people at a time"
    CONTACTS_PER_YEAR = "contacts_per_year", "contacts a year"
