"""Render Django form fields through the GOV.UK Frontend macros.

In a template (both are globals of the Jinja environment, no import needed)::

    {{ error_summary(form) }}
    <form method="post" novalidate>
      {{ csrf_input }}
      {{ field(form["name"]) }}
      {{ field(form["kind"], hint="Choose the closest") }}
      {{ field(form["title"], label_classes="govuk-label--l", is_page_heading=True) }}
      {{ field(form["code"], classes="govuk-input--width-10", autocomplete="off") }}
      ...
    </form>

The widget decides the component:

=====================================  ==========================================
Django widget                          GOV.UK component
=====================================  ==========================================
TextInput, EmailInput, NumberInput,    ``govukInput`` (type from the widget)
URLInput, PasswordInput, DateInput     (DateInput: ``type="date"``, ISO value)
Textarea                               ``govukTextarea``
Select                                 ``govukSelect``
RadioSelect                            ``govukRadios`` in a fieldset with a legend
CheckboxSelectMultiple, SelectMultiple ``govukCheckboxes`` in a fieldset with a legend
CheckboxInput (BooleanField)           ``govukCheckboxes`` with one item, no fieldset
FileInput                              ``govukFileUpload``
HiddenInput                            the widget as Django renders it
=====================================  ==========================================

Labels are the field's label, with " (optional)" when the field is not required, as the
Design System advises; hints are ``help_text``; errors are the field's errors. Inputs have the
ids Django would give them (``id_<name>``); for radios and checkboxes that is the first
item's id, which is where :func:`error_summary` links.

Other keyword arguments are passed to the macro as parameters of the same name
(``spellcheck=False``, ``prefix={"text": "£"}``); ``params`` (a dict) is merged last, one level
deep, for anything else (``params={"formGroup": {"classes": "..."}}``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2
from django import forms as django_forms
from markupsafe import Markup

__all__ = ["add_errors", "error_summary", "field"]

_MACROS = {
    "govukInput": "govuk_frontend_jinja/components/input/macro.html",
    "govukTextarea": "govuk_frontend_jinja/components/textarea/macro.html",
    "govukSelect": "govuk_frontend_jinja/components/select/macro.html",
    "govukRadios": "govuk_frontend_jinja/components/radios/macro.html",
    "govukCheckboxes": "govuk_frontend_jinja/components/checkboxes/macro.html",
    "govukFileUpload": "govuk_frontend_jinja/components/file-upload/macro.html",
    "govukErrorSummary": "govuk_frontend_jinja/components/error-summary/macro.html",
}

# Widget attributes that the macros set themselves, or that we leave out on purpose (browser
# validation messages are not accessible, so no ``required``; GOV.UK validates on the server).
_SKIP_ATTRS = {
    "id",
    "name",
    "type",
    "class",
    "required",
    "value",
    "checked",
    "multiple",
    # Django points this at its own help text element; the macro describes by its hint.
    "aria-describedby",
}


def _macro(env: jinja2.Environment, name: str):
    # get_template is cached by the environment, and Template.module by the template.
    return getattr(env.get_template(_MACROS[name]).module, name)


def _merge(base: dict, extra: dict | None) -> dict:
    """Merge ``extra`` into ``base``, one level deep for nested dicts such as ``label``."""
    for key, value in (extra or {}).items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return base


def _error_text(bound_field) -> str:
    return " ".join(str(e) for e in bound_field.errors)


def _label_text(bound_field, label: str | None) -> str:
    text = str(label if label is not None else bound_field.label)
    if not bound_field.field.required:
        text += " (optional)"
    return text


def _choices(bound_field) -> list[tuple[str, str]]:
    """The widget's choices as (value, label) strings; option groups are flattened."""
    flat = []
    for value, label in bound_field.field.widget.choices:
        if isinstance(label, list | tuple):
            flat.extend((str(v), str(lab)) for v, lab in label)
        else:
            flat.append(("" if value is None else str(value), str(label)))
    return flat


def _selected(bound_field) -> set[str]:
    value = bound_field.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value}
    return {str(value)}


def _widget_attributes(bound_field) -> dict[str, Any]:
    attrs = {}
    for key, value in bound_field.build_widget_attrs(bound_field.field.widget.attrs).items():
        if key in _SKIP_ATTRS or value is None or value is False:
            continue
        attrs[key] = {"value": True, "optional": True} if value is True else str(value)
    return attrs


def _input_value(bound_field, widget) -> str | None:
    value = bound_field.value()
    if value is None or value == "":
        return None
    if isinstance(widget, django_forms.DateInput) and isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(widget, django_forms.PasswordInput) and not widget.render_value:
        return None
    formatted = widget.format_value(value)
    return None if formatted is None else str(formatted)


@jinja2.pass_environment
def field(
    env: jinja2.Environment,
    bound_field,
    *,
    label: str | None = None,
    label_classes: str | None = None,
    is_page_heading: bool = False,
    hint: str | None = None,
    classes: str | None = None,
    autocomplete: str | None = None,
    params: dict | None = None,
    **extra: Any,
) -> Markup:
    """Render one bound field of a Django form with the matching GOV.UK component.

    Other keyword arguments are the macro's own parameters, set as given
    (``spellcheck=False``, ``inputmode="numeric"``, ``prefix={"text": "£"}``); ``params``
    is merged last, one level deep.
    """
    widget = bound_field.field.widget
    if isinstance(widget, django_forms.HiddenInput):
        return Markup(str(bound_field))

    hint_text = hint if hint is not None else bound_field.help_text
    error = _error_text(bound_field)
    common: dict[str, Any] = {
        "name": bound_field.html_name,
        "hint": {"text": hint_text} if hint_text else None,
        "errorMessage": {"text": error} if error else None,
        "attributes": _widget_attributes(bound_field),
    }
    if classes:
        common["classes"] = classes
    heading = {"isPageHeading": True} if is_page_heading else {}
    field_id = bound_field.auto_id or bound_field.html_name

    if isinstance(widget, django_forms.CheckboxInput):
        checkbox = {
            "value": "on",
            "text": str(label if label is not None else bound_field.label),
            "checked": bool(widget.check_test(bound_field.value())),
            "id": field_id,
        }
        macro, values = "govukCheckboxes", {**common, "idPrefix": field_id, "items": [checkbox]}
    elif isinstance(
        widget,
        django_forms.RadioSelect
        | django_forms.CheckboxSelectMultiple
        | django_forms.SelectMultiple,
    ):
        selected = _selected(bound_field)
        items = [
            {"value": value, "text": text, "checked": value in selected}
            for value, text in _choices(bound_field)
            if value != ""  # a radio for "no choice" makes no sense; omit the blank option
        ]
        legend = {
            "text": _label_text(bound_field, label),
            "classes": label_classes
            or ("govuk-fieldset__legend--l" if is_page_heading else "govuk-fieldset__legend--s"),
            **heading,
        }
        # CheckboxSelectMultiple is a subclass of RadioSelect in Django: test for it first.
        multiple = isinstance(
            widget, django_forms.CheckboxSelectMultiple | django_forms.SelectMultiple
        )
        macro = "govukCheckboxes" if multiple else "govukRadios"
        values = {**common, "idPrefix": field_id, "items": items, "fieldset": {"legend": legend}}
    else:
        label_params = {"text": _label_text(bound_field, label), **heading}
        if label_classes or is_page_heading:
            label_params["classes"] = label_classes or "govuk-label--l"
        values = {**common, "id": field_id, "label": label_params}
        if isinstance(widget, django_forms.Select):
            selected = _selected(bound_field)
            macro = "govukSelect"
            values["items"] = [
                {
                    "value": value,
                    "text": "Choose an option" if text == "---------" else text,
                    "selected": value in selected,
                }
                for value, text in _choices(bound_field)
            ]
        elif isinstance(widget, django_forms.Textarea):
            macro = "govukTextarea"
            values["value"] = _input_value(bound_field, widget)
            values["rows"] = widget.attrs.get("rows", 5)
            values["attributes"].pop("rows", None)
            values["attributes"].pop("cols", None)
        elif isinstance(widget, django_forms.FileInput):
            macro = "govukFileUpload"
        else:
            macro = "govukInput"
            values["type"] = (
                "date"
                if isinstance(widget, django_forms.DateInput)
                else (getattr(widget, "input_type", None) or "text")
            )
            values["value"] = _input_value(bound_field, widget)
            values["autocomplete"] = autocomplete or widget.attrs.get("autocomplete")
            values["attributes"].pop("autocomplete", None)
            if values["type"] == "number":
                # GOV.UK: type="number" misbehaves (scroll wheel, rounding); ask for digits instead.
                values["type"] = "text"
                values["inputmode"] = "numeric" if _is_integer_field(bound_field) else "decimal"
                for attr in ("step", "min", "max"):
                    values["attributes"].pop(attr, None)

    values = _merge({k: v for k, v in values.items() if v is not None}, extra)
    values = _merge(values, params)
    return _macro(env, macro)(values)


def _is_integer_field(bound_field) -> bool:
    return isinstance(bound_field.field, django_forms.IntegerField)


@jinja2.pass_environment
def error_summary(env: jinja2.Environment, form, title: str = "There is a problem") -> Markup:
    """The GOV.UK error summary for a bound form, linking to each field with an error.

    Renders nothing when the form has no errors. Errors not tied to a field come first and
    have no link. Hidden fields' errors are listed without a link too.
    """
    if not form.is_bound or not form.errors:
        return Markup("")
    error_list = [{"text": str(error)} for error in form.non_field_errors()]
    for bound_field in form:
        for error in bound_field.errors:
            item = {"text": str(error)}
            if not bound_field.is_hidden:
                item["href"] = f"#{bound_field.auto_id or bound_field.html_name}"
            error_list.append(item)
    return _macro(env, "govukErrorSummary")({"titleText": title, "errorList": error_list})


def add_errors(form, error, *, default: str | None = None, aliases: dict | None = None) -> None:
    """Put an action's ValidationError on the form, each message on the field it names.

    A message for a field the form lacks goes to ``aliases[name]`` if given, else to the form
    as a whole; a ValidationError without fields goes to ``default`` (None: the whole form).
    """
    if not hasattr(error, "error_dict"):
        form.add_error(default, error.messages)
        return
    for name, problems in error.message_dict.items():
        target = (aliases or {}).get(name, name)
        form.add_error(target if target in form.fields else None, problems)
