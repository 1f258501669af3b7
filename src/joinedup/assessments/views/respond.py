"""The respondent's page: no sign-in, reached only through a single-use link.

A forged, used or closed link changes nothing and gets a plain message. Nothing about the
visit is stored but the answers themselves (see docs/adr/0004-anonymous-respondents.md).
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from joinedup.assessments import actions
from joinedup.assessments.forms import AnswerForm
from joinedup.assessments.tokens import invitation_for

MESSAGES = {
    "unknown": (
        404,
        "This link does not work",
        "Check that you copied the whole link. If it still does not work, ask the person who "
        "sent it to you for a new one.",
    ),
    "submitted": (
        410,
        "These answers have been sent",
        "This link has been used to send answers already, and each link can send answers only "
        "once. Thank you for taking part.",
    ),
    "closed": (
        410,
        "This survey is closed",
        "It is no longer accepting answers, and nothing you send now will be saved.",
    ),
    "not_open": (
        403,
        "This survey is not open yet",
        "Come back with the same link on or after the day it opens.",
    ),
}


def _message(request, reason, assessment_round=None):
    status, heading, body = MESSAGES[reason]
    context = {"heading": heading, "body": body, "round": assessment_round}
    return render(request, "assessments/respond_message.html", context, status=status)


def _problem(invitation, today):
    if invitation is None:
        return "unknown"
    if invitation.submitted:
        return "submitted"
    assessment_round = invitation.round
    if today < assessment_round.opens_on:
        return "not_open"
    return None if assessment_round.is_open(today) else "closed"


@login_not_required
@never_cache
def respond(request, token):
    invitation = invitation_for(token)
    today = timezone.localdate()
    if problem := _problem(invitation, today):
        return _message(request, problem, invitation.round if invitation else None)
    instrument = invitation.round.instrument
    form = AnswerForm(
        request.POST or None, instrument=instrument, initial=AnswerForm.initial_from(invitation)
    )
    saved = False
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            actions.save_answers(
                invitation,
                answers=form.answers(),
                comments=form.comments(),
                submit=submit,
                today=today,
            )
        except actions.AlreadySubmitted:
            return _message(request, "submitted", invitation.round)
        except actions.RoundClosed:
            return _message(request, "closed", invitation.round)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if submit:
                return render(request, "assessments/respond_done.html", {"round": invitation.round})
            saved = True
    return render(
        request,
        "assessments/respond.html",
        {
            "form": form,
            "round": invitation.round,
            "instrument": instrument,
            "invitation": invitation,
            "saved": saved,
        },
    )
