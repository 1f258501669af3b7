"""A submission: one file for one specification, organisation and period, kept as received.

The file is stored under its SHA-256 and never changed (``stored_name``); the checks run in a
background task that writes its progress here, and the reports it makes (every problem as CSV,
the quality report as HTML, CSV and PDF) go in the submission's own folder. Accepted data is
loaded into the dataset store (:mod:`joinedup.store`); a later accepted submission for the
same organisation and period replaces it there, and both stay listed here.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from joinedup.places.models import Organisation, Place


class Status(models.TextChoices):
    WAITING = "waiting", "Waiting to be checked"
    CHECKING = "checking", "Being checked"
    LOADING = "loading", "Being loaded"
    REJECTED = "rejected", "Not accepted: it has errors"
    UNUSABLE = "unusable", "Not accepted: the file cannot be read"
    IN_USE = "in_use", "Accepted and in use"
    REPLACED = "replaced", "Accepted, then replaced"
    STOPPED = "stopped", "Checking stopped"


# A submission in one of these states is still being worked on.
ACTIVE = frozenset({Status.WAITING, Status.CHECKING, Status.LOADING})
ACCEPTED = frozenset({Status.IN_USE, Status.REPLACED})


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Submissions of the places the user belongs to: the only door views use.

        Everyone in a place sees that a submission was made and its aggregate results; who may
        see record-level detail is :func:`joinedup.submissions.access.may_see_records`.
        """
        return self.filter(place__in=Place.objects.visible_to(user))


class Submission(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="submissions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="submissions"
    )
    spec_name = models.CharField("specification", max_length=64)
    spec_version = models.CharField("specification version", max_length=32)
    period = models.CharField(max_length=16, help_text="A financial year (2025-26) or quarter.")
    period_start = models.DateField()
    period_end = models.DateField()

    original_name = models.CharField("file name", max_length=255)
    stored_name = models.CharField(max_length=80, editable=False)
    size = models.BigIntegerField("size in bytes")
    sha256 = models.CharField("SHA-256", max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WAITING)
    stage = models.CharField(max_length=80, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    heartbeat = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)

    rows = models.BigIntegerField("records", null=True, blank=True)
    errors = models.BigIntegerField(null=True, blank=True)
    warnings = models.BigIntegerField(null=True, blank=True)
    # Aggregates only (no values from the file): problems per rule, quality per dimension.
    summary = models.JSONField(default=dict, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    loaded_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced"
    )

    objects = SubmissionQuerySet.as_manager()
    # What the audit trail records (not the progress a worker writes every half second).
    audited_fields = (
        "place",
        "organisation",
        "spec_name",
        "spec_version",
        "period",
        "original_name",
        "size",
        "sha256",
        "submitted_by",
        "status",
        "message",
        "rows",
        "errors",
        "warnings",
        "replaced_by",
    )

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["spec_name", "organisation", "period"],
                condition=Q(status="in_use"),
                name="one_submission_in_use_per_period",
            )
        ]

    def __str__(self):
        return f"{self.get_spec_name_display()} {self.period} from {self.organisation}"

    def get_spec_name_display(self) -> str:
        from joinedup.specs import get_spec

        try:
            return get_spec(self.spec_name).title
        except KeyError:
            return self.spec_name

    @property
    def partition(self) -> str:
        return f"{self.organisation.code or self.organisation.pk}/{self.period}"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def accepted(self) -> bool:
        return self.status in ACCEPTED

    @property
    def has_reports(self) -> bool:
        return self.rows is not None

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    def stalled(self, now: datetime.datetime, after: datetime.timedelta) -> bool:
        """Being worked on, with no sign of life for ``after``: its worker has gone."""
        if not self.active or self.status == Status.WAITING:
            return False
        return self.heartbeat is None or now - self.heartbeat > after
