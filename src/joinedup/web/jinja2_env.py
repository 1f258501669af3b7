"""The one Jinja2 environment for our pages.

Django's Jinja2 backend (``TEMPLATES`` in settings) calls :func:`environment` once, when the
backend is first used, and keeps the result; nothing else may build an ``Environment``, so the
compiled GOV.UK macros are cached for the life of the process.

Templates can use, without importing anything:

- ``static(path)`` and ``url(name, *args, **kwargs)`` (``django.urls.reverse``);
- ``get_messages(request)`` (``django.contrib.messages``);
- ``field(bound_field, ...)`` and ``error_summary(form)`` (see :mod:`joinedup.web.forms`);
- the filters ``date``, ``datetime``, ``pounds``, ``thousands`` and ``breakable`` below.

The GOV.UK Frontend macros load by their package path, as their own imports expect::

    {% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import jinja2
import markupsafe
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from joinedup.web import forms

__all__ = [
    "breakable",
    "environment",
    "format_date",
    "format_datetime",
    "pounds",
    "thousands",
    "url",
]


def url(name: str, *args, **kwargs) -> str:
    """``reverse`` for templates: ``url("place_dashboard", place=place.slug)``."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date(value: dt.date | dt.datetime | None, short: bool = False) -> str:
    """GOV.UK style dates: ``1 April 2025`` (``short=True``: ``1 Apr 2025``); None is blank."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return f"{value.day} {value:%b %Y}" if short else f"{value.day} {value:%B %Y}"


def format_datetime(value: dt.datetime | None) -> str:
    """``1 April 2025 at 2:05pm`` (``12am`` midnight, ``12pm`` midday), in local time."""
    if value is None or value == "":
        return ""
    value = _local(value)
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{format_date(value)} at {hour}:{value:%M}{suffix}"


def _to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"not a number: {value!r}") from None


def pounds(value, pence: bool | None = None) -> str:
    """Money: ``£1,234,567``, or ``£1,234,567.50`` with pence; negatives as ``-£1,234``.

    ``pence=None`` (the default) shows pence only when the amount has any; ``True`` always shows
    them, ``False`` rounds to whole pounds (half up). None is blank.
    """
    amount = _to_decimal(value)
    if amount is None:
        return ""
    if pence is None:
        pence = amount != amount.to_integral_value()
    quantum = Decimal("0.01") if pence else Decimal("1")
    amount = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,}"


def thousands(value, places: int | None = None) -> str:
    """Numbers with thousands separators: ``1,234,567``; ``places`` fixes the decimals."""
    number = _to_decimal(value)
    if number is None:
        return ""
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    elif number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,}"


# After an underscore, before a bracket (once where both: "_(").
_BREAK_AT = re.compile(r"(?<=_)(?=[^(])|(?=\()")


def breakable(name) -> markupsafe.Markup:
    """A name such as ``Cost_Frequency_(Unit_Type)``, escaped, that a narrow table cell may wrap
    after an underscore or before a bracket, and nowhere else (not "Gend / er")."""
    text = str(markupsafe.escape("" if name is None else name))
    return markupsafe.Markup(_BREAK_AT.sub("<wbr>", text))


def environment(**options) -> jinja2.Environment:
    """Build the environment; Django passes ``loader`` (the apps' ``jinja2/`` folders) and more."""
    app_loader = options.pop("loader", None)
    govuk_loader = jinja2.PrefixLoader(
        {"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}
    )
    options["loader"] = jinja2.ChoiceLoader(
        [app_loader, govuk_loader] if app_loader else [govuk_loader]
    )
    options["autoescape"] = True
    # The GOV.UK macros test optional parameters as plain Undefined (Flask's default). Django
    # would use DebugUndefined when DEBUG is on, which prints "{{ params.x }}" into pages.
    options["undefined"] = jinja2.Undefined
    options.setdefault("trim_blocks", False)
    env = jinja2.Environment(**options)
    env.globals.update(
        static=static,
        url=url,
        get_messages=get_messages,
        field=forms.field,
        error_summary=forms.error_summary,
    )
    env.filters.update(
        date=format_date,
        datetime=format_datetime,
        pounds=pounds,
        thousands=thousands,
        breakable=breakable,
    )
    return env
