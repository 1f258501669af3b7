"""Writing and reading the audit trail. Called by every app's actions, inside their transaction.

>>> record_create(partnership, by=user)                     # doctest: +SKIP
>>> before = snapshot(partnership)                           # doctest: +SKIP
>>> ... change partnership ...
>>> record_update(partnership, before=before, by=user)       # doctest: +SKIP
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent


def _display(obj, field) -> str:
    value = getattr(obj, field.attname)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = getattr(obj, field.name)
        return str(related)
    return str(value)


def _sentence_case(text: str) -> str:
    # Not str.capitalize(), which would turn "ONS code" into "Ons code".
    return text[:1].upper() + text[1:]


def snapshot(obj, extra: dict[str, str] | None = None) -> dict[str, dict[str, str]]:
    """The display values of a record's own fields, plus any extra (e.g. its partners).

    A model may name the fields worth auditing in ``audited_fields`` (leaving out, say, the
    progress counters a background task updates every second).
    """
    state = {}
    audited = getattr(obj, "audited_fields", None)
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in ("created_at", "updated_at"):
            continue
        if audited is not None and field.name not in audited:
            continue
        state[field.name] = {
            "label": _sentence_case(str(field.verbose_name)),
            "value": _display(obj, field),
        }
    for name, value in (extra or {}).items():
        state[name] = {"label": name.replace("_", " ").capitalize(), "value": value}
    return state


def diff(before: dict, after: dict) -> dict:
    changes = {}
    for name, now in after.items():
        was = before.get(name, {"value": ""})
        if was["value"] != now["value"]:
            changes[name] = {"label": now["label"], "before": was["value"], "after": now["value"]}
    return changes


def _record(obj, action, *, by, changes) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=by,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes,
    )


def record_create(obj, *, by, extra: dict[str, str] | None = None) -> AuditEvent:
    return _record(obj, AuditEvent.Action.CREATE, by=by, changes=diff({}, snapshot(obj, extra)))


def record_update(obj, *, before: dict, by, extra: dict[str, str] | None = None):
    """Audit a change; a save that changed nothing writes nothing and returns None."""
    changes = diff(before, snapshot(obj, extra))
    if not changes:
        return None
    return _record(obj, AuditEvent.Action.UPDATE, by=by, changes=changes)


def record_archive(obj, *, by, restore: bool = False) -> AuditEvent:
    action = AuditEvent.Action.RESTORE if restore else AuditEvent.Action.ARCHIVE
    return _record(obj, action, by=by, changes={})


def history(obj) -> Iterable[AuditEvent]:
    """Every audit event of one record, newest first."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
