"""Results pages: overview, by group, per statement, and for analysts. Every figure comes from
the round's published (suppressed) tables."""

from django.http import Http404
from django.shortcuts import render

from joinedup.assessments import presentation
from joinedup.assessments.item_tables import item_tables
from joinedup.assessments.presentation import BREAKDOWNS, BY, Labels
from joinedup.assessments.results import results_for

from .scope import round_for

TABS = (
    ("assessment_results", "Overview"),
    ("assessment_results_groups", "By group"),
    ("assessment_results_statements", "Statements"),
    ("assessment_results_analysts", "For analysts"),
)


def _context(request, place, pk, tab):
    place, assessment_round = round_for(request, place, pk)
    results = results_for(assessment_round)
    total = results.respondents[results.respondents["breakdown"] == "all"].iloc[0]
    return results, {
        "place": place,
        "round": assessment_round,
        "instrument": assessment_round.instrument,
        "results": results,
        "labels": Labels(assessment_round.instrument),
        "respondents": None if total["suppressed"] else int(total["respondents"]),
        "tabs": TABS,
        "tab": tab,
    }


def comments_for(assessment_round, respondents: int | None, threshold: int):
    """Comments per section, only when the round shows at least ``threshold`` respondents,
    sorted by their text so that their order says nothing about who wrote them."""
    if respondents is None or respondents < threshold:
        return None
    by_section: dict[str, list[str]] = {}
    for comment in assessment_round.comments.order_by("section", "text"):
        by_section.setdefault(comment.section, []).append(comment.text)
    return [
        (section.title, by_section[section.id])
        for section in assessment_round.instrument.sections
        if section.id in by_section
    ]


def results_overview(request, place, pk):
    results, context = _context(request, place, pk, "assessment_results")
    labels = context["labels"]
    context.update(
        overview=presentation.overview(results, labels),
        areas=presentation.areas(results, labels),
        gaps=presentation.gaps(results, labels, limit=5),
        change=presentation.change(results, labels),
        benchmark=presentation.benchmark(results, labels),
        comments=comments_for(context["round"], context["respondents"], results.threshold),
    )
    return render(request, "assessments/results_overview.html", context)


def results_groups(request, place, pk):
    results, context = _context(request, place, pk, "assessment_results_groups")
    breakdown = request.GET.get("by", "organisation")
    if breakdown not in BREAKDOWNS:
        raise Http404("No such breakdown.")
    labels = context["labels"]
    context.update(
        breakdown=breakdown,
        breakdowns=BREAKDOWNS,
        by=BY,
        blocks=presentation.by_group(results, labels, breakdown),
        gaps=presentation.gaps(results, labels, breakdown, limit=20),
    )
    return render(request, "assessments/results_groups.html", context)


def results_statements(request, place, pk):
    results, context = _context(request, place, pk, "assessment_results_statements")
    context["sections"] = item_tables(results, context["labels"])
    return render(request, "assessments/results_statements.html", context)


def results_analysts(request, place, pk):
    results, context = _context(request, place, pk, "assessment_results_analysts")
    context["reliability"] = presentation.reliability(results, context["labels"])
    return render(request, "assessments/results_analysts.html", context)
