"""Who may do what: permissions named in code, roles as sets of them, one place that checks.

A user holds a role (viewer, editor, admin) in each organisation they belong to. Permissions are
checked against the object they concern, through the organisations that object involves:

    >>> has_permission(user, Permission.EDIT_PARTNERSHIP, partnership=p)   # doctest: +SKIP
    True
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from .models import Membership, Role


class Permission(StrEnum):
    VIEW_PLACE = "view_place"
    CREATE_PARTNERSHIP = "create_partnership"
    EDIT_PARTNERSHIP = "edit_partnership"
    CREATE_SERVICE = "create_service"
    EDIT_SERVICE = "edit_service"
    ADD_ORGANISATION = "add_organisation"
    EDIT_ORGANISATION = "edit_organisation"
    MANAGE_USERS = "manage_users"
    # Send data files for the organisation (data officers).
    SUBMIT_DATA = "submit_data"
    # See record-level data that any organisation of the place has submitted (analysts); the
    # submitting organisation's own members always see theirs.
    SEE_RECORD_LEVEL_DATA = "see_record_level_data"


VIEWER_PERMISSIONS = frozenset({Permission.VIEW_PLACE})
EDITOR_PERMISSIONS = VIEWER_PERMISSIONS | {
    Permission.CREATE_PARTNERSHIP,
    Permission.EDIT_PARTNERSHIP,
    Permission.CREATE_SERVICE,
    Permission.EDIT_SERVICE,
    Permission.ADD_ORGANISATION,
    Permission.EDIT_ORGANISATION,
    Permission.SUBMIT_DATA,
}
ADMIN_PERMISSIONS = EDITOR_PERMISSIONS | {Permission.MANAGE_USERS}
ANALYST_PERMISSIONS = VIEWER_PERMISSIONS | {
    Permission.SUBMIT_DATA,
    Permission.SEE_RECORD_LEVEL_DATA,
}

ROLE_PERMISSIONS = {
    Role.VIEWER: VIEWER_PERMISSIONS,
    Role.EDITOR: EDITOR_PERMISSIONS,
    Role.ADMIN: ADMIN_PERMISSIONS,
    Role.ANALYST: ANALYST_PERMISSIONS,
}
ROLE_DESCRIPTIONS = {
    Role.VIEWER: "Sees the place's register and the partnerships open to it.",
    Role.EDITOR: "Also records and changes partnerships, services and organisations.",
    Role.ADMIN: "Also adds people to the organisation and sets their roles.",
    Role.ANALYST: "Sees the register, sends data, and sees the record-level data every "
    "organisation of the place has sent (for needs assessment).",
}


def roles_by_organisation(user) -> dict[int, Role]:
    """Organisation id -> the user's role there; one query, remembered on the user object."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_joinedup_roles", None)
    if cached is None:
        cached = {
            org_id: Role(role)
            for org_id, role in Membership.objects.filter(user=user).values_list(
                "organisation_id", "role"
            )
        }
        user._joinedup_roles = cached
    return cached


def forget_roles(user) -> None:
    """Drop the remembered roles after memberships change."""
    user.__dict__.pop("_joinedup_roles", None)


def _organisations_for(*, place=None, partnership=None, service=None, organisation=None):
    """The organisations through which a user may act on the object."""
    if partnership is not None:
        return {m.organisation_id for m in partnership.members.all()}
    if service is not None:
        return {service.provider_id} | {o.pk for o in service.commissioners.all()}
    if organisation is not None:
        return {organisation.pk}
    if place is not None:
        return set(place.organisations.values_list("pk", flat=True))
    raise TypeError("has_permission needs the object the permission concerns")


def has_permission(
    user, permission: Permission, *, place=None, partnership=None, service=None, organisation=None
) -> bool:
    roles = roles_by_organisation(user)
    if not roles:
        return False
    organisations = _organisations_for(
        place=place, partnership=partnership, service=service, organisation=organisation
    )
    return any(
        permission in ROLE_PERMISSIONS[roles[org_id]] for org_id in organisations if org_id in roles
    )


def require_permission(user, permission: Permission, **objects) -> None:
    if not has_permission(user, permission, **objects):
        raise PermissionDenied(f"You do not have permission to {permission.replace('_', ' ')}.")


def organisations_where(user, permission: Permission) -> set[int]:
    """Ids of the organisations in which the user holds the permission."""
    return {
        org_id
        for org_id, role in roles_by_organisation(user).items()
        if permission in ROLE_PERMISSIONS[role]
    }
