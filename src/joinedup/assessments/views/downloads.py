"""Downloads of a round's published results: CSV (one table), XLSX (all tables), PDF report."""

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from joinedup.assessments import downloads, presentation
from joinedup.assessments.item_tables import item_tables
from joinedup.assessments.presentation import Labels
from joinedup.assessments.results import TABLES, results_for

from .scope import round_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _name(assessment_round, suffix: str) -> str:
    return f"{slugify(assessment_round.title) or 'round'}-{suffix}"


def results_csv(request, place, pk):
    place, assessment_round = round_for(request, place, pk)
    table = request.GET.get("table", "sections")
    if table not in TABLES:
        raise Http404("No such table.")
    content = downloads.table_csv(results_for(assessment_round), table)
    return _attachment(content, "text/csv; charset=utf-8", _name(assessment_round, f"{table}.csv"))


def results_xlsx(request, place, pk):
    place, assessment_round = round_for(request, place, pk)
    instrument = assessment_round.instrument
    about = [
        ("Partnership", assessment_round.partnership.name),
        ("Round", assessment_round.title),
        ("Instrument", f"{instrument.title} version {instrument.version}"),
        ("Dates", f"{assessment_round.opens_on} to {assessment_round.last_day}"),
    ]
    content = downloads.workbook_bytes(results_for(assessment_round), about=about)
    return _attachment(content, XLSX, _name(assessment_round, "results.xlsx"))


def results_pdf(request, place, pk):
    place, assessment_round = round_for(request, place, pk)
    results = results_for(assessment_round)
    labels = Labels(assessment_round.instrument)
    total = results.respondents[results.respondents["breakdown"] == "all"].iloc[0]
    html = render_to_string(
        "assessments/report.html",
        {
            "place": place,
            "round": assessment_round,
            "instrument": assessment_round.instrument,
            "results": results,
            "respondents": None if total["suppressed"] else int(total["respondents"]),
            "overview": presentation.overview(results, labels),
            "areas": presentation.areas(results, labels),
            "groups": {
                name: presentation.by_group(results, labels, name)
                for name in presentation.BREAKDOWNS
            },
            "breakdowns": presentation.BREAKDOWNS,
            "by": presentation.BY,
            "gaps": presentation.gaps(results, labels, limit=10),
            "change": presentation.change(results, labels),
            "benchmark": presentation.benchmark(results, labels),
            "sections": item_tables(results, labels),
            "made_on": timezone.localdate(),
        },
        request=request,
    )
    content = downloads.pdf_bytes(html, base_url=request.build_absolute_uri("/"))
    return _attachment(content, "application/pdf", _name(assessment_round, "report.pdf"))
