from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .models import Role
from .permissions import ROLE_DESCRIPTIONS

ROLE_CHOICES = [(role.value, role.label) for role in Role]


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is switched off. Ask an admin of your organisation.",
    }


class AddMemberForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        help_text="If they already have a sign-in, enter it; otherwise choose one for them.",
        error_messages={"required": "Enter a username."},
    )
    email = forms.EmailField(required=False, help_text="Needed only for a new sign-in.")
    password = forms.CharField(
        label="Temporary password",
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Needed only for a new sign-in: at least 10 characters. Give it to them "
        "in person or by phone, not by email.",
    )
    role = forms.ChoiceField(
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        initial=Role.VIEWER,
        help_text=" ".join(f"{Role(r).label}: {d}" for r, d in ROLE_DESCRIPTIONS.items()),
    )


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES, widget=forms.RadioSelect)
