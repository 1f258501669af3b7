from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from joinedup.accounts.permissions import Permission, has_permission, require_permission
from joinedup.audit.trail import history
from joinedup.partnerships.models import Partnership
from joinedup.places import actions
from joinedup.places.forms import OrganisationForm
from joinedup.places.scoping import get_or_404, place_for
from joinedup.web.forms import add_errors


def _organisations(place):
    return place.organisations.prefetch_related("sector_links")


def organisation_list(request, place):
    place = place_for(request, place)
    return render(
        request,
        "places/organisation_list.html",
        {
            "place": place,
            "organisations": _organisations(place).filter(archived_at__isnull=True),
            "can_add": has_permission(request.user, Permission.ADD_ORGANISATION, place=place),
        },
    )


def organisation_detail(request, place, pk):
    place = place_for(request, place)
    organisation = get_or_404(_organisations(place), pk=pk)
    partnerships = (
        Partnership.objects.visible_to(request.user)
        .filter(place=place, members__organisation=organisation)
        .active()
        .prefetch_related("members__organisation")
    )
    services = place.services.active().filter(provider=organisation).select_related("provider")
    return render(
        request,
        "places/organisation_detail.html",
        {
            "place": place,
            "organisation": organisation,
            "partnerships": partnerships,
            "services": services,
            "can_edit": has_permission(
                request.user, Permission.EDIT_ORGANISATION, organisation=organisation
            ),
            "can_manage_users": has_permission(
                request.user, Permission.MANAGE_USERS, organisation=organisation
            ),
            "history": history(organisation),
        },
    )


def _save(request, place, form, organisation=None):
    data = form.cleaned_data
    fields = {k: data[k] for k in ("name", "kind", "sectors", "code")}
    try:
        if organisation is None:
            organisation = actions.create_organisation(by=request.user, place=place, **fields)
        else:
            actions.update_organisation(organisation, by=request.user, **fields)
    except ValidationError as error:
        add_errors(form, error)
        return None
    return organisation


def organisation_create(request, place):
    place = place_for(request, place)
    require_permission(request.user, Permission.ADD_ORGANISATION, place=place)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = _save(request, place, form)
        if organisation:
            messages.success(request, f"{organisation.name} is added to {place.name}.")
            return redirect("organisation_detail", place=place.slug, pk=organisation.pk)
    return render(
        request,
        "places/organisation_form.html",
        {"place": place, "form": form, "organisation": None},
    )


def organisation_edit(request, place, pk):
    place = place_for(request, place)
    organisation = get_or_404(_organisations(place), pk=pk)
    require_permission(request.user, Permission.EDIT_ORGANISATION, organisation=organisation)
    initial = {
        "name": organisation.name,
        "code": organisation.code,
        "kind": organisation.kind,
        "sectors": organisation.sectors,
    }
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save(request, place, form, organisation):
        messages.success(request, f"Your changes to {organisation.name} are saved.")
        return redirect("organisation_detail", place=place.slug, pk=organisation.pk)
    return render(
        request,
        "places/organisation_form.html",
        {"place": place, "form": form, "organisation": organisation},
    )
