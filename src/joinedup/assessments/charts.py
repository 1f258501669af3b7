"""Charts as server-rendered SVG: no JavaScript, no CDN. Each chart is an image with a title
and a description (``role="img"``, ``aria-labelledby``) and is always shown beside a table of
the same figures, which is what screen reader users read. Charts are drawn only from
already-published (suppressed) figures; a hidden figure is simply not drawn.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
LEFT = 8
RIGHT = 64
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
AREA_COLOURS = {"celebration": "#00703c", "further_work": "#d4351c", "none": "#1d70b8"}
SERIES = ("#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#801650", "#28a197")
SHAPES = ("circle", "square", "triangle", "diamond")
# Lowest to highest answer, colour-blind-safe blues to oranges with enough difference.
POINTS = ("#b58840", "#e3c28a", "#9fc4e8", "#1d70b8", "#003078", "#505a5f", "#0b0c0c")
_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    area: str | None = None


def _frame(height: int, title: str, description: str, body: str) -> Markup:
    number = next(_ids)
    return Markup(
        f'<svg class="joinedup-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" style="max-width:{WIDTH}px" '
        f'aria-labelledby="chart-title-{number} chart-desc-{number}">'
        f'<title id="chart-title-{number}">{escape(title)}</title>'
        f'<desc id="chart-desc-{number}">{escape(description)}</desc>'
        f'<g font-family="Arial, sans-serif" font-size="14" fill="{TEXT}">{body}</g></svg>'
    )


def _x(value: float, minimum: float, maximum: float) -> float:
    span = (WIDTH - LEFT - RIGHT) or 1
    return LEFT + span * (value - minimum) / ((maximum - minimum) or 1)


def bar_chart(
    bars: list[Bar], *, minimum: float, maximum: float, title: str, description: str, places=1
) -> Markup:
    """Horizontal bars from ``minimum`` to each value, the label above each bar."""
    parts, y = [], 8
    for bar in bars:
        parts.append(f'<text x="{LEFT}" y="{y + 14}">{escape(bar.label)}</text>')
        if not math.isnan(bar.value):
            end = _x(bar.value, minimum, maximum)
            colour = AREA_COLOURS.get(bar.area or "none", AREA_COLOURS["none"])
            parts.append(
                f'<rect x="{LEFT}" y="{y + 20}" width="{end - LEFT:.1f}" height="16" '
                f'fill="{colour}"/><text x="{end + 6:.1f}" y="{y + 33}">'
                f"{bar.value:.{places}f}</text>"
            )
        else:
            parts.append(f'<text x="{LEFT}" y="{y + 33}" font-style="italic">hidden</text>')
        y += 46
    parts.append(_axis(y, minimum, maximum))
    return _frame(y + 24, title, description, "".join(parts))


def _axis(y: float, minimum: float, maximum: float) -> str:
    ticks = []
    step = 1 if maximum - minimum <= 6 else 3
    value = minimum
    while value <= maximum + 1e-9:
        x = _x(value, minimum, maximum)
        ticks.append(
            f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{y}" stroke="{GRID}" '
            f'stroke-dasharray="2 3"/><text x="{x:.1f}" y="{y + 16}" '
            f'text-anchor="middle">{value:g}</text>'
        )
        value += step
    return "".join(ticks)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{colour}"/>'
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 7:.1f} {x + 7:.1f},{y + 6:.1f} '
            f'{x - 7:.1f},{y + 6:.1f}" fill="{colour}"/>'
        )
    if shape == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 8:.1f} {x + 8:.1f},{y:.1f} {x:.1f},{y + 8:.1f} '
            f'{x - 8:.1f},{y:.1f}" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{colour}"/>'


def dot_chart(
    rows: list[tuple[str, list[float]]],
    groups: list[str],
    *,
    minimum: float,
    maximum: float,
    title: str,
    description: str,
) -> Markup:
    """One line per section with a marker per group (shape and colour both differ), so that
    gaps between groups can be seen; a legend names the groups."""
    styles = [(SHAPES[n % len(SHAPES)], SERIES[n % len(SERIES)]) for n in range(len(groups))]
    parts, y = [], 8
    for number, group in enumerate(groups):
        shape, colour = styles[number]
        column, line = number % 2, number // 2
        x = LEFT + 8 + column * (WIDTH // 2)
        parts.append(_marker(shape, x, y + 8 + line * 22, colour))
        parts.append(f'<text x="{x + 14}" y="{y + 13 + line * 22}">{escape(group)}</text>')
    y += 22 * math.ceil(len(groups) / 2) + 12
    top = y
    for label, values in rows:
        parts.append(f'<text x="{LEFT}" y="{y + 14}">{escape(label)}</text>')
        parts.append(
            f'<line x1="{LEFT}" y1="{y + 30}" x2="{WIDTH - RIGHT}" y2="{y + 30}" stroke="{GRID}"/>'
        )
        for (shape, colour), value in zip(styles, values, strict=True):
            if not math.isnan(value):
                parts.append(_marker(shape, _x(value, minimum, maximum), y + 30, colour))
        y += 48
    parts.append(f'<g transform="translate(0 {top - 4})">{_axis(y - top, minimum, maximum)}</g>')
    return _frame(y + 24, title, description, "".join(parts))


def distribution_chart(
    rows: list[tuple[str, list[float]]], labels: list[str], *, title: str, description: str
) -> Markup:
    """100% stacked bars of the share of each answer, lowest answer on the left."""
    colours = POINTS[: len(labels)] if len(labels) <= len(POINTS) else POINTS
    parts, y = [], 8
    for number, label in enumerate(labels):
        x = LEFT + number * (WIDTH // max(len(labels), 1))
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colours[number]}"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 11}" font-size="12">{escape(label)}</text>')
    y += 28
    span = WIDTH - LEFT - RIGHT
    for label, shares in rows:
        parts.append(f'<text x="{LEFT}" y="{y + 14}">{escape(label)}</text>')
        x = float(LEFT)
        if any(math.isnan(share) for share in shares):
            parts.append(f'<text x="{LEFT}" y="{y + 33}" font-style="italic">hidden</text>')
        else:
            for number, share in enumerate(shares):
                width = span * share
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 20}" width="{width:.1f}" height="16" '
                    f'fill="{colours[number % len(colours)]}"/>'
                )
                x += width
        y += 46
    return _frame(y + 8, title, description, "".join(parts))
