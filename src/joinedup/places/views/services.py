from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import redirect, render

from joinedup.accounts.permissions import (
    Permission,
    has_permission,
    organisations_where,
    require_permission,
)
from joinedup.audit.trail import history
from joinedup.places import actions
from joinedup.places.choices import ClientGroup, ServiceFunction
from joinedup.places.forms import ServiceForm
from joinedup.places.models import Service
from joinedup.places.scoping import get_or_404, place_for
from joinedup.web.forms import add_errors

FIELDS = (
    "name",
    "description",
    "provider",
    "client_group",
    "function",
    "capacity",
    "capacity_unit",
    "annual_cost",
)


def _services(request, place):
    return (
        Service.objects.visible_to(request.user)
        .filter(place=place)
        .select_related("provider")
        .prefetch_related("commissioners", "areas")
    )


def service_list(request, place):
    place = place_for(request, place)
    services = _services(request, place).active()
    filters = {
        "client_group": (ClientGroup, request.GET.get("client_group", "")),
        "function": (ServiceFunction, request.GET.get("function", "")),
    }
    for field, (choices, value) in filters.items():
        if value in choices.values:
            services = services.filter(**{field: value})
    return render(
        request,
        "places/service_list.html",
        {
            "place": place,
            "services": services,
            "total_cost": services.aggregate(total=Sum("annual_cost"))["total"],
            "client_groups": ClientGroup.choices,
            "functions": ServiceFunction.choices,
            "selected": {field: value for field, (_, value) in filters.items()},
            "can_create": bool(
                organisations_where(request.user, Permission.CREATE_SERVICE)
                & set(place.organisations.values_list("pk", flat=True))
            ),
        },
    )


def service_detail(request, place, pk):
    place = place_for(request, place)
    service = get_or_404(_services(request, place), pk=pk)
    return render(
        request,
        "places/service_detail.html",
        {
            "place": place,
            "service": service,
            "can_edit": has_permission(request.user, Permission.EDIT_SERVICE, service=service),
            "history": history(service),
        },
    )


def _save(request, place, form, service=None):
    data = form.cleaned_data
    fields = {name: data[name] for name in FIELDS}
    fields["capacity_unit"] = fields["capacity_unit"] or ""
    try:
        if service is None:
            service = actions.create_service(
                by=request.user,
                place=place,
                commissioners=data["commissioners"],
                areas=data["areas"],
                **fields,
            )
        else:
            actions.update_service(
                service,
                by=request.user,
                commissioners=list(data["commissioners"]),
                areas=list(data["areas"]),
                **fields,
            )
    except ValidationError as error:
        add_errors(form, error)
        return None
    return service


def service_create(request, place):
    place = place_for(request, place)
    require_permission(request.user, Permission.CREATE_SERVICE, place=place)
    form = ServiceForm(request.POST or None, place=place)
    if request.method == "POST" and form.is_valid():
        service = _save(request, place, form)
        if service:
            messages.success(request, f"{service.name} is added to the service catalogue.")
            return redirect("service_detail", place=place.slug, pk=service.pk)
    return render(
        request, "places/service_form.html", {"place": place, "form": form, "service": None}
    )


def service_edit(request, place, pk):
    place = place_for(request, place)
    service = get_or_404(_services(request, place).active(), pk=pk)
    require_permission(request.user, Permission.EDIT_SERVICE, service=service)
    initial = {name: getattr(service, name) for name in FIELDS}
    initial |= {"commissioners": service.commissioners.all(), "areas": service.areas.all()}
    form = ServiceForm(request.POST or None, place=place, initial=initial)
    if request.method == "POST" and form.is_valid() and _save(request, place, form, service):
        messages.success(request, f"Your changes to {service.name} are saved.")
        return redirect("service_detail", place=place.slug, pk=service.pk)
    return render(
        request, "places/service_form.html", {"place": place, "form": form, "service": service}
    )


def service_archive(request, place, pk):
    place = place_for(request, place)
    service = get_or_404(_services(request, place), pk=pk)
    require_permission(request.user, Permission.EDIT_SERVICE, service=service)
    restore = service.archived_at is not None
    if request.method == "POST":
        actions.archive_service(service, by=request.user, restore=restore)
        verb = "restored" if restore else "archived"
        messages.success(request, f"{service.name} is {verb}.")
        return redirect("service_detail", place=place.slug, pk=service.pk)
    return render(
        request,
        "places/confirm_archive.html",
        {
            "place": place,
            "record": service,
            "restore": restore,
            "kind": "service",
            "cancel_url": ("service_detail", place.slug, service.pk),
        },
    )
