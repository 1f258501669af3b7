"""Northshire's assessment rounds: every instrument, several partnerships, two yearly rounds of
the Partnership Assessment Tool for the Better Care Fund, and one round still open.

Answers are synthetic and seeded: each sector leans its own way on some sections (so the
perception gaps have something to show), the Better Care Fund's second round is warmer than its
first (so change shows), and some stakeholder groups are smaller than five (so suppression
shows). Seven partnerships use the Partnership Assessment Tool, so each has a benchmark.
Everything is written through the assessments' actions, answers included.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from joinedup.assessments import actions
from joinedup.assessments.models import AssessmentRound, Response, sector_for
from joinedup.assessments.models import StakeholderGroup as G
from joinedup.places.models import Organisation, Place

PAT, READINESS, BARRIERS = (
    "partnership-assessment-tool",
    "partnership-readiness",
    ("barriers-and-principles"),
)
D = datetime.date
# Groups asked in each sector, with how many people (before the random spread) in each.
GROUPS = {
    "council": ((G.COUNCIL_MANAGERS, 8), (G.FRONT_LINE, 7), (G.SERVICE_USERS, 3)),
    "NHS": ((G.NHS_MANAGERS, 7), (G.CLINICIANS, 6), (G.FRONT_LINE, 3)),
    "other": ((G.FRONT_LINE, 5), (G.SERVICE_USERS, 2)),
}
# How each sector leans on a section (in scale points): where the gaps come from.
LEANS = {
    "council": {"trust": 1, "arrangements": -1, "financial": 1, "people": 1},
    "NHS": {"trust": -1, "learning": 1, "professional": 1, "direction": -1},
    "other": {"need": 1, "commitment": -1, "status": 1},
}
COMMENTS = (
    "Board papers arrive too late to read properly.",
    "Front-line teams were not asked what the aims should be.",
    "Joint visits have made a real difference to families.",
    "We still argue about who pays when someone's needs change.",
    "The shared data is good but few people know how to use it.",
    "Leaders are committed, but it has not reached every team yet.",
)


@dataclass(frozen=True)
class RoundPlan:
    partnership: str
    instrument: str
    title: str
    opens_on: D | None  # None: open now (relative to the day the demo is loaded)
    warmth: int = 0  # added to every answer's lean: a better year
    people: float = 1.0  # scales every group's size
    answered: float = 1.0  # share of links used (an open round is still filling up)


ROUNDS = (
    RoundPlan("Northshire Better Care Fund", PAT, "Partnership health check 2025", D(2025, 3, 3)),
    RoundPlan(
        "Northshire Better Care Fund", PAT, "Partnership health check 2026", D(2026, 3, 2), 1
    ),
    RoundPlan("Integrated Community Equipment Service", PAT, "Health check 2026", D(2026, 2, 2)),
    RoundPlan("Intermediate Care Integrated Teams", PAT, "Team health check", D(2026, 1, 12)),
    RoundPlan(
        "Northshire Children's Trust and SEND Joint Commissioning",
        PAT,
        "Partnership review 2026",
        D(2026, 2, 9),
        people=0.8,
    ),
    RoundPlan(
        "Housing with Care and Disabled Facilities Grants", PAT, "Annual review", D(2026, 1, 19)
    ),
    RoundPlan(
        "Social Prescribing through Libraries and Leisure", PAT, "Health check", D(2026, 2, 16)
    ),
    RoundPlan("Northshire Health and Wellbeing Board", PAT, "Board self-assessment", D(2026, 1, 5)),
    RoundPlan("Northshire Shared Care Record", READINESS, "Readiness for phase 2", D(2026, 2, 2)),
    RoundPlan("Warm Homes, Healthy Lives", READINESS, "Readiness to expand", D(2026, 3, 9)),
    RoundPlan(
        "Learning Disability Lead Commissioning", BARRIERS, "Barriers review", D(2026, 1, 26)
    ),
    RoundPlan("Carers Support Partnership", BARRIERS, "Barriers and principles", D(2026, 2, 23)),
    RoundPlan(
        "Transport to Health Appointments",
        READINESS,
        "Readiness survey (open)",
        None,
        answered=0.6,
    ),
)


def _answers(instrument, sector: str, lean: int, rng: random.Random) -> dict[str, int]:
    answers = {}
    for question in instrument.questions:
        if rng.random() < 0.03:
            continue  # some statements left unanswered
        values = question.scale.values
        middle = (len(values) - 1) / 2 + lean + LEANS[sector].get(question.item.section, 0)
        index = round(rng.gauss(middle, 0.9))
        answers[question.id] = values[min(len(values) - 1, max(0, index))]
    return answers


def _run(plan: RoundPlan, place: Place, key_of, acting, rng: random.Random) -> AssessmentRound:
    partnership = place.partnerships.get(name=plan.partnership)
    members = [m.organisation for m in partnership.members.select_related("organisation")]
    by = acting[key_of[members[0].pk]]
    today = timezone.localdate()
    opens = plan.opens_on or today - datetime.timedelta(days=7)
    closes = opens + datetime.timedelta(days=25 if plan.opens_on else 28)
    assessment_round = actions.create_round(
        by=by,
        partnership=partnership,
        instrument_id=plan.instrument,
        instrument_version="1.0",
        title=plan.title,
        opens_on=opens,
        closes_on=closes,
    )
    counts = {}
    for organisation in members:
        for group, size in GROUPS[sector_for(organisation)]:
            counts[(organisation, group)] = max(1, round(size * plan.people) + rng.randint(-1, 2))
    made = actions.create_invitations(assessment_round, by=by, counts=counts, today=opens)
    instrument = assessment_round.instrument
    for invitation, _token in made:
        if rng.random() > plan.answered:
            continue
        comments = {}
        if rng.random() < 0.2:
            section = rng.choice(instrument.sections).id
            comments[section] = rng.choice(COMMENTS)
        actions.save_answers(
            invitation,
            answers=_answers(instrument, invitation.sector, plan.warmth, rng),
            comments=comments,
            submit=True,
            today=min(opens + datetime.timedelta(days=rng.randint(0, 20)), closes, today),
        )
    return assessment_round


def create_assessments(
    *, place: Place, organisations: dict[str, Organisation], acting, rng: random.Random
) -> list[AssessmentRound]:
    """Every planned round, set up and answered by the editor of its first partner."""
    key_of = {organisation.pk: key for key, organisation in organisations.items()}
    return [_run(plan, place, key_of, acting, rng) for plan in ROUNDS]


def assessment_summary(place: Place) -> str:
    rounds = AssessmentRound.objects.filter(partnership__place=place)
    answers = Response.objects.filter(round__in=rounds).aggregate(n=Count("id"))["n"]
    return f"{rounds.count()} rounds, {answers:,} answers"
