from django.db.models import Sum
from django.shortcuts import render

from joinedup.audit.trail import history
from joinedup.places.areas import AGE_BANDS, AreaKind
from joinedup.places.models import Area, AreaPopulation
from joinedup.places.scoping import get_or_404, place_for


def area_list(request, place):
    place = place_for(request, place)
    ids = place.area_ids()
    areas = Area.objects.filter(pk__in=ids).exclude(kind=AreaKind.LSOA).select_related("parent")
    lsoa_counts = {}
    for parent_id in Area.objects.filter(pk__in=ids, kind=AreaKind.LSOA).values_list(
        "parent_id", flat=True
    ):
        lsoa_counts[parent_id] = lsoa_counts.get(parent_id, 0) + 1
    latest = (
        AreaPopulation.objects.filter(area_id__in=ids)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    population = _population_by_area(ids, latest) if latest else {}
    rows = [
        {"area": a, "lsoas": lsoa_counts.get(a.pk, 0), "population": population.get(a.pk)}
        for a in areas
    ]
    return render(
        request,
        "places/area_list.html",
        {"place": place, "rows": rows, "year": latest, "lsoa_total": sum(lsoa_counts.values())},
    )


def _population_by_area(ids: set[int], year) -> dict[int, int]:
    """Total population of each of the place's areas, summed from the LSOAs beneath it."""
    lsoa_totals = dict(
        AreaPopulation.objects.filter(year=year, area_id__in=ids, area__kind=AreaKind.LSOA)
        .values_list("area_id")
        .annotate(total=Sum("count"))
    )
    parent_of = dict(Area.objects.filter(pk__in=ids).values_list("pk", "parent_id"))
    totals: dict[int, int] = {}
    for lsoa_id, total in lsoa_totals.items():
        node = lsoa_id
        while node is not None:
            totals[node] = totals.get(node, 0) + total
            node = parent_of.get(node)
    return totals


def area_detail(request, place, code):
    place = place_for(request, place)
    area = get_or_404(Area.objects.filter(pk__in=place.area_ids()), code=code)
    years = list(
        AreaPopulation.objects.filter(area_id__in={area.pk} | area.descendant_ids())
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    year = year if year in years else (years[0] if years else None)
    table = []
    if year:
        # Areas hold population at LSOA level; an area above sums the LSOAs beneath it.
        cells = {
            (sex, band): n
            for sex, band, n in AreaPopulation.objects.filter(
                area_id__in={area.pk} | area.descendant_ids(), year=year
            )
            .values_list("sex", "age_band")
            .annotate(n=Sum("count"))
        }
        for band in AGE_BANDS:
            female, male = cells.get(("F", band), 0), cells.get(("M", band), 0)
            table.append({"band": band, "female": female, "male": male, "total": female + male})
    peak = max((max(r["female"], r["male"]) for r in table), default=0)
    return render(
        request,
        "places/area_detail.html",
        {
            "place": place,
            "area": area,
            "ancestors": list(reversed(area.ancestors())),
            "children": area.children.all(),
            "years": years,
            "year": year,
            "table": table,
            "peak": peak,
            "totals": {
                "female": sum(r["female"] for r in table),
                "male": sum(r["male"] for r in table),
                "total": sum(r["total"] for r in table),
            },
            "history": history(area),
        },
    )
