"""The shipped specifications in ``library/``, by name: add a file, get a specification."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .loading import load_spec
from .model import Spec

LIBRARY = Path(__file__).parent / "library"


@cache
def shipped_specs() -> dict[str, Spec]:
    """Every ``library/*.json`` specification, loaded once; the first bad file stops the load."""
    specs = {}
    for path in sorted(LIBRARY.glob("*.json")):
        if path.name == "catalogue.json":
            continue
        spec = load_spec(path)
        specs[spec.name] = spec
    return specs


def get_spec(name_or_path: str | Path) -> Spec:
    """A shipped specification by name, or any specification file by its path.

    >>> get_spec("asc-cld").field("NHS_Number").format
    'nhs-number'
    """
    specs = shipped_specs()
    if str(name_or_path) in specs:
        return specs[str(name_or_path)]
    path = Path(name_or_path)
    if path.suffix == ".json" and path.is_file():
        return load_spec(path)
    raise KeyError(
        f"No specification {str(name_or_path)!r}: the shipped ones are {', '.join(sorted(specs))}, "
        "or give the path of a .json specification."
    )
