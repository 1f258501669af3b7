"""The place's indicators, computed by the engine from the data the place has accepted."""

from __future__ import annotations

import csv
import io
import math

from django.http import HttpResponse
from django.shortcuts import render

from joinedup.indicators.model import Method
from joinedup.places.models import Area
from joinedup.places.scoping import place_for
from joinedup.specs import safe_cell
from joinedup.stats.significance import compare

from .charts import dot_plot
from .tables import NoData, compute_for

LOWER, UPPER = "Lower CI 95.0 limit", "Upper CI 95.0 limit"
UNITS = {Method.PROPORTION: "%", Method.RATE: "per 100,000", Method.DSR: "per 100,000"}


def _number(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _area_names(results) -> dict[str, str]:
    codes = {r["Area Code"] for r in results}
    return dict(Area.objects.filter(code__in=codes).values_list("code", "name"))


def _nan(value):
    return math.nan if value is None else value


def _sections(computed, period_choice: str | None):
    names = _area_names(computed.results)
    # A year names a financial year (2024/25) or, for calendar-year indicators, 2024.
    periods = sorted({r["Period"][:4] for r in computed.results}, reverse=True)
    period = period_choice if period_choice in periods else (periods[0] if periods else None)
    sections = []
    for definition in computed.definitions:
        mine = [
            r
            for r in computed.results
            if r["Indicator ID"] == definition.id and r["Period"][:4] == period
        ]
        label = mine[0]["Period"] if mine else period
        overall = [r for r in mine if r["Breakdown"] == "All"]
        authorities = [r for r in overall if r["Area Type"] == "LA"]
        wards = sorted(
            (r for r in overall if r["Area Type"] == "Ward"),
            key=lambda r: names.get(r["Area Code"], r["Area Code"]),
        )
        comparator = _number(authorities[0]["Value"]) if len(authorities) == 1 else None
        rows = []
        for r in authorities + wards:
            value, lower, upper = _number(r["Value"]), _number(r[LOWER]), _number(r[UPPER])
            compared = ""
            if r["Area Type"] == "Ward" and comparator is not None and value is not None:
                compared = str(
                    compare([value], [_nan(lower)], [_nan(upper)], comparator, definition.polarity)[
                        0
                    ]
                )
            rows.append(
                {
                    "name": names.get(r["Area Code"], r["Area Code"]),
                    "code": r["Area Code"],
                    "type": r["Area Type"],
                    "count": _number(r["Count"]),
                    "denominator": _number(r["Denominator"]),
                    "value": value,
                    "lower": lower,
                    "upper": upper,
                    "compared": compared,
                    "note": r["Note"] or "",
                }
            )
        by_sex = [r for r in mine if r["Breakdown"] == "Sex" and r["Area Type"] == "LA"]
        sections.append(
            {
                "definition": definition,
                "unit": UNITS.get(definition.method, ""),
                "period": label,
                "rows": rows,
                "by_sex": by_sex,
                "chart": dot_plot(
                    f"{definition.title}, {label}: wards with 95% confidence intervals",
                    rows[len(authorities) :],
                    comparator,
                    "local authority",
                ),
            }
        )
    return periods, period, sections


def indicators(request, place):
    place = place_for(request, place)
    try:
        computed = compute_for(place)
    except NoData as reason:
        return render(request, "needs/indicators.html", {"place": place, "missing": str(reason)})
    periods, period, sections = _sections(computed, request.GET.get("period"))
    return render(
        request,
        "needs/indicators.html",
        {"place": place, "periods": periods, "period": period, "sections": sections},
    )


def indicators_csv(request, place):
    place = place_for(request, place)
    try:
        computed = compute_for(place)
    except NoData as reason:
        return HttpResponse(str(reason), status=404, content_type="text/plain; charset=utf-8")
    names = _area_names(computed.results)
    out = io.StringIO()
    writer = csv.writer(out)
    columns = list(computed.results[0]) if computed.results else []
    writer.writerow(["Area Name", *columns])
    for row in computed.results:
        cells = [names.get(row["Area Code"], ""), *(row[c] for c in columns)]
        writer.writerow([safe_cell("" if v is None else v) for v in cells])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{place.slug}-indicators.csv"'
    return response
