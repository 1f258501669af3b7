import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.audit.models import AuditEvent
from joinedup.audit.trail import history
from joinedup.partnerships import actions
from joinedup.partnerships.models import MechanismKind, Partnership
from tests.factories import OrganisationFactory


def _create(by, place, county, trust, **overrides):
    fields = {
        "by": by,
        "place": place,
        "name": "Better Care Fund",
        "purpose": "Joined-up care for older people leaving hospital.",
        "partners": [(county, "lead"), (trust, "partner")],
        "client_groups": ["older_people"],
        "mechanisms": [MechanismKind.POOLED_BUDGET, MechanismKind.JOINT_COMMISSIONING_BOARD],
        "start_date": datetime.date(2024, 4, 1),
    }
    return actions.create_partnership(**(fields | overrides))


def test_create_records_partners_groups_mechanisms_and_an_audit_event(
    place, county, trust, county_editor
):
    partnership = _create(county_editor, place, county, trust)

    assert [(m.organisation, m.role) for m in partnership.members.all()] == [
        (county, "lead"),
        (trust, "partner"),
    ]
    assert partnership.mechanism_values() == ["joint_commissioning_board", "pooled_budget"]
    [event] = history(partnership)
    assert event.action == "create" and event.actor == county_editor
    assert "Pooled budget" in event.changes["mechanisms"]["after"]
    assert "Testshire County Council (Lead)" in event.changes["partners"]["after"]


def test_create_refuses_a_user_who_edits_for_none_of_the_partners(
    place, county, trust, district_editor
):
    with pytest.raises(PermissionDenied):
        _create(district_editor, place, county, trust)
    assert not Partnership.objects.exists()
    assert not AuditEvent.objects.exists()


def test_viewers_cannot_create(place, county, trust, county_viewer):
    with pytest.raises(PermissionDenied):
        _create(county_viewer, place, county, trust)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "  "}, "name", "Enter the partnership's name"),
        ({"client_groups": []}, "client_groups", "at least one client group"),
        ({"end_date": datetime.date(2020, 1, 1)}, "end_date", "after the start date"),
    ],
)
def test_create_explains_what_is_wrong(
    place, county, trust, county_editor, overrides, field, message
):
    with pytest.raises(ValidationError) as caught:
        _create(county_editor, place, county, trust, **overrides)
    assert message in " ".join(caught.value.message_dict[field])
    assert not Partnership.objects.exists()


def test_partners_must_be_two_distinct_organisations_of_the_place(
    place, county, trust, county_editor
):
    with pytest.raises(ValidationError, match="at least two"):
        _create(county_editor, place, county, trust, partners=[(county, "lead")])
    outsider = OrganisationFactory(name="Elsewhere Council")
    with pytest.raises(ValidationError, match="Not organisations of Testshire: Elsewhere"):
        _create(
            county_editor, place, county, trust, partners=[(county, "lead"), (outsider, "partner")]
        )


def test_update_audits_only_what_changed(place, county, trust, county_editor, trust_editor):
    partnership = _create(county_editor, place, county, trust)
    actions.update_partnership(
        partnership, by=trust_editor, name="Better Care Fund 2025", mechanisms=["pooled_budget"]
    )
    event = history(partnership)[0]
    assert event.action == "update" and event.actor == trust_editor
    assert set(event.changes) == {"name", "mechanisms"}
    assert event.changes["name"] == {
        "label": "Name",
        "before": "Better Care Fund",
        "after": "Better Care Fund 2025",
    }
    # Saving the same values again writes no event.
    actions.update_partnership(partnership, by=trust_editor, name="Better Care Fund 2025")
    assert history(partnership).count() == 2


def test_an_editor_cannot_remove_their_own_organisation(
    place, county, district, trust, county_editor
):
    partnership = _create(county_editor, place, county, trust)
    with pytest.raises(ValidationError, match="Keep at least one organisation you edit for"):
        actions.update_partnership(
            partnership, by=county_editor, partners=[(district, "lead"), (trust, "partner")]
        )


def test_archive_keeps_the_record_and_restore_brings_it_back(place, county, trust, county_editor):
    partnership = _create(county_editor, place, county, trust)
    actions.archive_partnership(partnership, by=county_editor)
    partnership.refresh_from_db()
    assert partnership.is_archived
    assert Partnership.objects.filter(pk=partnership.pk).exists()
    assert not Partnership.objects.active().filter(pk=partnership.pk).exists()
    with pytest.raises(ValidationError, match="archived partnership cannot be changed"):
        actions.update_partnership(partnership, by=county_editor, name="New name")
    actions.archive_partnership(partnership, by=county_editor, restore=True)
    assert [e.action for e in history(partnership)] == ["restore", "archive", "create"]


def test_partnerships_cannot_be_deleted_while_referenced(place, county, trust, county_editor):
    from django.db.models import ProtectedError

    _create(county_editor, place, county, trust)
    with pytest.raises(ProtectedError):
        place.delete()
