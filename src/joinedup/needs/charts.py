"""A dot plot with 95% intervals: one row per area, a line at the comparator's value.

Server-rendered SVG, labelled as an image with a title; the same figures are in the table beside
it, which is what screen reader users read. Suppressed figures are simply not drawn.
"""

from __future__ import annotations

import itertools

from markupsafe import Markup, escape

WIDTH, LABEL, RIGHT, ROW = 640, 190, 20, 24
COLOURS = {
    "Higher": "#003078",
    "Lower": "#5694ca",
    "Worse": "#d4351c",
    "Better": "#00703c",
    "Similar": "#505a5f",
}
_ids = itertools.count(1)


def dot_plot(title: str, rows: list[dict], comparator: float | None, comparator_label: str):
    """``rows``: dicts with name, value, lower, upper, compared (Higher/Lower/Similar/'')."""
    drawn = [r for r in rows if r["value"] is not None]
    if not drawn:
        return Markup("")
    top = max(r["upper"] if r["upper"] is not None else r["value"] for r in drawn)
    top = max(top, comparator or 0) * 1.1 or 1
    plot = WIDTH - LABEL - RIGHT

    def x(value: float) -> float:
        return LABEL + plot * value / top

    height = ROW * len(rows) + 40
    chart_id = f"needs-chart-{next(_ids)}"
    parts = [
        f'<svg class="joinedup-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}" width="100%">',
        f'<title id="{chart_id}">{escape(title)}</title>',
    ]
    for index, row in enumerate(rows):
        y = 20 + ROW * index + ROW / 2
        parts.append(
            f'<text x="{LABEL - 8}" y="{y + 5:.1f}" text-anchor="end" font-size="13" '
            f'fill="#0b0c0c">{escape(row["name"][:28])}</text>'
        )
        if row["value"] is None:
            parts.append(
                f'<text x="{LABEL + 4}" y="{y + 5:.1f}" font-size="12" fill="#505a5f">'
                "not shown (fewer than 5)</text>"
            )
            continue
        colour = COLOURS.get(row.get("compared") or "", "#0b0c0c")
        if row["lower"] is not None and row["upper"] is not None:
            parts.append(
                f'<line x1="{x(row["lower"]):.1f}" x2="{x(row["upper"]):.1f}" y1="{y:.1f}" '
                f'y2="{y:.1f}" stroke="{colour}" stroke-width="2"/>'
            )
        parts.append(f'<circle cx="{x(row["value"]):.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>')
    if comparator is not None:
        cx = x(comparator)
        parts.append(
            f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="12" y2="{height - 20}" stroke="#0b0c0c" '
            'stroke-dasharray="4 3"/>'
            f'<text x="{cx:.1f}" y="{height - 6}" text-anchor="middle" font-size="12" '
            f'fill="#0b0c0c">{escape(comparator_label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
