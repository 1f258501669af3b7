"""Every change to a partnership goes through here: permission, write and audit in one go."""

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.accounts.permissions import (
    Permission,
    organisations_where,
    require_permission,
)
from joinedup.audit import trail
from joinedup.places.models import Organisation, Place

from .models import (
    Mechanism,
    PartnerRole,
    Partnership,
    PartnershipClientGroup,
    PartnershipMember,
)

EDITABLE_FIELDS = frozenset(
    {"name", "purpose", "visibility", "start_date", "end_date", "governance_notes"}
)


def _extra(partnership: Partnership) -> dict[str, str]:
    members = partnership.members.select_related("organisation")
    return {
        "partners": "; ".join(f"{m.organisation.name} ({m.get_role_display()})" for m in members),
        "client_groups": ", ".join(partnership.client_group_labels()),
        "mechanisms": ", ".join(partnership.mechanism_labels()),
    }


def _validate(
    *,
    place: Place,
    name: str,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    partners: Sequence[tuple[Organisation, str]],
    client_groups: Iterable[str],
) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = "Enter the partnership's name."
    if start_date and end_date and end_date < start_date:
        errors["end_date"] = "The end date must be the same as or after the start date."
    organisations = [organisation for organisation, _ in partners]
    if len(organisations) < 2:
        errors["partners"] = "A partnership needs at least two partner organisations."
    elif len({o.pk for o in organisations}) != len(organisations):
        errors["partners"] = "Each organisation can be a partner only once."
    else:
        in_place = set(place.organisations.values_list("pk", flat=True))
        outside = [o.name for o in organisations if o.pk not in in_place]
        if outside:
            errors["partners"] = f"Not organisations of {place.name}: {', '.join(outside)}."
    for _, role in partners:
        if role not in PartnerRole.values:
            errors["partners"] = f"{role!r} is not a partner role."
    if not list(client_groups):
        errors["client_groups"] = "Choose at least one client group."
    if errors:
        raise ValidationError(errors)


def _set_children(partnership, partners, client_groups, mechanisms) -> None:
    partnership.members.all().delete()
    PartnershipMember.objects.bulk_create(
        PartnershipMember(partnership=partnership, organisation=o, role=r) for o, r in partners
    )
    partnership.client_groups.all().delete()
    PartnershipClientGroup.objects.bulk_create(
        PartnershipClientGroup(partnership=partnership, client_group=c)
        for c in sorted(set(client_groups))
    )
    partnership.mechanisms.all().delete()
    Mechanism.objects.bulk_create(
        Mechanism(partnership=partnership, kind=k) for k in sorted(set(mechanisms))
    )


@transaction.atomic
def create_partnership(
    *,
    by,
    place: Place,
    name: str,
    purpose: str,
    partners: Sequence[tuple[Organisation, str]],
    client_groups: Iterable[str],
    mechanisms: Iterable[str] = (),
    visibility: str = "place",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    governance_notes: str = "",
) -> Partnership:
    """Record a partnership. The acting user must edit for one of its partner organisations,
    so that nobody records a partnership they could not then change."""
    client_groups = list(client_groups)
    _validate(
        place=place,
        name=name,
        start_date=start_date,
        end_date=end_date,
        partners=partners,
        client_groups=client_groups,
    )
    mine = organisations_where(by, Permission.CREATE_PARTNERSHIP)
    if not mine & {organisation.pk for organisation, _ in partners}:
        raise PermissionDenied(
            "One of the partners must be an organisation you are an editor or admin for."
        )
    partnership = Partnership.objects.create(
        place=place,
        name=name.strip(),
        purpose=purpose,
        visibility=visibility,
        start_date=start_date,
        end_date=end_date,
        governance_notes=governance_notes,
    )
    _set_children(partnership, partners, client_groups, mechanisms)
    trail.record_create(partnership, by=by, extra=_extra(partnership))
    return partnership


@transaction.atomic
def update_partnership(
    partnership: Partnership,
    *,
    by,
    partners: Sequence[tuple[Organisation, str]] | None = None,
    client_groups: Iterable[str] | None = None,
    mechanisms: Iterable[str] | None = None,
    **fields,
) -> Partnership:
    require_permission(by, Permission.EDIT_PARTNERSHIP, partnership=partnership)
    if partnership.is_archived:
        raise ValidationError("An archived partnership cannot be changed; restore it first.")
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"update_partnership cannot change {', '.join(sorted(unknown))}")
    members = [(m.organisation, m.role) for m in partnership.members.select_related("organisation")]
    partners = list(partners) if partners is not None else members
    client_groups = list(
        client_groups if client_groups is not None else partnership.client_group_values()
    )
    mechanisms = list(mechanisms if mechanisms is not None else partnership.mechanism_values())
    values = {name: getattr(partnership, name) for name in EDITABLE_FIELDS} | fields
    _validate(
        place=partnership.place,
        name=values["name"],
        start_date=values["start_date"],
        end_date=values["end_date"],
        partners=partners,
        client_groups=client_groups,
    )
    # An editor may not remove every organisation they act for and so lock themselves out.
    mine = organisations_where(by, Permission.EDIT_PARTNERSHIP)
    if not mine & {organisation.pk for organisation, _ in partners}:
        raise ValidationError(
            {"partners": "Keep at least one organisation you edit for among the partners."}
        )
    before = trail.snapshot(partnership, _extra(partnership))
    for name, value in fields.items():
        setattr(partnership, name, value.strip() if name == "name" else value)
    partnership.save()
    _set_children(partnership, partners, client_groups, mechanisms)
    trail.record_update(partnership, before=before, by=by, extra=_extra(partnership))
    return partnership


@transaction.atomic
def archive_partnership(partnership: Partnership, *, by, restore: bool = False) -> Partnership:
    """Archive (or restore) a partnership. Partnerships are never deleted."""
    require_permission(by, Permission.EDIT_PARTNERSHIP, partnership=partnership)
    if restore == (partnership.archived_at is None):
        state = "is not archived" if restore else "is already archived"
        raise ValidationError(f"{partnership.name} {state}.")
    partnership.archived_at = None if restore else timezone.now()
    partnership.save(update_fields=["archived_at", "updated_at"])
    trail.record_archive(partnership, by=by, restore=restore)
    return partnership
