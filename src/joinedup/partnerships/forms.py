"""The partnership form: one role question per organisation of the place, so it works
without JavaScript and a screen reader hears each organisation by name."""

from django import forms

from joinedup.places.choices import ClientGroup

from .models import MechanismKind, PartnerRole, Visibility

NOT_A_PARTNER = ""


class PartnershipForm(forms.Form):
    name = forms.CharField(
        max_length=200, error_messages={"required": "Enter the partnership's name."}
    )
    purpose = forms.CharField(
        widget=forms.Textarea,
        help_text="What the partners do together, and for whom.",
        error_messages={"required": "Enter the partnership's purpose."},
    )
    client_groups = forms.MultipleChoiceField(
        choices=ClientGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Choose at least one client group."},
    )
    mechanisms = forms.MultipleChoiceField(
        label="How the partners work together",
        choices=MechanismKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply. Pooled budgets, lead commissioning and integrated "
        "provision are the section 75 arrangements.",
    )
    visibility = forms.ChoiceField(
        label="Who can see this partnership",
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.PLACE,
    )
    start_date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the start date as a real date, like 2025-04-01."},
    )
    end_date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty if it has no planned end.",
        error_messages={"invalid": "Enter the end date as a real date, like 2028-03-31."},
    )
    governance_notes = forms.CharField(
        widget=forms.Textarea,
        required=False,
        help_text="For example the agreement, the board it reports to and how often.",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations)
        for organisation in self.organisations:
            self.fields[self.partner_field(organisation)] = forms.ChoiceField(
                label=organisation.name,
                choices=[(NOT_A_PARTNER, "Not a partner")] + PartnerRole.choices,
                required=False,
            )

    @staticmethod
    def partner_field(organisation) -> str:
        return f"partner_{organisation.pk}"

    def partner_fields(self):
        return [self[self.partner_field(o)] for o in self.organisations]

    def partners(self):
        return [
            (organisation, self.cleaned_data[self.partner_field(organisation)])
            for organisation in self.organisations
            if self.cleaned_data.get(self.partner_field(organisation))
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date.")
        chosen = [o for o in self.organisations if data.get(self.partner_field(o))]
        if len(chosen) < 2 and self.organisations:
            self.add_error(
                self.partner_field(self.organisations[0]),
                "Choose a role for at least two partner organisations.",
            )
        return data
