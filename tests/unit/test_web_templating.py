"""The Jinja environment's filters and the Django-form-to-GOV.UK field adapter."""

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import engines

from joinedup.web.jinja2_env import breakable, format_date, format_datetime, pounds, thousands


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", max_length=20, help_text="As people know it")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("", "---------"), ("a", "A"), ("b", "B")])
    level = forms.ChoiceField(
        label="Level", choices=[("1", "One"), ("2", "Two")], widget=forms.RadioSelect
    )
    sectors = forms.MultipleChoiceField(
        label="Sectors",
        choices=[("nhs", "NHS"), ("care", "Social care")],
        widget=forms.CheckboxSelectMultiple,
    )
    starts = forms.DateField(label="Start date", widget=forms.DateInput)
    size = forms.IntegerField(label="Size", required=False)
    agreed = forms.BooleanField(label="I agree")


def test_breakable_names_wrap_only_at_underscores_and_brackets():
    assert breakable("Cost_Frequency_(Unit_Type)") == "Cost_<wbr>Frequency_<wbr>(Unit_<wbr>Type)"
    assert breakable("Gender") == "Gender"
    assert breakable("A_") == "A_"  # nothing to wrap onto
    assert breakable(None) == ""
    # Escaped first: a field name written in a file is the uploader's text.
    assert render("{{ name | breakable }}", name="<b>A_b") == "&lt;b&gt;A_<wbr>b"


def test_dates():
    assert format_date(dt.date(2025, 4, 1)) == "1 April 2025"
    assert format_date(dt.date(2025, 4, 1), short=True) == "1 Apr 2025"
    assert format_date(None) == ""
    utc_evening = dt.datetime(2025, 6, 30, 23, 30, tzinfo=dt.UTC)  # 00:30 on 1 July in London
    assert format_date(utc_evening) == "1 July 2025"
    assert format_datetime(utc_evening) == "1 July 2025 at 12:30am"
    london = ZoneInfo("Europe/London")
    assert (
        format_datetime(dt.datetime(2025, 1, 2, 14, 5, tzinfo=london)) == "2 January 2025 at 2:05pm"
    )
    assert render("{{ d | date }}", d=dt.date(2026, 11, 26)) == "26 November 2026"


def test_money_and_numbers():
    assert pounds(Decimal("1234567")) == "£1,234,567"
    assert pounds(Decimal("1234567.5")) == "£1,234,567.50"
    assert pounds(Decimal("1234567.5"), pence=False) == "£1,234,568"
    assert pounds(Decimal("12"), pence=True) == "£12.00"
    assert pounds(Decimal("-1500")) == "-£1,500"
    assert pounds(None) == ""
    assert thousands(1234567) == "1,234,567"
    assert thousands(Decimal("1234.567"), 1) == "1,234.6"
    assert thousands(Decimal("1E+3")) == "1,000"
    assert render("{{ x | pounds }}", x=Decimal("2500000")) == "£2,500,000"


def test_autoescape_and_url():
    assert render("{{ x }}", x="<b>") == "&lt;b&gt;"
    assert render("{{ url('accessibility') }}") == "/accessibility/"
    assert render("{{ static('joinedup.css') }}") == "/static/joinedup.css"


def test_one_environment():
    backend = engines["jinja2"]
    assert backend.env is engines["jinja2"].env
    assert backend.env.globals["field"] is not None


def test_fields_render_with_labels_hints_and_ids():
    html = render(
        "{% for f in form %}{{ field(f) }}{% endfor %}",
        form=SampleForm(initial={"starts": dt.date(2026, 4, 1)}),
    )
    assert '<label class="govuk-label" for="id_name">' in html
    assert 'id="id_name-hint"' in html and "As people know it" in html
    assert 'maxlength="20"' in html
    assert "Notes (optional)" in html
    assert '<textarea class="govuk-textarea" id="id_notes" name="notes"' in html
    assert '<select class="govuk-select" id="id_kind" name="kind"' in html
    assert "Choose an option" in html
    assert html.count('<fieldset class="govuk-fieldset"') == 2  # radios and checkboxes
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">' in html
    assert 'id="id_level" name="level" type="radio" value="1"' in html
    assert 'id="id_sectors" name="sectors" type="checkbox" value="nhs"' in html
    assert 'type="date" value="2026-04-01"' in html
    assert 'id="id_size" name="size" type="text"' in html and 'inputmode="numeric"' in html
    assert 'id="id_agreed" name="agreed" type="checkbox" value="on"' in html
    assert " required" not in html


def test_errors_and_error_summary():
    form = SampleForm(data={"name": "x" * 30, "kind": "a", "level": "3", "starts": "2026-13-01"})
    assert not form.is_valid()
    html = render(
        "{{ error_summary(form) }}{% for f in form %}{{ field(f) }}{% endfor %}", form=form
    )
    assert 'class="govuk-error-summary"' in html
    for field_id in ("id_name", "id_level", "id_sectors", "id_starts", "id_agreed"):
        assert f'href="#{field_id}"' in html
    assert 'id="id_name-error"' in html
    assert "govuk-input--error" in html
    assert 'value="2026-13-01"' in html  # what was typed comes back
    assert 'value="3"' not in html  # an invalid radio choice is not invented


def test_error_summary_is_empty_without_errors():
    assert render("{{ error_summary(form) }}", form=SampleForm()) == ""


@pytest.mark.parametrize("extra", [{"spellcheck": False}, {"params": {"spellcheck": False}}])
def test_macro_parameters_pass_through(extra):
    form = SampleForm()
    html = engines["jinja2"].env.globals["field"](engines["jinja2"].env, form["name"], **extra)
    assert 'spellcheck="false"' in html


def test_a_field_with_help_text_is_described_once_by_its_hint():
    from django import forms as django_forms
    from django.template import engines

    class CommentForm(django_forms.Form):
        comment = django_forms.CharField(
            widget=django_forms.Textarea, help_text="Anything else?", required=False
        )

    html = str(
        engines["jinja2"].env.from_string('{{ field(form["comment"]) }}').render(form=CommentForm())
    )
    assert html.count("aria-describedby") == 1
    assert 'aria-describedby="id_comment-hint"' in html


def test_add_errors_puts_each_action_message_on_its_field():
    from django import forms as django_forms
    from django.core.exceptions import ValidationError

    from joinedup.web.forms import add_errors

    class Form(django_forms.Form):
        name = django_forms.CharField(required=False)
        first_partner = django_forms.CharField(required=False)

    form = Form({})
    assert form.is_valid()
    add_errors(
        form,
        ValidationError({"name": "Enter a name.", "partners": "Two at least.", "x": "Other."}),
        aliases={"partners": "first_partner"},
    )
    assert form.errors == {
        "name": ["Enter a name."],
        "first_partner": ["Two at least."],
        "__all__": ["Other."],
    }
    form = Form({})
    form.is_valid()
    add_errors(form, ValidationError("Too short."), default="name")
    assert form.errors == {"name": ["Too short."]}


def test_problems_table_keeps_short_values_whole_and_field_names_breakable():
    from types import SimpleNamespace

    problems = [
        SimpleNamespace(
            row=9, field="NHS_Number", value="943 476 5919", message="m", severity="error"
        ),
        SimpleNamespace(row=10, field="Gender", value="x" * 17, message="m", severity="warning"),
        SimpleNamespace(row=11, field="Gender", value="", message="m", severity="error"),
    ]
    html = render(
        '{% from "submissions/_macros.html" import problems_table %}{{ problems_table(p, "c") }}',
        p=problems,
    )
    cells = re.findall(r'<td class="govuk-table__cell ?([^"]*)">([^<]*)</td>', html)
    # A short value (an NHS number, a date) is not split at a space or hyphen; a long one
    # may break anywhere, so that it never widens the table past its box.
    assert ("joinedup-nowrap", "943 476 5919") in cells
    assert ("joinedup-break", "x" * 17) in cells
    assert ("joinedup-nowrap", "") in cells
    assert "NHS_<wbr>Number" in html
