"""The background work on a submission: check it, write its reports, load it if it is clean.

Runs in the worker (``joinedup worker``); the page polls the submission row for progress.
Order of work, and what a crash at each point leaves:

1. the file is checked (the stored file is only read);
2. the reports are written to a fresh folder that replaces the old one in one rename;
3. a clean file is loaded into the dataset store all-or-nothing (:mod:`joinedup.store`);
4. the submission, and the one it replaces, change status in one database transaction.

A worker killed before 3 finishes leaves the data in use as it was; killed between 3 and 4, the
new data is in use but the row still says "Being loaded": checking it again (a button on its
page once it has shown no progress for two minutes) loads the same file again and puts it right.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from joinedup.audit import trail
from joinedup.specs import UnusableInput, get_spec, quality_report, validate
from joinedup.store import DatasetStore
from joinedup.store.export import write_parquet

from . import files
from .models import Status, Submission

log = logging.getLogger(__name__)
# Progress is written to the database at most this often (seconds).
PROGRESS_EVERY = 0.5
REPORTS = ("errors.csv", "quality.html", "quality.csv", "quality.pdf")


class _Progress:
    def __init__(self, submission_id):
        self.submission_id, self.last = submission_id, 0.0

    def __call__(self, stage: str, done: int, total: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        Submission.objects.filter(pk=self.submission_id).update(
            stage=stage[:80], done=max(done, 0), total=max(total, 0), heartbeat=timezone.now()
        )


def check(submission_id: str) -> str:
    """Do the whole job for one submission; returns its final status."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        if submission.status not in (Status.WAITING, Status.CHECKING, Status.LOADING):
            return submission.status  # already done (a duplicate task)
        submission.status = Status.CHECKING
        submission.attempts += 1
        submission.stage, submission.done, submission.total = "Starting", 0, 1
        submission.heartbeat = timezone.now()
        submission.save()
    progress = _Progress(submission.pk)
    try:
        return _check(submission, progress)
    except Exception as error:  # recorded on the page; the worker logs the traceback
        log.exception("Checking submission %s stopped", submission.pk)
        _finish(
            submission,
            Status.STOPPED,
            message=f"Checking stopped because of a fault in joinedup ({type(error).__name__}). "
            "Nothing was loaded. Try again later, or tell your administrator.",
        )
        return Status.STOPPED


def _check(submission: Submission, progress: _Progress) -> str:
    spec = get_spec(submission.spec_name)
    path = files.uploads_dir() / submission.stored_name
    store = DatasetStore(files.store_dir())
    with tempfile.TemporaryDirectory(prefix="joinedup-earlier-") as scratch:
        earlier = _earlier(store, spec.name, Path(scratch))
        try:
            validation = validate(
                path, spec, earlier=earlier, progress=progress, areas=_area_codes()
            )
        except UnusableInput as error:
            _finish(
                submission, Status.UNUSABLE, message=f"{submission.original_name}: {error.problem}"
            )
            return Status.UNUSABLE
        with validation:
            progress("Writing the reports", 0, 1, force=True)
            summary, report = _write_reports(submission, validation)
            counts = {
                "rows": validation.rows,
                "errors": validation.errors,
                "warnings": validation.warnings,
            }
            if not validation.ok:
                _finish(submission, Status.REJECTED, summary=summary, **counts)
                _write_pdf(submission, report)
                return Status.REJECTED
            Submission.objects.filter(pk=submission.pk).update(
                status=Status.LOADING, summary=summary, checked_at=timezone.now(), **counts
            )
            progress("Loading the accepted data", 0, 1, force=True)
            store.load(
                spec.name,
                submission.partition,
                str(submission.pk),
                lambda target: write_parquet(validation, target),
                rows=validation.rows,
            )
    _accept(submission)
    _write_pdf(submission, report)
    return Status.IN_USE


def _write_pdf(submission: Submission, report) -> None:
    """The PDF quality report, last: typesetting is slow, and the outcome does not wait on it.

    The page offers the PDF once the file exists; if making it fails, the HTML and CSV
    reports (written before) still stand.
    """
    if not settings.SUBMISSION_PDF_REPORTS:
        return
    target = files.reports_dir(submission.pk) / "quality.pdf"
    partial = target.with_name(".quality.pdf.partial")
    try:
        report.write_pdf(partial)
        partial.rename(target)
    except Exception:
        log.exception("The PDF quality report of submission %s could not be made", submission.pk)
        partial.unlink(missing_ok=True)


def _area_codes() -> set[str] | None:
    """The installation's areas, for codes that must be in the area lookup (None if empty)."""
    from joinedup.places.models import Area

    codes = set(Area.objects.values_list("code", flat=True))
    return codes or None


def _earlier(store: DatasetStore, dataset: str, scratch: Path) -> str | None:
    """The accepted data in use, for finding the same people again, as ``database#view``."""
    import duckdb

    files_in_use = store.files(dataset)
    if not files_in_use:
        return None
    database = scratch / "earlier.duckdb"
    with duckdb.connect(str(database)) as con:
        store.view(con, dataset, name="earlier")
    return f"{database}#earlier"


def _write_reports(submission: Submission, validation):
    """Write the reports to a new folder, then swap it in; returns (aggregate summary, report)."""
    final = files.reports_dir(submission.pk)
    final.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{submission.pk}-", dir=final.parent))
    try:
        validation.write_errors_csv(fresh / "errors.csv")
        report = quality_report(validation)
        report.write_html(fresh / "quality.html")
        report.write_csv(fresh / "quality.csv")
        if final.exists():
            shutil.rmtree(final)
        fresh.rename(final)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    # No values from the file here: everyone in the place may see these numbers.
    return _summary(report), report


def _summary(report) -> dict:
    return {
        "rules": [
            {
                "rule": rule.rule,
                "field": rule.field,
                "severity": rule.severity,
                "dimension": rule.dimension,
                "description": rule.description,
                "count": rule.count,
            }
            for rule in report.rules
        ],
        "dimensions": [
            {
                "dimension": d.dimension,
                "checks": d.checks,
                "errors": d.errors,
                "warnings": d.warnings,
                "records_with_errors": d.records_with_errors,
                "records_with_warnings": d.records_with_warnings,
                "score": d.score,
                "note": d.note,
            }
            for d in report.dimensions
        ],
        "fields": [
            {
                "field": f.field,
                "in_file": f.in_file,
                "fill_share": f.fill_share,
                "errors": f.errors,
                "warnings": f.warnings,
            }
            for f in report.fields
        ],
    }


def _finish(submission: Submission, status: Status, **fields) -> None:
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        before = trail.snapshot(current)
        current.status = status
        current.stage = ""
        current.heartbeat = timezone.now()
        if status != Status.STOPPED:
            current.checked_at = timezone.now()
        for name, value in fields.items():
            setattr(current, name, value)
        current.save()
        trail.record_update(current, before=before, by=None)


def _accept(submission: Submission) -> None:
    """The loaded submission is in use; the one it replaces (if any) is kept, as replaced."""
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        earlier = (
            Submission.objects.select_for_update()
            .filter(
                spec_name=current.spec_name,
                organisation=current.organisation,
                period=current.period,
                status=Status.IN_USE,
            )
            .exclude(pk=current.pk)
        )
        for old in earlier:
            before = trail.snapshot(old)
            old.status, old.replaced_by = Status.REPLACED, current
            old.save()
            trail.record_update(old, before=before, by=None)
        before = trail.snapshot(current)
        current.status, current.stage = Status.IN_USE, ""
        current.loaded_at = current.heartbeat = timezone.now()
        current.save()
        trail.record_update(current, before=before, by=None)
