"""Every instrument file in a folder, keyed by (id, version): add a file, get an instrument."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import InstrumentError
from .loading import load_instrument
from .model import Instrument

LIBRARY = Path(__file__).parent / "library"


def _version_key(version: str) -> tuple:
    # "1.10" sorts after "1.9": compare numeric parts as numbers, others as text.
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in version.split(".")
    )


@dataclass(frozen=True)
class Registry:
    """Instruments by (id, version).

    >>> registry = Registry.from_folder(LIBRARY)
    >>> registry.get("barriers-and-principles").key
    ('barriers-and-principles', '1.0')
    """

    instruments: tuple[Instrument, ...]

    def __post_init__(self):
        seen: dict[tuple[str, str], Instrument] = {}
        for instrument in self.instruments:
            if instrument.key in seen:
                raise InstrumentError(
                    f"instrument '{instrument.id}' version '{instrument.version}'",
                    f"is defined twice (also in {seen[instrument.key].origin}).",
                    instrument.origin,
                )
            seen[instrument.key] = instrument

    @classmethod
    def from_folder(cls, folder: str | Path) -> Registry:
        """Load every ``*.toml`` file in ``folder``; the first bad file stops the load."""
        files = sorted(Path(folder).glob("*.toml"))
        return cls(tuple(load_instrument(path) for path in files))

    def __iter__(self) -> Iterator[Instrument]:
        return iter(sorted(self.instruments, key=lambda i: (i.id, _version_key(i.version))))

    def __len__(self) -> int:
        return len(self.instruments)

    def keys(self) -> list[tuple[str, str]]:
        return [instrument.key for instrument in self]

    def get(self, instrument_id: str, version: str | None = None) -> Instrument:
        """One instrument; without a version, its latest version."""
        matches = [i for i in self if i.id == instrument_id]
        if version is not None:
            matches = [i for i in matches if i.version == version]
        if not matches:
            wanted = instrument_id + (f" version {version}" if version else "")
            raise KeyError(f"No instrument {wanted}; there are {self.keys()}.")
        return matches[-1]


@cache
def default_registry() -> Registry:
    """The instruments shipped in ``joinedup/instruments/library`` (loaded once)."""
    return Registry.from_folder(LIBRARY)
