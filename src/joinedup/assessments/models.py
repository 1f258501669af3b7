"""Rounds, invitation links and anonymous answers (see docs/adr/0004-anonymous-respondents.md).

A submitted :class:`Response` is deliberately cut off from the :class:`Invitation` it came
through: it has a random id, no link to the invitation and no timestamp, so nobody (not even
someone holding the list of links and a copy of the database) can tell which link gave which
answers. Comments are cut off from the answers too: they carry only their round and section.
"""

import datetime
import uuid

from django.db import models
from django.db.models import Q

from joinedup.instruments import Instrument, default_registry
from joinedup.partnerships.models import Partnership
from joinedup.places.choices import NHS_KINDS, OrganisationKind
from joinedup.places.models import Organisation

COUNCIL_KINDS = frozenset(
    {
        OrganisationKind.COUNTY_COUNCIL,
        OrganisationKind.UNITARY_COUNCIL,
        OrganisationKind.DISTRICT_COUNCIL,
    }
)


class StakeholderGroup(models.TextChoices):
    COUNCIL_MANAGERS = "council_managers", "Council managers"
    NHS_MANAGERS = "nhs_managers", "NHS managers"
    CLINICIANS = "clinicians_practitioners", "Clinicians and practitioners"
    FRONT_LINE = "front_line_staff", "Front-line staff"
    SERVICE_USERS = "service_users_carers", "Service users and carers"


class RespondentSector(models.TextChoices):
    # The values are the sectors of joinedup.instruments.SECTORS.
    NHS = "NHS", "NHS"
    COUNCIL = "council", "Council"
    OTHER = "other", "Other"


def sector_for(organisation: Organisation) -> str:
    """NHS, council or other, from the organisation's kind."""
    if organisation.kind in NHS_KINDS:
        return RespondentSector.NHS
    if organisation.kind in COUNCIL_KINDS:
        return RespondentSector.COUNCIL
    return RespondentSector.OTHER


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rounds of the partnerships the user may see: the only door views use."""
        return self.filter(partnership__in=Partnership.objects.visible_to(user))


class AssessmentRound(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="assessment_rounds"
    )
    instrument_id = models.CharField("instrument", max_length=100)
    instrument_version = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    opens_on = models.DateField()
    closes_on = models.DateField()
    closed_on = models.DateField("closed early on", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="round_closes_after_it_opens",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def instrument(self) -> Instrument:
        return default_registry().get(self.instrument_id, self.instrument_version)

    @property
    def last_day(self) -> datetime.date:
        return self.closed_on or self.closes_on

    def is_open(self, today: datetime.date) -> bool:
        return self.closed_on is None and self.opens_on <= today <= self.closes_on

    def state(self, today: datetime.date) -> str:
        if today < self.opens_on:
            return "not yet open"
        return "open" if self.is_open(today) else "closed"


class Invitation(models.Model):
    """One single-use link. Only a SHA-256 hash of its token is kept: the database cannot
    answer as a respondent. It names an organisation and stakeholder group, never a person."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    sector = models.CharField(max_length=16, choices=RespondentSector.choices)
    stakeholder_group = models.CharField(max_length=32, choices=StakeholderGroup.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    # Answers saved to come back to; emptied when they are submitted.
    draft_answers = models.JSONField(default=dict, blank=True)
    draft_comments = models.JSONField(default=dict, blank=True)
    submitted = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["round", "organisation", "stakeholder_group"])]

    def __str__(self):
        return f"{self.organisation} – {self.get_stakeholder_group_display()}"


class Response(models.Model):
    """One respondent's submitted answers: {question id: value}. No invitation, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    sector = models.CharField(max_length=16, choices=RespondentSector.choices)
    stakeholder_group = models.CharField(max_length=32, choices=StakeholderGroup.choices)
    answers = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]  # random: the order says nothing about when anyone answered

    def __str__(self):
        return f"A response to {self.round}"


class Comment(models.Model):
    """Free text about one section, with nothing about who wrote it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=100)
    text = models.TextField()

    class Meta:
        ordering = ["section", "text"]

    def __str__(self):
        return f"A comment on {self.section}"


class ResultsCache(models.Model):
    """The round's published tables, kept until the answers (or the rounds compared) change."""

    round = models.OneToOneField(
        AssessmentRound, on_delete=models.CASCADE, related_name="results_cache"
    )
    key = models.CharField(max_length=64)
    tables = models.JSONField()

    def __str__(self):
        return f"Results of {self.round}"
