"""Watching answers arrive: how many links each organisation and group have used, with the
core's suppression rule, so that the counts never show a group of fewer than 5 people, even
by subtraction. Links made are shown in full: managers made them, they say nothing of anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Q

from joinedup.instruments import THRESHOLD, plan_suppression

from .models import AssessmentRound, StakeholderGroup


@dataclass(frozen=True)
class ProgressRow:
    breakdown: str  # "all", "organisation" or "stakeholder_group"
    label: str
    links: int
    answered: int | None  # None when hidden


def progress(assessment_round: AssessmentRound) -> list[ProgressRow]:
    cells = list(
        assessment_round.invitations.values("organisation__name", "stakeholder_group")
        .annotate(links=Count("id"), answered=Count("id", filter=Q(submitted=True)))
        .order_by("organisation__name", "stakeholder_group")
    )
    if not cells:
        return [ProgressRow("all", "All partners", 0, 0)]
    aggregates: list[tuple[str, str, set[int]]] = [("all", "All partners", set(range(len(cells))))]
    for breakdown, field in (
        ("organisation", "organisation__name"),
        ("stakeholder_group", "stakeholder_group"),
    ):
        for value in sorted({cell[field] for cell in cells}):
            label = StakeholderGroup(value).label if breakdown == "stakeholder_group" else value
            members = {n for n, cell in enumerate(cells) if cell[field] == value}
            aggregates.append((breakdown, label, members))
    membership = np.zeros((len(aggregates), len(cells)))
    for number, (_, _, members) in enumerate(aggregates):
        membership[number, sorted(members)] = 1
    answered = np.array([cell["answered"] for cell in cells], dtype=int)
    plan = plan_suppression(membership, answered, threshold=THRESHOLD)
    return [
        ProgressRow(
            breakdown=breakdown,
            label=label,
            links=sum(cells[n]["links"] for n in members),
            answered=None if plan.suppressed[number] else int(answered[sorted(members)].sum()),
        )
        for number, (breakdown, label, members) in enumerate(aggregates)
    ]
