"""The upload form: which data, for which organisation and period, and the file."""

from django import forms
from django.utils import timezone

from joinedup.specs import get_spec, shipped_specs

from . import periods
from .files import SUFFIXES


def spec_choices() -> list[tuple[str, str]]:
    return [(name, f"{get_spec(name).title} ({name})") for name in shipped_specs()]


class SubmissionForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label="Organisation sending the data",
        coerce=int,
        empty_value=None,
        error_messages={
            "required": "Choose the organisation sending the data",
            "invalid_choice": "Choose an organisation you send data for",
        },
    )
    spec_name = forms.ChoiceField(
        label="Which data",
        help_text="The specification the file follows. Each one's fields and rules are on the "
        "Data page, under What to send.",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which data the file holds"},
    )
    period = forms.ChoiceField(
        label="Reporting period", error_messages={"required": "Choose the reporting period"}
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="CSV (UTF-8), Excel workbook (.xlsx: its first sheet is read) or Parquet. "
        "The first row names the columns.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
        error_messages={
            "required": "Choose a file to upload",
            "empty": "The file is empty",
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        self.fields["organisation"].choices = [("", "Choose an organisation")] + [
            (o.pk, o.name) for o in organisations
        ]
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
        self.fields["spec_name"].choices = spec_choices()
        self.fields["period"].choices = [("", "Choose a period")] + [
            (p.key, p.label) for p in periods.recent(timezone.localdate())
        ]

    def clean_organisation(self):
        value = self.cleaned_data["organisation"]
        if value not in self.organisations:
            raise forms.ValidationError("Choose an organisation you send data for.")
        return self.organisations[value]
