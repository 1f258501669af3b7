"""The demo place, Northshire: what it holds, that it loads once, the same each time, and never
into production."""

from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from joinedup.accounts.models import Membership, Role
from joinedup.audit.models import AuditEvent
from joinedup.demo.geography import plan_geography
from joinedup.demo.load import PRODUCTION_SETTINGS, DemoRefused, load_demo, seeded_random
from joinedup.demo.people import DEMO_PASSWORD, SETUP_USERNAME
from joinedup.partnerships.models import MechanismKind, Partnership, Visibility
from joinedup.places.areas import AGE_BANDS, AreaKind, validate_area_code
from joinedup.places.models import Area, AreaPopulation, Place, Service

User = get_user_model()


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Twenty-odd Argon2 hashes take seconds; the demo's behaviour does not depend on the hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
