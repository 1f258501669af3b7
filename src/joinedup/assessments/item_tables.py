"""Per-item results of all respondents: mean, number answering, band, and the share giving
each answer, with a stacked-bar chart of the shares. Built only from published tables."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from joinedup.instruments import PublishedResults

from . import charts
from .presentation import Labels, number


@dataclass
class SectionItems:
    title: str
    dimension: str
    columns: list[str]
    rows: list[list[str]]
    chart: Markup


def item_tables(results: PublishedResults, labels: Labels) -> list[SectionItems]:
    items = results.items[results.items["breakdown"] == "all"]
    shares = results.distribution[
        (results.distribution["breakdown"] == "all") & (results.distribution["kind"] == "item")
    ]
    blocks = []
    for section in labels.instrument.sections:
        for dimension in labels.instrument.effective_dimensions:
            part = items[(items["section"] == section.id) & (items["dimension"] == dimension.id)]
            if part.empty:
                continue
            points = shares[
                (shares["section"] == section.id) & (shares["dimension"] == dimension.id)
            ]
            scale = [str(label) for label in dict.fromkeys(points["label"])]
            rows, bars = [], []
            for row in part.itertuples():
                answers = points[points["item"] == row.item].sort_values("value")
                percent = [
                    "hidden" if s != s else f"{100 * s:.0f}%" for s in answers["share"].tolist()
                ]
                statement = labels.item(row.item)
                rows.append(
                    [statement, number(row.n, 0), number(row.mean, 2), row.band or ""] + percent
                )
                bars.append((statement, [float(s) for s in answers["share"].tolist()]))
            heading = section.title
            if labels.several_dimensions:
                heading += f" – {dimension.label}"
            chart = charts.distribution_chart(
                bars,
                scale,
                title=f"Answers to each statement: {heading}",
                description="Each bar splits the answers to one statement by the answer given, "
                "lowest on the left. The table has the percentages.",
            )
            blocks.append(
                SectionItems(
                    heading,
                    dimension.id,
                    ["Statement", "Answers", "Mean", "Band"] + scale,
                    rows,
                    chart,
                )
            )
    return blocks
