from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.audit.trail import history
from joinedup.places import actions
from joinedup.places.models import Service


def _service(by, place, provider, **overrides):
    fields = {
        "by": by,
        "place": place,
        "name": "Reablement at home",
        "provider": provider,
        "client_group": "older_people",
        "function": "reablement",
        "capacity": 120,
        "capacity_unit": "caseload",
        "annual_cost": Decimal("1250000.50"),
    }
    return actions.create_service(**(fields | overrides))


def test_a_provider_records_a_service_with_exact_money(place, county, trust, trust_editor):
    service = _service(trust_editor, place, trust, commissioners=[county])
    service.refresh_from_db()
    assert service.annual_cost == Decimal("1250000.50")
    assert history(service)[0].changes["commissioners"]["after"] == "Testshire County Council"


def test_a_commissioner_may_record_a_service_but_a_stranger_may_not(
    place, county, trust, district, county_editor, district_editor
):
    _service(county_editor, place, trust, commissioners=[county])
    with pytest.raises(PermissionDenied):
        _service(district_editor, place, trust, commissioners=[county])
    assert Service.objects.count() == 1


def test_money_never_comes_as_a_float(place, trust, trust_editor):
    with pytest.raises(TypeError, match="never uses floats"):
        _service(trust_editor, place, trust, annual_cost=1250000.5)


def test_update_and_archive_are_audited(place, trust, trust_editor):
    service = _service(trust_editor, place, trust)
    actions.update_service(service, by=trust_editor, annual_cost=Decimal("1300000.00"))
    actions.archive_service(service, by=trust_editor)
    events = list(history(service))
    assert [e.action for e in events] == ["archive", "update", "create"]
    assert events[1].changes["annual_cost"]["before"] == "1250000.50"
    with pytest.raises(ValidationError, match="archived service cannot be changed"):
        actions.update_service(service, by=trust_editor, name="New")


@pytest.mark.parametrize("code", ["RX1", "qhl", "E10000006", "RTH08", ""])
def test_organisation_codes_are_ods_or_ons(place, county_editor, code):
    organisation = actions.create_organisation(
        by=county_editor,
        place=place,
        name="New body",
        kind="other",
        sectors=["voluntary"],
        code=code,
    )
    assert organisation.code == code.upper()


@pytest.mark.parametrize("code", ["R", "RX-1", "E1000000", "TOOLONGCODE"])
def test_organisation_codes_of_the_wrong_shape_are_refused(place, county_editor, code):
    with pytest.raises(ValidationError, match="neither an ODS code"):
        actions.create_organisation(
            by=county_editor, place=place, name="New body", kind="other", sectors=[], code=code
        )
