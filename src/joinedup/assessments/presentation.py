"""The published tables, labelled and arranged for pages and the PDF report.

Everything here reads a :class:`~joinedup.instruments.PublishedResults` and the instrument's
labels, nothing else: hidden figures stay hidden (shown as "hidden"), and charts are drawn from
the same rows as the tables beside them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup

from joinedup.instruments import Instrument, PublishedResults

from . import charts

BREAKDOWNS = {
    "organisation": "Organisation",
    "sector": "Sector (NHS, council, other)",
    "stakeholder_group": "Stakeholder group",
}
# For captions: "Section scores by sector".
BY = {"organisation": "organisation", "sector": "sector", "stakeholder_group": "stakeholder group"}
SECTOR_LABELS = {"NHS": "NHS", "council": "Council", "other": "Other"}
HIDDEN = "hidden"


def number(value, places: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return HIDDEN
    return f"{value:.{places}f}"


def group_label(breakdown: str, group: str) -> str:
    return SECTOR_LABELS.get(group, group) if breakdown == "sector" else group


@dataclass
class Labels:
    instrument: Instrument

    def section(self, section_id: str) -> str:
        return self.instrument.section(section_id).title

    def item(self, item_id: str) -> str:
        return next(i.statement for i in self.instrument.items if i.id == item_id)

    def dimension(self, dimension_id: str) -> str:
        return next(d.label for d in self.instrument.effective_dimensions if d.id == dimension_id)

    @property
    def several_dimensions(self) -> bool:
        return len(self.instrument.effective_dimensions) > 1

    @property
    def places(self) -> int:
        return 1 if self.instrument.scoring.method == "total" else 2


@dataclass
class Block:
    """One dimension's table (and chart) of a page."""

    dimension: str
    heading: str
    columns: list[str]
    rows: list[list[str]]
    chart: Markup | None = None
    notes: list[str] = field(default_factory=list)


def _dimensions(labels: Labels):
    for dimension in labels.instrument.effective_dimensions:
        heading = labels.dimension(dimension.id) if labels.several_dimensions else ""
        yield dimension.id, heading


def _range(labels: Labels, dimension: str) -> tuple[float, float]:
    first = next(s.id for s in labels.instrument.sections)
    return labels.instrument.score_range(first, dimension)


def overview(results: PublishedResults, labels: Labels) -> list[Block]:
    """Section scores of all respondents, with the band each falls in."""
    table = results.sections[results.sections["breakdown"] == "all"]
    blocks = []
    for dimension, heading in _dimensions(labels):
        rows, bars = [], []
        for row in table[table["dimension"] == dimension].itertuples():
            title = labels.section(row.section)
            rows.append(
                [
                    title,
                    number(row.n, 0),
                    number(row.score, labels.places),
                    number(row.mean_answer, 2),
                    row.band or "",
                ]
            )
            bars.append(charts.Bar(title, row.score, row.area))
        low, high = _range(labels, dimension)
        chart = charts.bar_chart(
            bars,
            minimum=low,
            maximum=high,
            places=labels.places,
            title=f"Section scores{' – ' + heading if heading else ''}",
            description="Bars show each section's score for all respondents, coloured by band: "
            "green for an area for celebration, red for further work. The table has the figures.",
        )
        blocks.append(
            Block(
                dimension,
                heading,
                ["Section", "Respondents", "Score", "Mean answer", "Band"],
                rows,
                chart,
            )
        )
    return blocks


def by_group(results: PublishedResults, labels: Labels, breakdown: str) -> list[Block]:
    """Section scores for each group of one breakdown, side by side."""
    table = results.sections[results.sections["breakdown"] == breakdown]
    groups = list(dict.fromkeys(table["group"]))
    names = [group_label(breakdown, g) for g in groups]
    blocks = []
    for dimension, heading in _dimensions(labels):
        part = table[table["dimension"] == dimension]
        rows, points = [], []
        for section in dict.fromkeys(part["section"]):
            cells = part[part["section"] == section].set_index("group")
            scores = [float(cells.loc[g, "score"]) for g in groups]
            counts = [cells.loc[g, "n"] for g in groups]
            rows.append(
                [labels.section(section)]
                + [
                    f"{number(s, labels.places)} (n={number(n, 0)})"
                    if not math.isnan(s)
                    else HIDDEN
                    for s, n in zip(scores, counts, strict=True)
                ]
            )
            points.append((labels.section(section), scores))
        low, high = _range(labels, dimension)
        chart = None
        if groups:
            chart = charts.dot_chart(
                points,
                names,
                minimum=low,
                maximum=high,
                title=f"Section scores by {BY[breakdown]}",
                description="Each line is a section; each marker is one group's score. Markers "
                "far apart show where groups see the partnership differently. Hidden groups "
                "are not drawn. The table has the figures.",
            )
        blocks.append(Block(dimension, heading, ["Section"] + names, rows, chart))
    return blocks


def gaps(results: PublishedResults, labels: Labels, breakdown: str | None = None, limit=10):
    """The largest differences between groups, ranked, with their intervals."""
    table = results.gaps
    if breakdown:
        table = table[table["breakdown"] == breakdown]
    rows = []
    for row in table.head(limit).itertuples():
        name = labels.section(row.section)
        if labels.several_dimensions:
            name += f" ({labels.dimension(row.dimension)})"
        rows.append(
            [
                str(len(rows) + 1),
                name,
                f"{group_label(row.breakdown, row.group_a)} v "
                f"{group_label(row.breakdown, row.group_b)}",
                number(row.difference, labels.places),
                f"{number(row.lower, labels.places)} to {number(row.upper, labels.places)}",
                "yes" if row.p_adjusted < 0.05 else "no",
                "indicative" if row.indicative else "",
            ]
        )
    return rows


def _area_rows(table: pd.DataFrame, labels: Labels, area: str) -> list[str]:
    # Sections only: every statement's band is in the statements table.
    rows = table[(table["breakdown"] == "all") & (table["area"] == area)]
    rows = rows[rows["kind"] == "section"]
    return [
        (labels.section(r.section) if r.kind == "section" else labels.item(r.item))
        + (f" ({labels.dimension(r.dimension)})" if labels.several_dimensions else "")
        + f": {r.band}"
        for r in rows.itertuples()
    ]


def areas(results: PublishedResults, labels: Labels) -> dict[str, list[str]]:
    return {
        "celebration": _area_rows(results.areas, labels, "celebration"),
        "further_work": _area_rows(results.areas, labels, "further_work"),
    }


def change(results: PublishedResults, labels: Labels) -> list[list[str]]:
    rows = []
    for row in results.change.itertuples():
        name = labels.section(row.section)
        if labels.several_dimensions:
            name += f" ({labels.dimension(row.dimension)})"
        if row.suppressed:
            rows.append([name, HIDDEN, HIDDEN, HIDDEN, HIDDEN, row.note])
            continue
        rows.append(
            [
                name,
                number(row.mean_before, labels.places),
                number(row.mean_now, labels.places),
                number(row.difference, labels.places),
                f"{number(row.lower, labels.places)} to {number(row.upper, labels.places)}",
                "indicative" if row.indicative == 1 else "",
            ]
        )
    return rows


def reliability(results: PublishedResults, labels: Labels) -> list[list[str]]:
    return [
        [
            labels.section(row.section)
            + (f" ({labels.dimension(row.dimension)})" if labels.several_dimensions else ""),
            str(row.items),
            number(row.respondents, 0),
            number(row.alpha, 2),
            f"{number(row.lower, 2)} to {number(row.upper, 2)}" if not row.suppressed else HIDDEN,
            row.note,
        ]
        for row in results.reliability.itertuples()
    ]


def benchmark(results: PublishedResults, labels: Labels) -> list[list[str]]:
    return [
        [
            labels.section(row.section)
            + (f" ({labels.dimension(row.dimension)})" if labels.several_dimensions else ""),
            number(row.score, labels.places),
            str(row.peers),
            number(row.percentile, 0) if not math.isnan(row.percentile) else "not shown",
            row.note,
        ]
        for row in results.benchmark.itertuples()
    ]
