"""The demo place, Northshire: what it holds, that it loads once, the same each time, and never
into production."""

import csv
import hashlib
import io
from collections import Counter
from decimal import Decimal

import duckdb
import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from joinedup.accounts.models import Membership, Role
from joinedup.audit.models import AuditEvent
from joinedup.demo.geography import plan_geography
from joinedup.demo.load import PRODUCTION_SETTINGS, DemoRefused, load_demo, seeded_random
from joinedup.demo.people import DEMO_PASSWORD, SETUP_USERNAME
from joinedup.demo.submissions import (
    CLEAN_NAME,
    DISCHARGE_ERRORS,
    PLANTED,
    WITH_ERRORS_NAME,
    demo_dir,
    make_files,
)
from joinedup.partnerships.models import MechanismKind, Partnership, Visibility
from joinedup.places.areas import AGE_BANDS, AreaKind, validate_area_code
from joinedup.places.models import Area, AreaPopulation, Place, Service
from joinedup.specs import get_spec, validate
from joinedup.store import DatasetStore
from joinedup.store.engine import create_events
from joinedup.submissions import files
from joinedup.submissions.models import Status, Submission

User = get_user_model()


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Twenty-odd Argon2 hashes take seconds; the demo's behaviour does not depend on the hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """The demo's files, uploads and dataset store in a folder of each test's own."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def quiet(_message):
    pass


def snapshot() -> dict:
    """Everything the demo writes, by natural keys (never ids), in a comparable form."""
    return {
        "areas": sorted(
            Area.objects.values_list("code", "name", "kind", "parent__code"),
        ),
        "population": sorted(
            AreaPopulation.objects.values_list("area__code", "year", "sex", "age_band", "count")
        ),
        "places": [
            (p.slug, p.name, p.description, sorted(a.code for a in p.areas.all()))
            for p in Place.objects.all()
        ],
        "organisations": [
            (o.code, o.name, o.kind, o.sectors, sorted(p.slug for p in o.places.all()))
            for p in Place.objects.all()
            for o in p.organisations.all()
        ],
        "partnerships": [
            (
                p.name,
                p.purpose,
                p.visibility,
                p.start_date,
                p.end_date,
                p.governance_notes,
                p.is_archived,
                [(m.organisation.name, m.role) for m in p.members.all()],
                p.client_group_values(),
                p.mechanism_values(),
            )
            for p in Partnership.objects.all()
        ],
        "services": [
            (
                s.name,
                s.description,
                s.provider.name,
                sorted(o.name for o in s.commissioners.all()),
                s.client_group,
                s.function,
                sorted(a.code for a in s.areas.all()),
                s.capacity,
                s.capacity_unit,
                s.annual_cost,
                s.archived_at is not None,
            )
            for s in Service.objects.all()
        ],
        "users": sorted(
            (
                u.username,
                u.email,
                u.first_name,
                u.last_name,
                u.is_superuser,
                u.has_usable_password(),
            )
            for u in User.objects.all()
        ),
        "memberships": sorted(
            Membership.objects.values_list("user__username", "organisation__name", "role")
        ),
        "submissions": sorted(
            Submission.objects.values_list(
                "organisation__name",
                "spec_name",
                "period",
                "original_name",
                "sha256",
                "submitted_by__username",
                "status",
                "rows",
                "errors",
                "warnings",
            )
        ),
        "demo files": {
            path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(demo_dir().iterdir())
        },
        "audit": sorted(
            Counter(
                AuditEvent.objects.values_list(
                    "action", "content_type__model", "object_repr", "actor__username"
                )
            ).items()
        ),
    }


@pytest.mark.django_db
def test_the_demo_holds_what_it_promises():
    summary = load_demo(seed=2026, echo=quiet)

    place = Place.objects.get(slug="northshire")
    (county,) = place.areas.all()
    under = Area.objects.filter(pk__in=county.descendant_ids())
    assert county.kind == AreaKind.COUNTY
    assert under.filter(kind=AreaKind.DISTRICT).count() == 2
    assert 10 <= under.filter(kind=AreaKind.WARD).count() <= 14
    assert under.filter(kind=AreaKind.LSOA).count() == 60
    assert [a.kind for a in county.ancestors()] == [AreaKind.ICB, AreaKind.REGION, AreaKind.COUNTRY]
    for area in Area.objects.all():
        validate_area_code(area.code)
        assert AreaKind.from_code(area.code) == area.kind
    for ward in under.filter(kind=AreaKind.WARD):
        assert ward.children.exists(), f"{ward.name} has no LSOAs"

    # Every LSOA has a full table of people for two years, about 1,500 of them.
    cells = Counter(
        AreaPopulation.objects.values_list("area__code", "year").order_by()  # one per cell
    )
    assert len(cells) == 60 * 2
    assert set(cells.values()) == {2 * len(AGE_BANDS)}
    per_lsoa = Counter()
    for code, year, count in AreaPopulation.objects.values_list("area__code", "year", "count"):
        per_lsoa[code, year] += count
    assert all(900 <= people <= 2500 for people in per_lsoa.values())
    oldest = AreaPopulation.objects.filter(age_band__in=AGE_BANDS[-3:])
    women = sum(oldest.filter(sex="F").values_list("count", flat=True))
    men = sum(oldest.filter(sex="M").values_list("count", flat=True))
    assert women > men * 1.3, "more women than men live to 80 and beyond"

    organisations = list(place.organisations.all())
    assert len(organisations) == 11
    assert all(o.sectors for o in organisations)
    assert {o.code for o in organisations if o.code} >= {"E10900001", "E07900001", "E07900002"}

    partnerships = list(place.partnerships.all())
    assert len(partnerships) >= 12
    used = {kind for p in partnerships for kind in p.mechanism_values()}
    assert used == set(MechanismKind.values)
    private = [p for p in partnerships if p.visibility == Visibility.PARTNERS]
    assert len(private) >= 2
    everyone = {o.pk for o in organisations}
    for partnership in private:
        partners = {m.organisation_id for m in partnership.members.all()}
        assert everyone - partners, f"{partnership.name} includes every organisation"
    assert sum(p.is_archived for p in partnerships) == 1
    assert any(p.end_date for p in partnerships)
    assert all(p.purpose and p.client_group_values() and p.start_date for p in partnerships)

    # The private-partnership rule can be shown: a district council viewer does not see them.
    district_viewer = User.objects.get(username="avdc.viewer")
    visible = set(Partnership.objects.visible_to(district_viewer))
    assert visible == set(partnerships) - set(private)

    services = list(place.services.all())
    assert len(services) >= 30
    assert all(isinstance(s.annual_cost, Decimal) for s in services if s.annual_cost is not None)
    assert any(s.annual_cost is None for s in services)
    assert all(s.areas.exists() for s in services)

    for organisation in organisations:
        roles = set(organisation.memberships.values_list("role", flat=True))
        assert Role.ADMIN in roles, f"{organisation.name} has no admin"
    all_roles = Membership.objects.values_list("role", flat=True)
    assert set(all_roles) == set(Role.values)
    member = User.objects.get(username="ncc.editor")
    assert member.check_password(DEMO_PASSWORD)
    setup = User.objects.get(username=SETUP_USERNAME)
    assert setup.is_superuser and not setup.has_usable_password()

    # Every partnership was written through the actions: each has its audit trail.
    partnership_type = ContentType.objects.get_for_model(Partnership)
    for partnership in partnerships:
        events = AuditEvent.objects.filter(
            content_type=partnership_type, object_id=str(partnership.pk)
        )
        assert events.filter(action=AuditEvent.Action.CREATE).count() == 1
        assert events.filter(actor__memberships__isnull=False).exists()
        if partnership.is_archived:
            assert events.filter(action=AuditEvent.Action.ARCHIVE).count() == 1

    assert DEMO_PASSWORD in summary
    assert "ncc.editor" in summary and "avdc.viewer" in summary
    assert "60 LSOAs" in summary


def problems_in(content: bytes, spec="asc-cld") -> tuple[int, list[tuple[int, str, str, str]]]:
    """(records, every problem as (row, field, rule, severity)) as the validator finds them."""
    path = demo_dir() / "checking.csv"
    path.write_bytes(content)
    with validate(path, get_spec(spec)) as validation:
        found = [(p.row, p.field, p.rule, p.severity) for p in validation.problems()]
        return validation.rows, found


@pytest.mark.django_db
def test_the_demo_has_data_sent_checked_and_in_use():
    summary = load_demo(seed=2026, echo=quiet)

    # The county's data officer sent its 2024-25 social care data; it is accepted and in use.
    accepted = Submission.objects.get(spec_name="asc-cld", period="2024-25")
    assert (accepted.status, accepted.errors, accepted.warnings) == (Status.IN_USE, 0, 0)
    assert accepted.organisation.code == "E10900001"
    assert accepted.submitted_by.username == "ncc.data"
    assert 2_500 <= accepted.rows <= 6_000
    # The trust's discharges were refused, for the errors planted in them.
    refused = Submission.objects.get(spec_name="hospital-discharges")
    assert refused.status == Status.REJECTED
    assert refused.errors == len(DISCHARGE_ERRORS)
    assert "2 files sent, 1 accepted" in summary and WITH_ERRORS_NAME in summary
    analyst = Membership.objects.get(user__username="ncc.analyst")
    assert (analyst.role, analyst.organisation.code) == (Role.ANALYST, "E10900001")

    # What was accepted is what the indicator engine reads, every event placed in an LSOA.
    store = DatasetStore(files.store_dir())
    lsoas = set(Area.objects.filter(kind=AreaKind.LSOA).values_list("code", flat=True))
    with duckdb.connect() as con:
        create_events(con, store)
        events, placed, in_lsoas = con.execute(
            "SELECT count(*), count(lsoa_code), count(DISTINCT lsoa_code) FROM events"
        ).fetchone()
        used = {code for (code,) in con.execute("SELECT DISTINCT lsoa_code FROM events").fetchall()}
    assert events == placed == accepted.rows
    assert used <= lsoas and in_lsoas >= 55


@pytest.mark.django_db
def test_the_files_to_send_are_clean_and_with_the_planted_errors():
    load_demo(seed=2026, echo=quiet)
    clean = (demo_dir() / CLEAN_NAME).read_bytes()
    with_errors = (demo_dir() / WITH_ERRORS_NAME).read_bytes()

    records, problems = problems_in(clean)
    assert 3_000 <= records <= 6_000
    assert problems == []

    records_again, problems = problems_in(with_errors)
    assert records_again == records
    errors = {(row, field, rule) for row, field, rule, severity in problems if severity == "error"}
    assert errors == set(PLANTED)
    assert len({kind for *_, kind in PLANTED}) == len(PLANTED), "each of a different kind"
    # Only the planted cells differ from the corrected file.
    planted_cells = {(row, field) for row, field, _ in PLANTED}
    good = list(csv.DictReader(io.StringIO(clean.decode())))
    bad = list(csv.DictReader(io.StringIO(with_errors.decode())))
    changed = {
        (number, field)
        for number, (before, after) in enumerate(zip(good, bad, strict=True), start=2)
        for field in before
        if before[field] != after[field]
    }
    assert changed == planted_cells


def test_the_social_care_data_looks_like_adult_social_care():
    made = make_files(
        seeded_random(2026, "submissions"), plan_geography(seeded_random(2026, "geography"))
    )
    rows = list(csv.DictReader(io.StringIO(made.clean.decode())))
    people = {r["LA_Person_Unique_Identifier"]: r for r in rows}
    assert 1_300 <= len(people) <= 2_000
    # Every event is open in 2025-26: it ends in the year or is a service still going on.
    assert all(r["Event_Start_Date"] <= "2026-03-31" for r in rows)
    assert all(
        "2025-04-01" <= r["Event_End_Date"] <= "2026-03-31" for r in rows if r["Event_End_Date"]
    )
    assert all(r["Event_Type"] == "Service" for r in rows if not r["Event_End_Date"])
    started = sum(r["Event_Start_Date"] >= "2025-04-01" for r in rows)
    assert started > 0.7 * len(rows), "most events begin in the year; long-term services before"
    older = sum(r["Date_of_Birth"] <= "1960-03-31" for r in people.values())
    assert older > 0.6 * len(people), "older people are most of adult social care"
    reasons = Counter(r["Primary_Support_Reason"] for r in people.values())
    assert reasons.most_common(1)[0][0] == "Physical Support: Personal care support"
    assert set(Counter(r["Event_Type"] for r in rows)) == {
        "Request",
        "Assessment",
        "Service",
        "Review",
    }
    women = sum(r["Gender"] == "Female" for r in people.values())
    assert 0.5 < women / len(people) < 0.7


@pytest.mark.django_db
def test_loading_again_changes_nothing():
    load_demo(seed=2026, echo=quiet)
    before = snapshot()
    events = AuditEvent.objects.count()

    summary = load_demo(seed=2026, echo=quiet)

    assert "already loaded" in summary
    assert DEMO_PASSWORD in summary
    assert AuditEvent.objects.count() == events
    assert snapshot() == before


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_place():
    with transaction.atomic():
        load_demo(seed=2026, echo=quiet)
        first = snapshot()
        transaction.set_rollback(True)
    assert not Place.objects.exists()

    load_demo(seed=2026, echo=quiet)

    assert snapshot() == first


def test_another_seed_gives_other_people():
    def plan(seed):
        return plan_geography(seeded_random(seed, "geography"))

    assert plan(2026) == plan(2026)
    assert plan(2026) != plan(7)


def test_it_refuses_to_load_into_production(monkeypatch):
    # No database access here: the refusal comes before anything is read or written.
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", PRODUCTION_SETTINGS)
    with pytest.raises(DemoRefused, match="production"):
        load_demo(seed=2026, echo=quiet)
