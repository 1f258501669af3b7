import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.audit.models import AuditEvent
from joinedup.places import actions
from joinedup.places.areas import AreaKind, validate_area_code, validate_parent
from joinedup.places.models import Area, AreaPopulation
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("E01000001", AreaKind.LSOA),
        ("E05012345", AreaKind.WARD),
        ("E06000001", AreaKind.UNITARY),
        ("E07000123", AreaKind.DISTRICT),
        ("E08000025", AreaKind.METROPOLITAN),
        ("E09000033", AreaKind.LONDON_BOROUGH),
        ("E10000006", AreaKind.COUNTY),
        ("E54000050", AreaKind.ICB),
        ("E12000001", AreaKind.REGION),
        ("E92000001", AreaKind.COUNTRY),
    ],
)
def test_area_kind_is_read_from_the_code(code, kind):
    assert AreaKind.from_code(code) == kind


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("E0100001", "a letter and eight digits"),
        ("e01000001", "a letter and eight digits"),
        ("E01 000001", "a letter and eight digits"),
        ("X01000001", "a letter and eight digits"),
        ("E99000001", "starts with E99"),
        ("W01000001", "not an English area"),
        ("", "a letter and eight digits"),
    ],
)
def test_invalid_area_codes_are_refused_with_the_reason(code, message):
    with pytest.raises(ValidationError, match=message):
        validate_area_code(code)


def test_parent_must_be_the_next_level_up():
    validate_parent(AreaKind.LSOA, AreaKind.WARD)
    validate_parent(AreaKind.DISTRICT, AreaKind.COUNTY)
    validate_parent(AreaKind.COUNTRY, None)
    with pytest.raises(ValidationError, match="cannot sit inside a county"):
        validate_parent(AreaKind.LSOA, AreaKind.COUNTY)
    with pytest.raises(ValidationError, match="needs a parent"):
        validate_parent(AreaKind.WARD, None)


@pytest.fixture
def installer(db):
    return UserFactory(is_superuser=True, is_staff=True)


def test_create_area_builds_the_hierarchy_and_audits_it(installer):
    england = actions.create_area(by=installer, code="E92000001", name="England")
    region = actions.create_area(by=installer, code="E12000001", name="North East", parent=england)
    icb = actions.create_area(by=installer, code="E54000050", name="North ICB", parent=region)
    county = actions.create_area(by=installer, code="E10000006", name="Countyshire", parent=icb)
    district = actions.create_area(by=installer, code="E07000001", name="Dale", parent=county)
    ward = actions.create_area(by=installer, code="E05000001", name="Millbrook", parent=district)
    lsoa = actions.create_area(by=installer, code="E01000001", name="Dale 001A", parent=ward)

    assert [a.code for a in lsoa.ancestors()] == [
        "E05000001",
        "E07000001",
        "E10000006",
        "E54000050",
        "E12000001",
        "E92000001",
    ]
    assert county.descendant_ids() == {district.pk, ward.pk, lsoa.pk}
    assert AuditEvent.objects.filter(action="create").count() == 7
    with pytest.raises(ValidationError, match="already exists"):
        actions.create_area(by=installer, code="E01000001", name="Again", parent=ward)
    with pytest.raises(ValidationError, match="cannot sit inside"):
        actions.create_area(by=installer, code="E01000002", name="Wrong", parent=county)


def test_only_an_installation_admin_creates_areas(db):
    with pytest.raises(PermissionDenied):
        actions.create_area(by=UserFactory(), code="E92000001", name="England")
    assert not Area.objects.exists()


def test_population_is_replaced_per_year_and_refuses_bad_cells(installer):
    england = actions.create_area(by=installer, code="E92000001", name="England")
    actions.set_population(by=installer, area=england, year=2024, counts={("F", "0-4"): 10})
    actions.set_population(
        by=installer, area=england, year=2024, counts={("F", "0-4"): 12, ("M", "90+"): 3}
    )
    assert sorted(AreaPopulation.objects.values_list("sex", "age_band", "count")) == [
        ("F", "0-4", 12),
        ("M", "90+", 3),
    ]
    with pytest.raises(ValidationError, match="not a five-year age band"):
        actions.set_population(by=installer, area=england, year=2024, counts={("F", "0-3"): 1})
    with pytest.raises(ValidationError, match="cannot be negative"):
        actions.set_population(by=installer, area=england, year=2024, counts={("F", "0-4"): -1})
    # A refused replacement changes nothing.
    assert AreaPopulation.objects.count() == 2
