"""Rounds and links: who may make them, what they refuse, and the audit trail they leave."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.assessments import actions
from joinedup.assessments.models import Invitation, RespondentSector, StakeholderGroup
from joinedup.assessments.tokens import token_hash
from joinedup.audit.models import AuditEvent

from .builders import CLOSES, DURING, OPENS, links, make_round, partnership_of

GROUP = StakeholderGroup.FRONT_LINE


@pytest.fixture
def partnership(place, county, trust):
    return partnership_of(place, county, trust)


def test_an_editor_of_a_partner_starts_a_round_and_it_is_audited(partnership, county_editor):
    assessment_round = make_round(partnership, county_editor)
    assert assessment_round.instrument.id == "partnership-assessment-tool"
    event = AuditEvent.objects.get(object_id=str(assessment_round.pk))
    assert event.actor == county_editor and event.action == "create"


@pytest.mark.parametrize("who", ["county_viewer", "district_editor"])
def test_viewers_and_editors_of_other_organisations_cannot_start_a_round(request, partnership, who):
    with pytest.raises(PermissionDenied):
        make_round(partnership, request.getfixturevalue(who))


def test_a_round_needs_a_known_instrument_and_sensible_dates(partnership, county_editor):
    with pytest.raises(ValidationError) as error:
        make_round(
            partnership,
            county_editor,
            instrument="no-such-tool",
            opens_on=CLOSES,
            closes_on=OPENS,
        )
    assert set(error.value.message_dict) == {"instrument", "closes_on"}


def test_links_carry_organisation_group_and_sector_and_only_a_hash_of_the_token(
    partnership, county_editor, county, trust
):
    assessment_round = make_round(partnership, county_editor)
    made = links(assessment_round, county_editor, {(county, GROUP): 2, (trust, GROUP): 1})
    assert len(made) == 3
    tokens = [token for _, token in made]
    assert len(set(tokens)) == 3 and all(len(token) >= 43 for token in tokens)
    stored = Invitation.objects.filter(round=assessment_round)
    assert {i.token_hash for i in stored} == {token_hash(t) for t in tokens}
    for invitation in stored:
        assert all(
            token not in str(value) for value in vars(invitation).values() for token in tokens
        )
    assert {(i.organisation, i.sector) for i in stored} == {
        (county, RespondentSector.COUNCIL),
        (trust, RespondentSector.NHS),
    }
    audit = AuditEvent.objects.filter(object_id=str(assessment_round.pk), action="update").get()
    assert "(2)" in audit.changes["links"]["after"]


def test_links_only_for_partner_organisations(partnership, county_editor, district):
    assessment_round = make_round(partnership, county_editor)
    with pytest.raises(ValidationError):
        links(assessment_round, county_editor, {(district, GROUP): 1})


def test_a_viewer_cannot_make_links(partnership, county_editor, county_viewer, county):
    assessment_round = make_round(partnership, county_editor)
    with pytest.raises(PermissionDenied):
        links(assessment_round, county_viewer, {(county, GROUP): 1})


def test_a_closed_round_takes_no_more_links(partnership, county_editor, county):
    assessment_round = make_round(partnership, county_editor)
    with pytest.raises(ValidationError):
        links(assessment_round, county_editor, {(county, GROUP): 1}, today=CLOSES.replace(day=28))
    actions.close_round(assessment_round, by=county_editor, today=DURING)
    assert not assessment_round.is_open(DURING)
    with pytest.raises(ValidationError):
        links(assessment_round, county_editor, {(county, GROUP): 1})


def test_closing_is_for_editors_and_happens_once(partnership, county_editor, county_viewer):
    assessment_round = make_round(partnership, county_editor)
    with pytest.raises(PermissionDenied):
        actions.close_round(assessment_round, by=county_viewer)
    actions.close_round(assessment_round, by=county_editor, today=datetime.date(2026, 1, 9))
    assert assessment_round.state(datetime.date(2026, 1, 9)) == "closed"
    with pytest.raises(ValidationError):
        actions.close_round(assessment_round, by=county_editor)
