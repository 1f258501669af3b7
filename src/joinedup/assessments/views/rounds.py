"""Managers' pages: the rounds of a place, starting a round, its progress, links, closing."""

import csv
import io
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from joinedup.accounts.permissions import Permission, has_permission
from joinedup.assessments import actions
from joinedup.assessments.downloads import safe_text
from joinedup.assessments.forms import InvitationsForm, RoundForm
from joinedup.assessments.progress import progress
from joinedup.audit.trail import history
from joinedup.partnerships.models import Partnership
from joinedup.places.scoping import place_for
from joinedup.web.forms import add_errors

from .scope import round_for, rounds_in


def _editable_partnerships(request, place):
    partnerships = (
        Partnership.objects.visible_to(request.user)
        .filter(place=place)
        .active()
        .prefetch_related("members")
    )
    return [
        p
        for p in partnerships
        if has_permission(request.user, Permission.EDIT_PARTNERSHIP, partnership=p)
    ]


def round_list(request, place):
    place = place_for(request, place)
    rounds = rounds_in(request, place)
    partnership = request.GET.get("partnership", "")
    if partnership.isdigit():
        rounds = rounds.filter(partnership_id=int(partnership))
    return render(
        request,
        "assessments/round_list.html",
        {
            "place": place,
            "rounds": rounds,
            "today": timezone.localdate(),
            "can_create": bool(_editable_partnerships(request, place)),
        },
    )


def round_create(request, place):
    place = place_for(request, place)
    partnerships = _editable_partnerships(request, place)
    if not partnerships:
        raise PermissionDenied("You do not edit for a partner of any partnership here.")
    initial = {"partnership": request.GET.get("partnership", "")}
    form = RoundForm(request.POST or None, partnerships=partnerships, initial=initial)
    if request.method == "POST" and form.is_valid():
        partnership, instrument_id, version = form.chosen()
        fields = {k: form.cleaned_data[k] for k in ("title", "opens_on", "closes_on")}
        try:
            assessment_round = actions.create_round(
                by=request.user,
                partnership=partnership,
                instrument_id=instrument_id,
                instrument_version=version,
                **fields,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{assessment_round.title} is set up. Now make its links.")
            return redirect("assessment_round", place=place.slug, pk=assessment_round.pk)
    return render(request, "assessments/round_form.html", {"place": place, "form": form})


def round_detail(request, place, pk):
    place, assessment_round = round_for(request, place, pk)
    today = timezone.localdate()
    return render(
        request,
        "assessments/round_detail.html",
        {
            "place": place,
            "round": assessment_round,
            "instrument": assessment_round.instrument,
            "state": assessment_round.state(today),
            "progress": progress(assessment_round),
            "can_manage": has_permission(
                request.user, Permission.EDIT_PARTNERSHIP, partnership=assessment_round.partnership
            ),
            "accepting_links": assessment_round.closed_on is None
            and today <= assessment_round.closes_on,
            "history": history(assessment_round),
        },
    )


@require_POST
def round_close(request, place, pk):
    place, assessment_round = round_for(request, place, pk)
    try:
        actions.close_round(assessment_round, by=request.user)
        messages.success(request, f"{assessment_round.title} is closed: it accepts no answers.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assessment_round", place=place.slug, pk=assessment_round.pk)


def links_csv(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Organisation", "Stakeholder group", "Link"])
    for row in rows:
        writer.writerow([safe_text(value) for value in row])
    return buffer.getvalue()


@never_cache
def invitations_create(request, place, pk):
    place, assessment_round = round_for(request, place, pk)
    actions.require_can_manage(request.user, assessment_round)
    organisations = [m.organisation for m in assessment_round.partnership.members.all()]
    form = InvitationsForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.create_invitations(
                assessment_round, by=request.user, counts=form.counts()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            rows = [
                (
                    invitation.organisation.name,
                    invitation.get_stakeholder_group_display(),
                    request.build_absolute_uri(reverse("assessment_respond", args=[token])),
                )
                for invitation, token in made
            ]
            # The tokens exist only in this response: shown once, and offered as a CSV built
            # into the page (a data: link), so they are never sent back to the server.
            return render(
                request,
                "assessments/links.html",
                {
                    "place": place,
                    "round": assessment_round,
                    "rows": rows,
                    "csv_href": "data:text/csv;charset=utf-8," + quote(links_csv(rows)),
                },
            )
    return render(
        request,
        "assessments/invitations_form.html",
        {"place": place, "round": assessment_round, "form": form},
    )
