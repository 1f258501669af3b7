"""Rounds with answers, for the assessment tests: written through the app's actions."""

import datetime
import random

from joinedup.assessments import actions
from joinedup.assessments.tokens import invitation_for
from joinedup.partnerships.models import PartnerRole
from tests.factories import PartnershipFactory

OPENS = datetime.date(2026, 1, 5)
CLOSES = datetime.date(2026, 2, 27)
DURING = datetime.date(2026, 1, 20)


def partnership_of(place, *organisations, **fields):
    partners = [(organisations[0], PartnerRole.LEAD)] + [
        (organisation, PartnerRole.PARTNER) for organisation in organisations[1:]
    ]
    return PartnershipFactory(place=place, partners=partners, **fields)


def make_round(partnership, by, instrument="partnership-assessment-tool", **fields):
    values = dict(
        title="Health check 2026",
        opens_on=OPENS,
        closes_on=CLOSES,
        instrument_id=instrument,
        instrument_version="1.0",
    )
    values.update(fields)
    return actions.create_round(by=by, partnership=partnership, **values)


def links(assessment_round, by, counts, today=DURING):
    """{(organisation, group): n} -> a list of (invitation, token)."""
    return actions.create_invitations(assessment_round, by=by, counts=counts, today=today)


def random_answers(instrument, rng: random.Random, lean: int = 0, skip: float = 0.1):
    answers = {}
    for question in instrument.questions:
        if rng.random() < skip:
            continue
        values = question.scale.values
        index = min(len(values) - 1, max(0, rng.randrange(len(values)) + lean))
        answers[question.id] = values[index]
    return answers


def answer_all(assessment_round, made, *, seed=1, lean=0, today=DURING, comments=None):
    """Submit random answers through every link made."""
    rng = random.Random(seed)
    instrument = assessment_round.instrument
    for _, token in made:
        invitation = invitation_for(token)
        actions.save_answers(
            invitation,
            answers=random_answers(instrument, rng, lean),
            comments=comments or {},
            submit=True,
            today=today,
        )
