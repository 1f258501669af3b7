"""Submission pages: the list, sending a file, one submission with its progress and results,
its problems one page at a time, and downloads.

Every view reaches submissions through ``Submission.objects.visible_to(user)`` (the place's
members); record-level detail (problems with their values, the reports and the file itself)
also needs :func:`access.may_see_records`.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from joinedup.audit.trail import history
from joinedup.places.scoping import get_or_404, place_for
from joinedup.specs import load_catalogue, safe_cell, shipped_specs
from joinedup.specs.sql import describe, readable_date_formats
from joinedup.web.forms import add_errors

from . import actions, files, problems, uploads
from .access import may_see_records, may_submit_for, submitting_organisations
from .forms import SubmissionForm
from .models import Status, Submission

LIST_PAGE_SIZE = 50
DOWNLOADS = {
    "errors.csv": ("text/csv; charset=utf-8", "problems.csv"),
    "quality.html": ("text/html; charset=utf-8", "quality-report.html"),
    "quality.csv": ("text/csv; charset=utf-8", "quality-report.csv"),
    "quality.pdf": ("application/pdf", "quality-report.pdf"),
}


def _submissions(request, place):
    return (
        Submission.objects.visible_to(request.user)
        .filter(place=place)
        .select_related("organisation", "submitted_by", "replaced_by")
    )


def _submission_for(request, place_slug, pk):
    place = place_for(request, place_slug)
    return place, get_or_404(_submissions(request, place), pk=pk)


def _records_or_403(request, submission) -> None:
    if not may_see_records(request.user, submission):
        raise PermissionDenied(
            f"Only {submission.organisation.name} and the place's analysts see the records "
            "in this submission."
        )


def submission_list(request, place):
    place = place_for(request, place)
    submissions = _submissions(request, place)
    organisation = request.GET.get("organisation", "")
    if organisation.isdigit():
        submissions = submissions.filter(organisation_id=int(organisation))
    page = Paginator(submissions, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "submissions/list.html",
        {
            "place": place,
            "submissions": page.object_list,
            "page": page,
            "organisations": place.organisations.order_by("name"),
            "chosen_organisation": organisation,
            "can_submit": submitting_organisations(request.user, place).exists(),
        },
    )


@csrf_exempt
def submission_create(request, place):
    """The form; its file is streamed straight into the uploads folder (``uploads.py``).

    The upload handler must be in place before the body is read, which the CSRF check does:
    so the CSRF check is made here, just after (the same check, ``csrf_protect``).
    """
    request.upload_handlers.insert(0, uploads.StreamToUploads(request))
    return _submission_create(request, place)


@csrf_protect
def _submission_create(request, place):
    place = place_for(request, place)
    organisations = list(submitting_organisations(request.user, place).order_by("name"))
    if not organisations:
        raise PermissionDenied("You do not send data for any organisation of this place.")
    initial = {k: request.GET[k] for k in ("spec_name", "period") if k in request.GET}
    if request.GET.get("organisation", "").isdigit():
        initial["organisation"] = int(request.GET["organisation"])
    form = SubmissionForm(
        request.POST or None, request.FILES or None, organisations=organisations, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            submission = actions.submit(
                by=request.user,
                place=place,
                organisation=form.cleaned_data["organisation"],
                spec_name=form.cleaned_data["spec_name"],
                period=form.cleaned_data["period"],
                chunks=(
                    upload.incoming
                    if isinstance(upload, uploads.ReceivedUpload)
                    else upload.chunks()
                ),
                name=upload.name,
            )
        except files.Refused as refusal:
            form.add_error("file", str(refusal))
        except ValidationError as error:
            add_errors(form, error)
        else:
            submission.refresh_from_db()
            if submission.active:
                messages.success(request, f"{upload.name} is received. Its checks have started.")
            return redirect("submission_detail", place=place.slug, pk=submission.pk)
    return render(request, "submissions/form.html", {"place": place, "form": form})


def _progress_context(place, submission) -> dict:
    """What the progress panel needs: polled every second, so nothing more."""
    waited = (timezone.now() - submission.submitted_at).total_seconds() / 60
    return {
        "place": place,
        "submission": submission,
        "waiting_long": submission.status == Status.WAITING and waited >= 2,
        "waiting_minutes": int(waited),
    }


def _context(request, place, submission) -> dict:
    records = may_see_records(request.user, submission)
    earlier = (
        _submissions(request, place)
        .filter(
            organisation=submission.organisation,
            spec_name=submission.spec_name,
            period=submission.period,
        )
        .order_by("-submitted_at")
    )
    return {
        **_progress_context(place, submission),
        "records": records,
        "can_submit": may_submit_for(request.user, submission.organisation),
        "stalled": submission.stalled(timezone.now(), actions.STALLED_AFTER),
        "versions": earlier,
        "first_problems": problems.page(submission, page=1, size=20).rows
        if records and submission.has_reports
        else [],
        "has_pdf": (files.reports_dir(submission.pk) / "quality.pdf").exists(),
        "history": history(submission),
    }


@never_cache
def submission_detail(request, place, pk):
    place, submission = _submission_for(request, place, pk)
    return render(request, "submissions/detail.html", _context(request, place, submission))


@never_cache
def submission_progress(request, place, pk):
    """The progress panel alone, for the page to poll; 286 (htmx: stop) once it is done."""
    place, submission = _submission_for(request, place, pk)
    response = render(request, "submissions/_progress.html", _progress_context(place, submission))
    if not submission.active:
        response.status_code = 286
        response["HX-Refresh"] = "true"
    return response


def submission_problems(request, place, pk):
    place, submission = _submission_for(request, place, pk)
    _records_or_403(request, submission)
    if not submission.has_reports:
        raise Http404("This submission has not been checked yet.")
    severity = request.GET.get("severity", "")
    rule = request.GET.get("rule", "")
    page_number = request.GET.get("page", "1")
    page_number = int(page_number) if page_number.isdigit() and int(page_number) > 0 else 1
    found = problems.page(
        submission,
        page=page_number,
        size=problems.PAGE_SIZE,
        severity=severity if severity in ("error", "warning") else None,
        rule=rule or None,
    )
    return render(
        request,
        "submissions/problems.html",
        {
            "place": place,
            "submission": submission,
            "found": found,
            "severity": severity,
            "rule": rule,
            "rules": [r for r in submission.summary.get("rules", []) if r["count"]],
        },
    )


def submission_download(request, place, pk, file):
    name = file
    place, submission = _submission_for(request, place, pk)
    _records_or_403(request, submission)
    stem = f"{submission.organisation.code or 'organisation'}-{submission.spec_name}-"
    stem += submission.period.replace(" ", "-")
    if name == "original":
        path = files.uploads_dir() / submission.stored_name
        filename = f"{stem}-as-received{path.suffix}"
        content_type = "application/octet-stream"
    elif name in DOWNLOADS:
        path = files.reports_dir(submission.pk) / name
        content_type, suffix = DOWNLOADS[name]
        filename = f"{stem}-{suffix}"
    else:
        raise Http404("No such download.")
    if not path.is_file():
        raise Http404("This file has not been made yet.")
    response = FileResponse(path.open("rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def submission_check_again(request, place, pk):
    place, submission = _submission_for(request, place, pk)
    try:
        actions.check_again(submission, by=request.user)
        messages.success(request, "The checks have started again.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("submission_detail", place=place.slug, pk=submission.pk)


# -- What to send: the specifications, and the data items more than one return collects ------


def _rule_text(spec_field) -> str:
    """The field's own checks in words (type, shape, range, code list)."""
    parts = []
    if spec_field.type == "date":
        parts.append("a date as " + readable_date_formats(spec_field.date_formats))
    elif spec_field.type in ("integer", "number"):
        parts.append("a whole number" if spec_field.type == "integer" else "a number")
    if spec_field.format:
        parts.append(FORMATS.get(spec_field.format, spec_field.format))
    if spec_field.minimum is not None and spec_field.maximum is not None:
        parts.append(f"from {spec_field.minimum} to {spec_field.maximum}")
    elif spec_field.minimum is not None:
        parts.append(f"at least {spec_field.minimum}")
    elif spec_field.maximum is not None:
        parts.append(f"at most {spec_field.maximum}")
    if spec_field.max_length:
        parts.append(f"up to {spec_field.max_length} characters")
    return "; ".join(parts)


FORMATS = {
    "nhs-number": "a 10-digit NHS number with a valid check digit",
    "uk-postcode": "a UK postcode",
    "ons-code": "an ONS area code",
    "ods-code": "an ODS organisation code",
}


def _required_text(spec_field) -> str:
    if spec_field.required:
        return "Yes"
    if spec_field.required_when is not None:
        return "When " + describe(spec_field.required_when)
    return "No"


def spec_list(request, place):
    place = place_for(request, place)
    specs = sorted(shipped_specs().values(), key=lambda s: s.title)
    return render(request, "submissions/spec_list.html", {"place": place, "specs": specs})


def spec_detail(request, place, spec):
    place = place_for(request, place)
    spec = shipped_specs().get(spec)
    if spec is None:
        raise Http404("No such specification.")
    rows = [
        {
            "field": f,
            "rules": _rule_text(f),
            "required": _required_text(f),
            "choices": (values := f.codelist.values if f.codelist else (f.enum or ())),
            "values_html": format_html(
                '<ul class="govuk-list govuk-list--bullet govuk-body-s">{}</ul>',
                format_html_join("", "<li>{}</li>", ((v,) for v in values)),
            ),
        }
        for f in spec.fields
    ]
    return render(
        request, "submissions/spec_detail.html", {"place": place, "spec": spec, "rows": rows}
    )


def spec_download(request, place, spec, kind):
    place_for(request, place)
    spec = shipped_specs().get(spec)
    if spec is None or kind not in ("json", "csv"):
        raise Http404("No such specification.")
    if kind == "json":
        response = HttpResponse(Path(spec.origin).read_bytes(), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{spec.name}.json"'
        return response
    template = ",".join(safe_cell(f.name) for f in spec.fields) + "\r\n"
    response = HttpResponse(template, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{spec.name}-template.csv"'
    return response


def data_items(request, place):
    """Items collected in more than one return: the burden a joint collection can remove."""
    place = place_for(request, place)
    year_ago = timezone.now() - timezone.timedelta(days=365)
    sent = {}
    for row in (
        _submissions(request, place)
        .filter(submitted_at__gte=year_ago)
        .values("spec_name", "organisation__name")
        .annotate(count=Count("pk"))
        .order_by("organisation__name")
    ):
        sent.setdefault(row["spec_name"], []).append((row["organisation__name"], row["count"]))
    shared = load_catalogue().shared()
    return render(
        request,
        "submissions/data_items.html",
        {"place": place, "shared": shared, "sent": sent},
    )
