"""Signing in and out, and an organisation's admins managing its people."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator

from joinedup.places.scoping import get_or_404, place_for
from joinedup.web.forms import add_errors

from . import actions
from .forms import AddMemberForm, ChangeRoleForm, SignInForm
from .permissions import Permission, require_permission


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True


sign_out = auth_views.LogoutView.as_view()


def _organisation(request, place, pk):
    place = place_for(request, place)
    organisation = get_or_404(place.organisations.all(), pk=pk)
    require_permission(request.user, Permission.MANAGE_USERS, organisation=organisation)
    return place, organisation


def member_list(request, place, pk):
    place, organisation = _organisation(request, place, pk)
    members = organisation.memberships.select_related("user")
    return render(
        request,
        "accounts/member_list.html",
        {"place": place, "organisation": organisation, "members": members},
    )


def member_add(request, place, pk):
    place, organisation = _organisation(request, place, pk)
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        User = get_user_model()
        try:
            with transaction.atomic():
                user = User.objects.filter(username__iexact=data["username"]).first()
                if user is None:
                    if not data["password"]:
                        raise ValidationError(
                            {"password": "Enter a temporary password for the new sign-in."}
                        )
                    user = actions.create_user(
                        by=request.user,
                        username=data["username"],
                        email=data["email"],
                        password=data["password"],
                    )
                actions.add_member(
                    by=request.user, organisation=organisation, user=user, role=data["role"]
                )
        except ValidationError as error:
            # Field-less problems come from the password validators.
            add_errors(form, error, default="password")
        else:
            messages.success(request, f"{user.username} is added to {organisation.name}.")
            return redirect("member_list", place=place.slug, pk=organisation.pk)
    return render(
        request,
        "accounts/member_add.html",
        {"place": place, "organisation": organisation, "form": form},
    )


def member_edit(request, place, pk, membership):
    place, organisation = _organisation(request, place, pk)
    membership = get_or_404(
        organisation.memberships.select_related("user"),
        pk=membership,
    )
    form = ChangeRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                actions.remove_member(membership, by=request.user)
                messages.success(request, f"{membership.user.username} is removed.")
                return redirect("member_list", place=place.slug, pk=organisation.pk)
            if form.is_valid():
                actions.change_role(membership, by=request.user, role=form.cleaned_data["role"])
                messages.success(request, f"{membership.user.username}'s role is saved.")
                return redirect("member_list", place=place.slug, pk=organisation.pk)
        except ValidationError as error:
            form.add_error(None, error.messages)
    return render(
        request,
        "accounts/member_edit.html",
        {"place": place, "organisation": organisation, "membership": membership, "form": form},
    )
