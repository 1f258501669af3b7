"""Forms of the register. They only collect and clean input; the actions write."""

from django import forms

from .areas import AreaKind
from .choices import CapacityUnit, ClientGroup, OrganisationKind, Sector, ServiceFunction
from .models import Area, Organisation, Place


class OrganisationForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the name."})
    code = forms.CharField(
        label="ODS or ONS code",
        max_length=12,
        required=False,
        help_text="The NHS ODS code (for example RX1) or a council's ONS code, if it has one.",
    )
    kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=[("", "Choose a kind")] + OrganisationKind.choices,
        error_messages={"required": "Choose the kind of organisation."},
    )
    sectors = forms.MultipleChoiceField(
        label="Sectors it serves",
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Choose at least one sector."},
    )


def place_areas(place: Place):
    """The areas a service can be said to cover: the place's areas down to wards."""
    return Area.objects.filter(pk__in=place.area_ids()).exclude(
        kind__in=[AreaKind.LSOA, AreaKind.MSOA]
    )


class ServiceForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the service's name."})
    description = forms.CharField(widget=forms.Textarea, required=False)
    provider = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        empty_label="Choose the provider",
        error_messages={"required": "Choose the organisation that provides the service."},
    )
    commissioners = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The organisations that pay for it. Leave empty if the provider funds it.",
    )
    client_group = forms.ChoiceField(
        choices=[("", "Choose a client group")] + ClientGroup.choices,
        error_messages={"required": "Choose the client group."},
    )
    function = forms.ChoiceField(
        label="What it does",
        choices=[("", "Choose a function")] + ServiceFunction.choices,
        error_messages={"required": "Choose what the service does."},
    )
    areas = forms.ModelMultipleChoiceField(
        label="Areas covered",
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    capacity = forms.IntegerField(
        min_value=0,
        required=False,
        error_messages={"invalid": "Capacity must be a whole number, like 40."},
    )
    capacity_unit = forms.ChoiceField(
        label="Capacity is counted in",
        choices=[("", "Not known")] + CapacityUnit.choices,
        required=False,
    )
    annual_cost = forms.DecimalField(
        label="Annual cost in pounds",
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="For example 1250000 or 1250000.50. Leave empty if not known.",
        error_messages={"invalid": "Enter the annual cost as a number of pounds, like 1250000."},
    )

    def __init__(self, *args, place: Place, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = place.organisations.filter(archived_at__isnull=True)
        self.fields["provider"].queryset = organisations
        self.fields["commissioners"].queryset = organisations
        self.fields["areas"].queryset = place_areas(place)

    def clean(self):
        data = super().clean()
        if data.get("capacity") is not None and not data.get("capacity_unit"):
            self.add_error("capacity_unit", "Choose what the capacity is counted in.")
        return data
