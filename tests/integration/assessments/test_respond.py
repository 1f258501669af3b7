"""Answering through a link, as a respondent who does not sign in."""

import datetime

import pytest
from django.test import Client

from joinedup.assessments.models import Invitation, Response, StakeholderGroup
from joinedup.assessments.tokens import new_token
from tests.unit.assessments.builders import links, make_round

TODAY_OPEN = dict(opens_on=datetime.date(2020, 1, 1), closes_on=datetime.date(2099, 12, 31))


@pytest.fixture
def token(partnership, county_editor, county):
    assessment_round = make_round(partnership, county_editor, **TODAY_OPEN)
    ((_, token),) = links(
        assessment_round, county_editor, {(county, StakeholderGroup.SERVICE_USERS): 1}
    )
    return token


def test_the_survey_opens_without_signing_in_and_says_who_it_is_for(client, token):
    response = client.get(f"/respond/{token}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Partnership Assessment Tool" in text and "Service users and carers" in text
    assert 'name="q_need-1"' in text and 'name="comment_need"' in text
    assert response["Cache-Control"].startswith("max-age=0")


def test_save_then_come_back_then_send(client, token):
    url = f"/respond/{token}/"
    saved = client.post(url, {"q_need-1": "3", "comment_trust": "Good", "save": "yes"})
    assert "Your answers are saved" in saved.content.decode()
    again = client.get(url).content.decode()
    assert 'value="3" checked' in again and "Good</textarea>" in again
    done = client.post(url, {"q_need-1": "4", "q_need-2": "2", "submit": "yes"})
    assert done.status_code == 200 and "Answers sent" in done.content.decode()
    assert Response.objects.get().answers == {"need-1": 4, "need-2": 2}
    used = client.get(url)
    assert used.status_code == 410 and "These answers have been sent" in used.content.decode()
    second = client.post(url, {"q_need-1": "1", "submit": "yes"})
    assert second.status_code == 410 and Response.objects.count() == 1


def test_a_forged_link_gets_a_plain_404_page(client, token):
    response = client.get(f"/respond/{new_token()}/")
    assert response.status_code == 404 and "This link does not work" in response.content.decode()
    post = client.post(f"/respond/{new_token()}/", {"q_need-1": "3", "submit": "yes"})
    assert post.status_code == 404 and not Response.objects.exists()


def test_a_closed_round_changes_nothing(client, token, county_editor):
    from joinedup.assessments import actions

    invitation = Invitation.objects.get()
    actions.close_round(invitation.round, by=county_editor)
    response = client.post(f"/respond/{token}/", {"q_need-1": "3", "save": "yes"})
    assert response.status_code == 410 and "This survey is closed" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.draft_answers == {}


def test_sending_nothing_is_refused_with_an_error_summary(client, token):
    response = client.post(f"/respond/{token}/", {"submit": "yes"})
    text = response.content.decode()
    assert response.status_code == 200 and "Answer at least one statement" in text
    assert "govuk-error-summary" in text and not Response.objects.exists()


def test_answers_need_the_csrf_token(token):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/respond/{token}/", {"q_need-1": "3", "submit": "yes"})
    assert response.status_code == 403 and not Response.objects.exists()


def test_answering_starts_no_session(client, token):
    client.get(f"/respond/{token}/")
    client.post(f"/respond/{token}/", {"q_need-1": "3", "save": "yes"})
    assert "sessionid" not in client.cookies
