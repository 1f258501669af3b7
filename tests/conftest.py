"""Shared fixtures: a small place with two councils and an NHS trust, and their people."""

import os
from pathlib import Path

import pytest

from joinedup.accounts.models import Role
from joinedup.places.choices import OrganisationKind, Sector

from .factories import OrganisationFactory, PlaceFactory, member

# Tests of the pure core (no Django database): the second, PostgreSQL run of `make test` skips
# them, since they cannot differ by database. The indicator engine reaches PostgreSQL itself,
# through JOINEDUP_TEST_POSTGRES_URL, in tests/integration/indicators.
PURE_CORE = ("stats", "instruments", "specs", "indicators", "store")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    pure = [here / "unit" / name for name in PURE_CORE]
    for item in items:
        path = Path(str(item.fspath))
        if any(folder in path.parents for folder in pure) or path.name == "test_stats_cli.py":
            item.add_marker(pytest.mark.pure)


def pytest_report_header(config):
    url = os.environ.get("JOINEDUP_DATABASE_URL")
    if url:
        return f"database: PostgreSQL from JOINEDUP_DATABASE_URL ({url.split('@')[-1]})"
    return (
        "database: SQLite (set JOINEDUP_DATABASE_URL=postgresql://... to run on PostgreSQL; "
        ".ci/run does both)"
    )


@pytest.fixture
def place(db):
    county = OrganisationFactory(
        name="Testshire County Council",
        kind=OrganisationKind.COUNTY_COUNCIL,
        sectors=[Sector.ADULT_SOCIAL_CARE, Sector.EDUCATION],
    )
    district = OrganisationFactory(
        name="Vale District Council",
        kind=OrganisationKind.DISTRICT_COUNCIL,
        sectors=[Sector.HOUSING, Sector.ENVIRONMENTAL],
    )
    trust = OrganisationFactory(
        name="Testshire Hospitals NHS Trust",
        kind=OrganisationKind.ACUTE_TRUST,
        sectors=[Sector.NHS],
    )
    return PlaceFactory(name="Testshire", slug="testshire", organisations=[county, district, trust])


@pytest.fixture
def county(place):
    return place.organisations.get(name="Testshire County Council")


@pytest.fixture
def district(place):
    return place.organisations.get(name="Vale District Council")


@pytest.fixture
def trust(place):
    return place.organisations.get(name="Testshire Hospitals NHS Trust")


@pytest.fixture
def county_editor(county):
    return member(county, Role.EDITOR, username="county.editor")


@pytest.fixture
def county_viewer(county):
    return member(county, Role.VIEWER, username="county.viewer")


@pytest.fixture
def county_admin(county):
    return member(county, Role.ADMIN, username="county.admin")


@pytest.fixture
def district_editor(district):
    return member(district, Role.EDITOR, username="district.editor")


@pytest.fixture
def trust_editor(trust):
    return member(trust, Role.EDITOR, username="trust.editor")
