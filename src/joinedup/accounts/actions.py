"""Accounts and memberships: people are added to organisations by that organisation's admins."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.audit import trail
from joinedup.places.models import Organisation

from .models import Membership, Role
from .permissions import Permission, forget_roles, require_permission

User = get_user_model()


@transaction.atomic
def create_user(
    *,
    by,
    username: str,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    is_superuser: bool = False,
):
    """Create an account. ``by`` is None only from the command line, run by the installer.

    A password of None makes an account that cannot sign in (a service account that only acts).
    """
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"The username {username} is already taken."})
    user = User(username=username, email=email.strip(), first_name=first_name, last_name=last_name)
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.is_superuser = user.is_staff = is_superuser
    user.save()
    trail.record_create(user, by=by if by is not None else user)
    return user


def _membership_extra(membership: Membership) -> dict[str, str]:
    return {"person": membership.user.username, "organisation": membership.organisation.name}


@transaction.atomic
def add_member(*, by, organisation: Organisation, user, role: str) -> Membership:
    """Add a person to an organisation. ``by`` is None only from the command line, which is
    run by whoever administers the installation (as ``joinedup createuser``)."""
    if by is not None and not by.is_superuser:
        require_permission(by, Permission.MANAGE_USERS, organisation=organisation)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": Role(role)}
    )
    if not created:
        raise ValidationError({"username": f"{user.username} is already a member."})
    forget_roles(user)
    trail.record_create(membership, by=by, extra=_membership_extra(membership))
    return membership


@transaction.atomic
def change_role(membership: Membership, *, by, role: str) -> Membership:
    require_permission(by, Permission.MANAGE_USERS, organisation=membership.organisation)
    _keep_an_admin(membership, new_role=role)
    before = trail.snapshot(membership, _membership_extra(membership))
    membership.role = Role(role)
    membership.save(update_fields=["role"])
    forget_roles(membership.user)
    trail.record_update(membership, before=before, by=by, extra=_membership_extra(membership))
    return membership


@transaction.atomic
def remove_member(membership: Membership, *, by) -> None:
    require_permission(by, Permission.MANAGE_USERS, organisation=membership.organisation)
    _keep_an_admin(membership, new_role=None)
    trail.record_archive(membership, by=by)
    membership.delete()
    forget_roles(membership.user)


def _keep_an_admin(membership: Membership, *, new_role) -> None:
    """An organisation never loses its last admin: nobody could then manage its people."""
    if membership.role != Role.ADMIN or new_role == Role.ADMIN:
        return
    admins = Membership.objects.filter(organisation=membership.organisation, role=Role.ADMIN)
    if admins.count() <= 1:
        raise ValidationError(f"{membership.organisation.name} must keep at least one admin.")
