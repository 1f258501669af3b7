"""Every change to the register of places goes through here: check, write and audit at once.

Views, forms, the command line and the demo loader call these functions; none writes models
directly. Each takes the acting user as ``by`` and runs in one transaction.
"""

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.accounts.permissions import Permission, organisations_where, require_permission
from joinedup.audit import trail

from .areas import AGE_BANDS, AreaKind, validate_parent
from .models import Area, AreaPopulation, Organisation, OrganisationSector, Place, Service


def _require_installation_admin(by) -> None:
    # Places and the geography are set up by whoever runs the installation, not by members.
    if not (by is not None and by.is_active and by.is_superuser):
        raise PermissionDenied("Only an installation administrator can change places and areas.")


@transaction.atomic
def create_area(*, by, code: str, name: str, parent: Area | None = None) -> Area:
    _require_installation_admin(by)
    kind = AreaKind.from_code(code)
    validate_parent(kind, AreaKind(parent.kind) if parent else None)
    if Area.objects.filter(code=code).exists():
        raise ValidationError(f"An area with the code {code} already exists.")
    area = Area.objects.create(code=code, name=name, kind=kind, parent=parent)
    trail.record_create(area, by=by)
    return area


@transaction.atomic
def set_population(*, by, area: Area, year: int, counts: Mapping[tuple[str, str], int]) -> int:
    """Replace an area's population for a year: counts maps (sex, age band) to people."""
    _require_installation_admin(by)
    rows = []
    for (sex, age_band), count in counts.items():
        if sex not in AreaPopulation.Sex.values:
            raise ValidationError(f"{area.code} {year}: sex must be F or M, not {sex!r}.")
        if age_band not in AGE_BANDS:
            raise ValidationError(f"{area.code} {year}: {age_band!r} is not a five-year age band.")
        if int(count) < 0:
            raise ValidationError(
                f"{area.code} {year} {sex} {age_band}: a count cannot be negative."
            )
        rows.append(AreaPopulation(area=area, year=year, sex=sex, age_band=age_band, count=count))
    before = AreaPopulation.objects.filter(area=area, year=year)
    replaced = before.count()
    before.delete()
    AreaPopulation.objects.bulk_create(rows)
    total = sum(r.count for r in rows)
    trail.record_update(
        area,
        before={
            f"population_{year}": {"label": f"Population {year}", "value": f"{replaced} cells"}
        },
        by=by,
        extra={f"population_{year}": f"{len(rows)} cells, {total:,} people"},
    )
    return len(rows)


@transaction.atomic
def create_place(
    *, by, name: str, slug: str, description: str = "", areas: Iterable[Area] = ()
) -> Place:
    _require_installation_admin(by)
    if Place.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"A place with the short name {slug} already exists."})
    place = Place.objects.create(name=name, slug=slug, description=description)
    place.areas.set(areas)
    trail.record_create(place, by=by, extra={"areas": ", ".join(a.code for a in place.areas.all())})
    return place


ORGANISATION_CODE = re.compile(r"^(?:[A-Z0-9]{3,6}|[EWSN]\d{8})$")


def _clean_organisation_code(code: str) -> str:
    """An NHS ODS code (3 to 6 letters and digits, like RX1 or QHL) or an ONS code."""
    code = code.strip().upper()
    if code and not ORGANISATION_CODE.match(code):
        raise ValidationError(
            {
                "code": f'"{code}" is neither an ODS code (3 to 6 letters and digits, like RX1) '
                "nor an ONS code (a letter and eight digits, like E10000006)."
            }
        )
    return code


def _sector_text(organisation: Organisation) -> str:
    return ", ".join(organisation.sector_labels())


@transaction.atomic
def create_organisation(
    *, by, place: Place, name: str, kind: str, sectors: Iterable[str], code: str = ""
) -> Organisation:
    """Add an organisation to a place. Editors of any organisation already there may do so;
    the first organisations of a new place are added by an installation administrator."""
    if not (by is not None and by.is_superuser):
        require_permission(by, Permission.ADD_ORGANISATION, place=place)
    code = _clean_organisation_code(code)
    if code and Organisation.objects.filter(code=code).exists():
        raise ValidationError({"code": f"An organisation with the code {code} already exists."})
    organisation = Organisation.objects.create(name=name, kind=kind, code=code)
    OrganisationSector.objects.bulk_create(
        OrganisationSector(organisation=organisation, sector=s) for s in sorted(set(sectors))
    )
    place.organisations.add(organisation)
    trail.record_create(
        organisation, by=by, extra={"sectors": _sector_text(organisation), "place": place.name}
    )
    return organisation


@transaction.atomic
def update_organisation(
    organisation: Organisation, *, by, name: str, kind: str, sectors: Iterable[str], code: str = ""
) -> Organisation:
    require_permission(by, Permission.EDIT_ORGANISATION, organisation=organisation)
    code = _clean_organisation_code(code)
    if code and Organisation.objects.filter(code=code).exclude(pk=organisation.pk).exists():
        raise ValidationError({"code": f"An organisation with the code {code} already exists."})
    before = trail.snapshot(organisation, {"sectors": _sector_text(organisation)})
    organisation.name, organisation.kind, organisation.code = name, kind, code
    organisation.save()
    organisation.sector_links.exclude(sector__in=set(sectors)).delete()
    existing = set(organisation.sector_links.values_list("sector", flat=True))
    OrganisationSector.objects.bulk_create(
        OrganisationSector(organisation=organisation, sector=s)
        for s in sorted(set(sectors) - existing)
    )
    trail.record_update(
        organisation, before=before, by=by, extra={"sectors": _sector_text(organisation)}
    )
    return organisation


def _service_extra(service: Service) -> dict[str, str]:
    return {
        "commissioners": ", ".join(sorted(o.name for o in service.commissioners.all())),
        "areas": ", ".join(sorted(a.code for a in service.areas.all())),
    }


def _check_service_organisations(place: Place, provider, commissioners) -> None:
    in_place = set(place.organisations.values_list("pk", flat=True))
    outside = [o.name for o in [provider, *commissioners] if o.pk not in in_place]
    if outside:
        raise ValidationError(f"Not organisations of {place.name}: {', '.join(outside)}.")


@transaction.atomic
def create_service(
    *,
    by,
    place: Place,
    name: str,
    provider: Organisation,
    client_group: str,
    function: str,
    commissioners: Iterable[Organisation] = (),
    areas: Iterable[Area] = (),
    description: str = "",
    capacity: int | None = None,
    capacity_unit: str = "",
    annual_cost: Decimal | None = None,
) -> Service:
    commissioners = list(commissioners)
    _check_service_organisations(place, provider, commissioners)
    # The acting user must work for the provider or a commissioner of the new service.
    allowed = {provider.pk} | {c.pk for c in commissioners}
    installer = by is not None and by.is_superuser
    if not (installer or organisations_where(by, Permission.CREATE_SERVICE) & allowed):
        raise PermissionDenied(
            "You can record a service only for an organisation you edit for: its provider or "
            "one of its commissioners."
        )
    if annual_cost is not None and not isinstance(annual_cost, Decimal):
        raise TypeError("annual_cost must be a Decimal: money never uses floats")
    service = Service.objects.create(
        place=place,
        name=name,
        description=description,
        provider=provider,
        client_group=client_group,
        function=function,
        capacity=capacity,
        capacity_unit=capacity_unit,
        annual_cost=annual_cost,
    )
    service.commissioners.set(commissioners)
    service.areas.set(areas)
    trail.record_create(service, by=by, extra=_service_extra(service))
    return service


@transaction.atomic
def update_service(service: Service, *, by, commissioners=None, areas=None, **fields) -> Service:
    require_permission(by, Permission.EDIT_SERVICE, service=service)
    if service.archived_at is not None:
        raise ValidationError("An archived service cannot be changed; restore it first.")
    before = trail.snapshot(service, _service_extra(service))
    for name, value in fields.items():
        if name not in {
            "name",
            "description",
            "provider",
            "client_group",
            "function",
            "capacity",
            "capacity_unit",
            "annual_cost",
        }:
            raise TypeError(f"update_service cannot change {name}")
        setattr(service, name, value)
    if service.annual_cost is not None and not isinstance(service.annual_cost, Decimal):
        raise TypeError("annual_cost must be a Decimal: money never uses floats")
    _check_service_organisations(
        service.place,
        service.provider,
        list(service.commissioners.all()) if commissioners is None else commissioners,
    )
    service.save()
    if commissioners is not None:
        service.commissioners.set(commissioners)
    if areas is not None:
        service.areas.set(areas)
    trail.record_update(service, before=before, by=by, extra=_service_extra(service))
    return service


@transaction.atomic
def archive_service(service: Service, *, by, restore: bool = False) -> Service:
    require_permission(by, Permission.EDIT_SERVICE, service=service)
    service.archived_at = None if restore else timezone.now()
    service.save(update_fields=["archived_at", "updated_at"])
    trail.record_archive(service, by=by, restore=restore)
    return service
