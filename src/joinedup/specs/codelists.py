"""Code lists by reference: ``"x-codelist": "asc-cld#Service_Type"`` names list ``Service_Type``
in ``codelists/asc-cld.json`` next to the specification.

A code-list file::

    {"lists": {"Service_Type": {
        "source": "where the values come from",
        "complete": true,
        "values": ["Long term support: Community", "..."],
        "deprecated": {"Long Term Support: Community": "Long term support: Community"}}}}

``deprecated`` values are accepted with a warning that names the replacement (``null`` when
there is none); with ``"complete": false`` a value not in the list is a warning, not an error.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from .errors import SpecError
from .model import CodeList

_LIST_KEYS = {"source", "complete", "values", "deprecated", "note"}


def load_codelist(folder: Path, reference: str, where: str) -> CodeList:
    """The list a field names, or a :class:`SpecError` saying which reference is wrong."""
    file_name, _, list_name = str(reference).partition("#")
    if not file_name or not list_name:
        raise SpecError(where, f"x-codelist must be 'file#list', not {reference!r}.")
    lists = _lists(Path(folder) / f"{file_name}.json")
    if list_name not in lists:
        raise SpecError(where, f"code list {reference!r} does not exist in {file_name}.json.")
    return lists[list_name]


@cache
def _lists(path: Path) -> dict[str, CodeList]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SpecError("code lists", f"cannot be read: {error}", str(path)) from error
    result = {}
    for name, raw in data.get("lists", {}).items():
        unknown = set(raw) - _LIST_KEYS
        if unknown or not isinstance(raw.get("values"), list) or not raw["values"]:
            raise SpecError(
                f"code list '{name}'",
                f"needs a non-empty 'values' list and only {sorted(_LIST_KEYS)} keys.",
                str(path),
            )
        values = tuple(raw["values"])
        deprecated = tuple(raw.get("deprecated", {}).items())
        clash = {old for old, _ in deprecated} & set(values)
        if clash or len(set(values)) != len(values):
            raise SpecError(
                f"code list '{name}'",
                "a value is listed twice or as both current and deprecated.",
                str(path),
            )
        result[name] = CodeList(
            name=name,
            values=values,
            deprecated=deprecated,
            complete=bool(raw.get("complete", True)),
            source=raw.get("source", ""),
        )
    return result
