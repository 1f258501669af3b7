"""Every change to submissions goes through here: check, write and audit at once."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.audit import trail
from joinedup.specs import get_spec

from . import files, periods
from .access import may_submit_for
from .models import ACTIVE, Status, Submission

# A submission being worked on that shows no progress for this long has lost its worker.
STALLED_AFTER = timezone.timedelta(minutes=2)


def submit(
    *, by, place, organisation, spec_name: str, period: str, chunks, name: str, queue: bool = True
) -> Submission:
    """Keep the file as received and queue its checks. :class:`files.Refused` if unusable.

    With ``queue=False`` the checks are not queued: the caller runs them itself with
    :func:`joinedup.submissions.processing.check` (the command line's ``--now``, the demo).
    """
    if (
        not may_submit_for(by, organisation)
        or not place.organisations.filter(pk=organisation.pk).exists()
    ):
        raise PermissionDenied(f"You do not send data for {organisation.name}.")
    try:
        spec = get_spec(spec_name)
    except KeyError:
        raise ValidationError(
            {"spec_name": f"There is no specification called {spec_name}."}
        ) from None
    try:
        chosen = periods.parse(period)
    except ValueError as error:
        raise ValidationError({"period": str(error)}) from None
    stored = files.store_upload(chunks, name)
    with transaction.atomic():
        submission = Submission.objects.create(
            place=place,
            organisation=organisation,
            spec_name=spec.name,
            spec_version=spec.version,
            period=chosen.key,
            period_start=chosen.start,
            period_end=chosen.end,
            original_name=name[:255],
            stored_name=stored.name,
            size=stored.size,
            sha256=stored.sha256,
            submitted_by=by,
        )
        trail.record_create(submission, by=by)
        if queue:
            transaction.on_commit(lambda: enqueue(submission))
    return submission


def enqueue(submission: Submission) -> None:
    from .tasks import check_submission

    check_submission.enqueue(str(submission.pk))


@transaction.atomic
def check_again(submission: Submission, *, by) -> Submission:
    """Queue the checks again for a submission whose worker stopped (it changes no data)."""
    if not may_submit_for(by, submission.organisation):
        raise PermissionDenied(f"You do not send data for {submission.organisation.name}.")
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    now = timezone.now()
    if submission.status not in (Status.STOPPED, *ACTIVE) or (
        submission.active and not submission.stalled(now, STALLED_AFTER)
    ):
        raise ValidationError("This submission is not stuck: there is nothing to start again.")
    before = trail.snapshot(submission)
    submission.status, submission.stage, submission.done, submission.total = (
        Status.WAITING,
        "",
        0,
        0,
    )
    submission.message = ""
    submission.save()
    trail.record_update(submission, before=before, by=by)
    transaction.on_commit(lambda: enqueue(submission))
    return submission
