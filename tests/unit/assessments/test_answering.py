"""Answering through a link: save and come back, submit once, nothing while closed, and
nothing stored that could say who answered or when."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from joinedup.assessments import actions
from joinedup.assessments.models import Comment, Invitation, Response, StakeholderGroup
from joinedup.assessments.tokens import invitation_for, new_token
from joinedup.audit.models import AuditEvent

from .builders import CLOSES, DURING, OPENS, links, make_round, partnership_of


@pytest.fixture
def invitation(place, county, trust, county_editor):
    assessment_round = make_round(partnership_of(place, county, trust), county_editor)
    ((_, token),) = links(
        assessment_round, county_editor, {(county, StakeholderGroup.FRONT_LINE): 1}
    )
    return invitation_for(token)


def test_a_forged_token_finds_nothing(invitation):
    assert invitation_for(new_token()) is None
    assert invitation_for("") is None
    assert invitation_for("x" * 500) is None


def test_answers_can_be_saved_and_changed_until_submitted(invitation):
    actions.save_answers(invitation, answers={"need-1": 3}, comments={"need": "Hi"}, today=DURING)
    invitation.refresh_from_db()
    assert invitation.draft_answers == {"need-1": 3} and not invitation.submitted
    actions.save_answers(invitation, answers={"need-1": 4, "need-2": 1}, today=DURING)
    invitation.refresh_from_db()
    assert invitation.draft_answers == {"need-1": 4, "need-2": 1}
    assert not Response.objects.exists()


def test_submitting_cuts_the_answers_off_from_the_link(invitation):
    actions.save_answers(
        invitation,
        answers={"need-1": 3, "trust-2": 1},
        comments={"trust": "Meetings start late."},
        submit=True,
        today=DURING,
    )
    invitation.refresh_from_db()
    assert (
        invitation.submitted and invitation.draft_answers == {} and invitation.draft_comments == {}
    )
    response = Response.objects.get()
    assert response.answers == {"need-1": 3, "trust-2": 1}
    assert response.organisation == invitation.organisation
    assert Comment.objects.get().text == "Meetings start late."
    # Answers are not audited: an audit row would carry the time of answering.
    assert not AuditEvent.objects.filter(object_repr__icontains="response").exists()


def test_the_round_refuses_a_second_submission_from_the_same_link(invitation):
    actions.save_answers(invitation, answers={"need-1": 3}, submit=True, today=DURING)
    for submit in (True, False):
        with pytest.raises(actions.AlreadySubmitted):
            actions.save_answers(invitation, answers={"need-1": 1}, submit=submit, today=DURING)
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    "day", [OPENS - datetime.timedelta(days=1), CLOSES + datetime.timedelta(1)]
)
def test_a_round_outside_its_dates_accepts_nothing(invitation, day):
    with pytest.raises(actions.RoundClosed):
        actions.save_answers(invitation, answers={"need-1": 3}, submit=True, today=day)
    invitation.refresh_from_db()
    assert invitation.draft_answers == {} and not Response.objects.exists()


def test_a_round_closed_early_accepts_nothing(invitation, county_editor):
    actions.close_round(invitation.round, by=county_editor, today=DURING)
    invitation.refresh_from_db()
    with pytest.raises(actions.RoundClosed):
        actions.save_answers(invitation, answers={"need-1": 3}, today=DURING)


@pytest.mark.parametrize("answers", [{"need-1": 7}, {"no-such-item": 2}, {"need-1": "many"}, {}])
def test_answers_off_the_scale_or_empty_are_refused(invitation, answers):
    with pytest.raises(ValidationError):
        actions.save_answers(invitation, answers=answers, submit=True, today=DURING)
    assert not Response.objects.exists()


def _fields(model):
    return {field.name: field for field in model._meta.get_fields() if field.concrete}


@pytest.mark.parametrize("model", [Response, Comment])
def test_stored_answers_hold_no_time_no_address_and_no_way_back_to_a_link(model):
    fields = _fields(model)
    assert not [f for f in fields.values() if isinstance(f, models.DateField | models.TimeField)]
    assert not [f for f in fields.values() if isinstance(f, models.GenericIPAddressField)]
    assert not [f for f in fields.values() if f.is_relation and f.related_model is Invitation]
    assert isinstance(fields["id"], models.UUIDField)  # no arrival order in the ids
    assert not {"user", "ip", "email", "name", "token", "token_hash"} & set(fields)


def test_comments_say_nothing_about_who_wrote_them():
    assert set(_fields(Comment)) == {"id", "round", "section", "text"}


def test_invitations_name_no_person_and_no_time():
    fields = _fields(Invitation)
    assert not [f for f in fields.values() if isinstance(f, models.DateField)]
    assert not {"user", "email", "name", "token"} & set(fields)
