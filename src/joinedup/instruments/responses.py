"""One round's answers: a respondents x questions matrix (NaN = not answered) and who they are.

Respondents are anonymous; what is known about each is their organisation, its sector (NHS,
council or other) and their stakeholder group (e.g. "front-line staff"). An organisation belongs
to one sector, so a sector's respondents are exactly its organisations' respondents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import Instrument

SECTORS = ("NHS", "council", "other")
ATTRIBUTES = ("organisation", "sector", "stakeholder_group")


@dataclass(frozen=True, eq=False)
class Responses:
    """Answers to one instrument, one row per respondent, columns in ``instrument.questions``.

    >>> from joinedup.instruments import default_registry
    >>> bp = default_registry().get("barriers-and-principles")
    >>> answers = np.full((2, len(bp.questions)), np.nan); answers[:, 0] = [1, 4]
    >>> Responses(bp, answers, organisation=["Trust", "County"], sector=["NHS", "council"],
    ...           stakeholder_group=["managers", "managers"]).count
    2
    """

    instrument: Instrument
    values: np.ndarray
    organisation: np.ndarray
    sector: np.ndarray
    stakeholder_group: np.ndarray

    def __post_init__(self):
        values = np.array(self.values, dtype=float)
        if values.ndim != 2 or values.shape[1] != len(self.instrument.questions):
            raise ValueError(
                f"Answers to {self.instrument.id} {self.instrument.version} need one column per "
                f"question ({len(self.instrument.questions)}); got shape {values.shape}."
            )
        values.setflags(write=False)
        object.__setattr__(self, "values", values)
        for name in ATTRIBUTES:
            column = np.array(getattr(self, name), dtype=object)
            if column.shape != (values.shape[0],):
                raise ValueError(
                    f"{name} needs one entry per respondent ({values.shape[0]}), "
                    f"got shape {column.shape}."
                )
            if any(not isinstance(one, str) or not one for one in column):
                raise ValueError(f"every respondent needs a {name} (non-empty text).")
            column.setflags(write=False)
            object.__setattr__(self, name, column)
        if unknown := sorted(set(self.sector) - set(SECTORS)):
            raise ValueError(f"Unknown sector(s) {unknown}; sectors are {list(SECTORS)}.")
        sectors_of: dict[str, set[str]] = {}
        for organisation, sector in zip(self.organisation, self.sector, strict=True):
            sectors_of.setdefault(organisation, set()).add(sector)
        if mixed := sorted(org for org, sectors in sectors_of.items() if len(sectors) > 1):
            raise ValueError(f"Organisation(s) {mixed} appear in more than one sector.")
        for question in self.instrument.questions:
            column = values[:, question.column]
            answered = column[~np.isnan(column)]
            if bad := sorted(set(answered[~np.isin(answered, question.scale.values)].tolist())):
                raise ValueError(
                    f"Question '{question.id}' has answers {bad} that are not on its scale "
                    f"'{question.scale.id}' {list(question.scale.values)}."
                )

    @property
    def count(self) -> int:
        return self.values.shape[0]

    def attribute(self, name: str) -> np.ndarray:
        if name not in ATTRIBUTES:
            raise ValueError(f"Unknown attribute {name!r}; attributes are {list(ATTRIBUTES)}.")
        return getattr(self, name)

    def subset(self, rows: np.ndarray) -> Responses:
        """The respondents picked by a boolean mask or index array."""
        return Responses(
            self.instrument,
            self.values[rows],
            self.organisation[rows],
            self.sector[rows],
            self.stakeholder_group[rows],
        )
