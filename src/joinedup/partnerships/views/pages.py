from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from joinedup.accounts.permissions import Permission, has_permission, require_permission
from joinedup.audit.trail import history
from joinedup.partnerships import actions
from joinedup.partnerships.forms import PartnershipForm
from joinedup.partnerships.models import MechanismKind, Partnership
from joinedup.places.choices import ClientGroup
from joinedup.places.scoping import get_or_404, place_for
from joinedup.web.forms import add_errors

FIELDS = ("name", "purpose", "visibility", "start_date", "end_date", "governance_notes")


def _partnerships(request, place):
    """The only way these views reach partnerships: scoped to what the user may see."""
    return (
        Partnership.objects.visible_to(request.user)
        .filter(place=place)
        .prefetch_related("members__organisation", "client_groups", "mechanisms")
    )


def partnership_list(request, place):
    place = place_for(request, place)
    partnerships = _partnerships(request, place)
    show_archived = request.GET.get("archived") == "yes"
    if not show_archived:
        partnerships = partnerships.active()
    client_group = request.GET.get("client_group", "")
    if client_group in ClientGroup.values:
        partnerships = partnerships.filter(client_groups__client_group=client_group)
    mechanism = request.GET.get("mechanism", "")
    if mechanism in MechanismKind.values:
        partnerships = partnerships.filter(mechanisms__kind=mechanism)
    return render(
        request,
        "partnerships/list.html",
        {
            "place": place,
            "partnerships": partnerships,
            "client_groups": ClientGroup.choices,
            "mechanisms": MechanismKind.choices,
            "selected": {
                "client_group": client_group,
                "mechanism": mechanism,
                "archived": show_archived,
            },
            "can_create": has_permission(request.user, Permission.CREATE_PARTNERSHIP, place=place),
        },
    )


def partnership_detail(request, place, pk):
    place = place_for(request, place)
    partnership = get_or_404(_partnerships(request, place), pk=pk)
    return render(
        request,
        "partnerships/detail.html",
        {
            "place": place,
            "partnership": partnership,
            "can_edit": has_permission(
                request.user, Permission.EDIT_PARTNERSHIP, partnership=partnership
            ),
            "history": history(partnership),
        },
    )


def _form(request, place, partnership=None):
    organisations = place.organisations.filter(archived_at__isnull=True)
    initial = {}
    if partnership is not None:
        initial = {name: getattr(partnership, name) for name in FIELDS}
        initial["client_groups"] = partnership.client_group_values()
        initial["mechanisms"] = partnership.mechanism_values()
        for member in partnership.members.all():
            initial[PartnershipForm.partner_field(member.organisation)] = member.role
    return PartnershipForm(request.POST or None, organisations=organisations, initial=initial)


def _save(request, place, form, partnership=None):
    data = form.cleaned_data
    fields = {name: data[name] for name in FIELDS}
    children = {
        "partners": form.partners(),
        "client_groups": data["client_groups"],
        "mechanisms": data["mechanisms"],
    }
    try:
        if partnership is None:
            return actions.create_partnership(by=request.user, place=place, **fields, **children)
        return actions.update_partnership(partnership, by=request.user, **fields, **children)
    except ValidationError as error:
        # Problems with the partners as a whole show on the first partner's question.
        first = form.partner_field(form.organisations[0]) if form.organisations else None
        add_errors(form, error, aliases={"partners": first})
    except PermissionDenied as error:
        form.add_error(None, str(error))
    return None


def partnership_create(request, place):
    place = place_for(request, place)
    require_permission(request.user, Permission.CREATE_PARTNERSHIP, place=place)
    form = _form(request, place)
    if request.method == "POST" and form.is_valid():
        partnership = _save(request, place, form)
        if partnership:
            messages.success(request, f"{partnership.name} is recorded.")
            return redirect("partnership_detail", place=place.slug, pk=partnership.pk)
    return render(
        request, "partnerships/form.html", {"place": place, "form": form, "partnership": None}
    )


def partnership_edit(request, place, pk):
    place = place_for(request, place)
    partnership = get_or_404(_partnerships(request, place).active(), pk=pk)
    require_permission(request.user, Permission.EDIT_PARTNERSHIP, partnership=partnership)
    form = _form(request, place, partnership)
    if request.method == "POST" and form.is_valid() and _save(request, place, form, partnership):
        messages.success(request, f"Your changes to {partnership.name} are saved.")
        return redirect("partnership_detail", place=place.slug, pk=partnership.pk)
    return render(
        request,
        "partnerships/form.html",
        {"place": place, "form": form, "partnership": partnership},
    )


def partnership_archive(request, place, pk):
    place = place_for(request, place)
    partnership = get_or_404(_partnerships(request, place), pk=pk)
    require_permission(request.user, Permission.EDIT_PARTNERSHIP, partnership=partnership)
    restore = partnership.is_archived
    if request.method == "POST":
        actions.archive_partnership(partnership, by=request.user, restore=restore)
        verb = "restored" if restore else "archived"
        messages.success(request, f"{partnership.name} is {verb}.")
        return redirect("partnership_detail", place=place.slug, pk=partnership.pk)
    return render(
        request,
        "places/confirm_archive.html",
        {
            "place": place,
            "record": partnership,
            "restore": restore,
            "kind": "partnership",
            "cancel_url": ("partnership_detail", place.slug, partnership.pk),
        },
    )
