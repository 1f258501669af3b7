"""The data-item catalogue: what each item means, and which returns collect it.

``library/catalogue.json`` defines items shared across specifications (an NHS number is the
same thing in a social care return and a discharge list); a field points at its item with
``"x-item"``. :meth:`Catalogue.shared` lists the items collected in more than one return, by
whom and how often: the duplication burden that a joint collection can remove.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import SpecError
from .model import Spec


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    meaning: str
    standard: str = ""


@dataclass(frozen=True)
class Use:
    spec: str
    spec_title: str
    field: str
    collected_by: str
    frequency: str


@dataclass(frozen=True)
class Catalogue:
    items: dict[str, Item]
    uses: dict[str, tuple[Use, ...]]

    def shared(self) -> list[tuple[Item, tuple[Use, ...]]]:
        """Items that more than one specification collects, most widely collected first.

        >>> "nhs_number" in [item.id for item, _ in load_catalogue().shared()]
        True
        """
        shared = [
            (self.items[item], uses)
            for item, uses in self.uses.items()
            if len({use.spec for use in uses}) > 1
        ]
        return sorted(shared, key=lambda pair: (-len({u.spec for u in pair[1]}), pair[0].id))


def load_catalogue(
    path: str | Path | None = None, specs: dict[str, Spec] | None = None
) -> Catalogue:
    """The catalogue, checked against the specifications that point into it."""
    from .registry import LIBRARY, shipped_specs

    path = Path(path) if path else LIBRARY / "catalogue.json"
    specs = shipped_specs() if specs is None else specs
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SpecError("file", f"cannot be read as JSON: {error}", str(path)) from error
    items = {}
    for item_id, entry in raw.get("items", {}).items():
        if not isinstance(entry, dict) or not entry.get("title") or not entry.get("meaning"):
            raise SpecError(f"item '{item_id}'", "needs a 'title' and a 'meaning'.", str(path))
        items[item_id] = Item(item_id, entry["title"], entry["meaning"], entry.get("standard", ""))
    uses: dict[str, list[Use]] = {item: [] for item in items}
    for spec in specs.values():
        for field in spec.fields:
            if field.item is None:
                continue
            if field.item not in items:
                raise SpecError(
                    f"field '{field.name}'",
                    f"x-item {field.item!r} is not in the data-item catalogue ({path.name}).",
                    spec.origin,
                )
            uses[field.item].append(
                Use(spec.name, spec.title, field.name, spec.collected_by, spec.frequency)
            )
    return Catalogue(items, {item: tuple(found) for item, found in uses.items()})
