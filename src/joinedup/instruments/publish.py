"""The one door to results: every table for pages, charts and downloads, already suppressed.

:func:`publishable_results` scores a round and returns all its tables, with groups too small
to show hidden by the rule in :mod:`joinedup.instruments.suppression`. The results are the
scores per section and item, the answers per scale point, gaps between groups, areas for
celebration and further work, change since the last round, alpha, and the benchmark. Pages,
charts, CSV/XLSX/PDF downloads should read these tables and nothing else. That way no output
can skip the suppression.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .benchmark import PartnershipScores, benchmark, partnership_scores
from .model import Instrument
from .reliability import UNSTABLE_BELOW, cronbach_alpha
from .resampling import DEFAULT_RESAMPLES, DEFAULT_SEED, compare_means, holm
from .responses import ATTRIBUTES, Responses
from .scoring import group_sums, measure_values, scored_values
from .suppression import COMPLEMENTARY, PRIMARY, THRESHOLD, plan_suppression

DEFAULT_BREAKDOWNS: tuple[tuple[str, ...], ...] = (
    ("organisation",),
    ("sector",),
    ("stakeholder_group",),
)
ALL = "all"
ALL_RESPONDENTS = "All respondents"


@dataclass(frozen=True, eq=False)
class PublishedResults:
    """Every publishable table of one round. Hidden figures are NaN with ``suppressed=True``.

    Tables (pandas DataFrames, one row per figure):

    - ``respondents``: breakdown, group, respondents, suppressed, note
    - ``sections``: breakdown, group, section, dimension, n, score, sd, mean_answer, band,
      area, suppressed, note (``score`` is the mean of respondents' section scores, a total or
      a mean as the instrument says; ``mean_answer`` the mean answer on the scale)
    - ``items``: breakdown, group, section, item, dimension, n, mean, sd, band, area,
      suppressed, note
    - ``distribution``: breakdown, group, kind, section, item, dimension, value, label, count,
      share, suppressed
    - ``gaps``: ranked differences between shown groups in a breakdown, per section, with a
      bootstrap interval, permutation and Holm-adjusted p-values, and ``indicative`` for small
      groups
    - ``areas``: shown sections and items whose band marks celebration or further work
    - ``change``: per section, this round minus the previous one (independent samples)
    - ``reliability``: Cronbach's alpha per section (for analysts)
    - ``benchmark``: percentile among other partnerships on the same instrument version
    """

    instrument: tuple[str, str]
    threshold: int
    rule: str
    respondents: pd.DataFrame
    sections: pd.DataFrame
    items: pd.DataFrame
    distribution: pd.DataFrame
    gaps: pd.DataFrame
    areas: pd.DataFrame
    change: pd.DataFrame
    reliability: pd.DataFrame
    benchmark: pd.DataFrame


@dataclass(frozen=True, eq=False)
class _Aggregate:
    breakdown: str
    group: str
    members: np.ndarray


def _aggregates(responses: Responses, breakdowns) -> list[_Aggregate]:
    aggregates = [_Aggregate(ALL, ALL_RESPONDENTS, np.ones(responses.count, dtype=bool))]
    for attributes in breakdowns:
        for name in attributes:
            responses.attribute(name)  # refuses unknown attributes
        columns = [responses.attribute(name) for name in attributes]
        keys = list(zip(*columns, strict=True))
        for key in sorted(set(keys)):
            members = np.array([one == key for one in keys], dtype=bool)
            aggregates.append(_Aggregate(" × ".join(attributes), " / ".join(key), members))
    return aggregates


def _cells(responses: Responses) -> np.ndarray:
    """The finest groups: one index per respondent for their (organisation, sector, group)."""
    keys = list(zip(*(responses.attribute(name) for name in ATTRIBUTES), strict=True))
    index = {key: number for number, key in enumerate(sorted(set(keys)))}
    return np.array([index[key] for key in keys], dtype=int)


def _nan(value: float) -> float:
    return float(value) if value is not None and not math.isnan(value) else math.nan


def publishable_results(
    responses: Responses,
    *,
    threshold: int = THRESHOLD,
    breakdowns: Sequence[tuple[str, ...]] = DEFAULT_BREAKDOWNS,
    previous: Responses | None = None,
    peers: Sequence[PartnershipScores] = (),
    seed: int = DEFAULT_SEED,
    resamples: int = DEFAULT_RESAMPLES,
    level: float = 0.95,
) -> PublishedResults:
    """Score a round and return every table it may publish, with small groups suppressed.

    ``breakdowns`` lists the cuts to show; a tuple of two attributes is a cross-cut, e.g.
    ``("organisation", "stakeholder_group")``. ``previous`` is the last round of the same
    instrument version (for ``change``); ``peers`` are other partnerships' scores (for
    ``benchmark``). ``seed`` makes every interval reproducible.

    >>> from joinedup.instruments import default_registry
    >>> bp = default_registry().get("barriers-and-principles")
    >>> answers = np.full((12, 21), 2.0)
    >>> r = Responses(bp, answers, ["Trust"] * 9 + ["County"] * 3,
    ...               ["NHS"] * 9 + ["council"] * 3, ["managers"] * 12)
    >>> table = publishable_results(r).respondents
    >>> table[["group", "respondents", "suppressed"]].values.tolist()[:3]
    [['All respondents', 12.0, False], ['County', nan, True], ['Trust', nan, True]]
    """
    instrument = responses.instrument
    aggregates = _aggregates(responses, breakdowns)
    membership = np.array([aggregate.members for aggregate in aggregates], dtype=float)
    cell_of = _cells(responses)
    cells = int(cell_of.max()) + 1 if responses.count else 0
    cell_membership = np.zeros((len(aggregates), cells))
    for number, aggregate in enumerate(aggregates):
        cell_membership[number, np.unique(cell_of[aggregate.members])] = 1
    people = np.bincount(cell_of, minlength=cells)
    by_people = plan_suppression(cell_membership, people, threshold=threshold)

    values = measure_values(responses)
    plans = {}
    hidden = np.zeros((len(aggregates), len(instrument.measures)), dtype=bool)
    reasons = np.full(hidden.shape, "", dtype=object)
    for index in range(len(instrument.measures)):
        answered = np.bincount(cell_of, weights=~np.isnan(values[:, index]), minlength=cells)
        key = answered.tobytes()
        if key not in plans:
            plans[key] = plan_suppression(
                cell_membership,
                answered.astype(int),
                threshold=threshold,
                forced=by_people.suppressed,
                forced_reason=by_people.reason,
            )
        hidden[:, index] = plans[key].suppressed
        reasons[:, index] = plans[key].reason

    sums = group_sums(responses, membership)
    tables = _score_tables(instrument, aggregates, sums, hidden, reasons)
    respondents = pd.DataFrame(
        [
            dict(
                breakdown=aggregate.breakdown,
                group=aggregate.group,
                respondents=math.nan if by_people.suppressed[n] else float(aggregate.members.sum()),
                suppressed=bool(by_people.suppressed[n]),
                note=by_people.reason[n],
            )
            for n, aggregate in enumerate(aggregates)
        ]
    )
    rng = np.random.default_rng(seed)
    options = dict(rng=rng, resamples=resamples, level=level)
    gaps = _gaps(instrument, aggregates, values, hidden, **options)
    change = _change(responses, values, previous, threshold=threshold, **options)
    reliability = _reliability(responses, hidden[0], threshold=threshold, level=level)
    sections, items, distribution = tables
    areas = pd.concat(
        [
            frame.loc[~frame["suppressed"] & frame["area"].isin(["celebration", "further_work"])]
            .assign(kind=kind)
            .reindex(
                columns=[
                    "kind",
                    "breakdown",
                    "group",
                    "section",
                    "item",
                    "dimension",
                    "band",
                    "area",
                    "value",
                ]
            )
            .assign(value=frame["score"] if kind == "section" else frame["mean"])
            for kind, frame in (("section", sections), ("item", items))
        ],
        ignore_index=True,
    )
    return PublishedResults(
        instrument=instrument.key,
        threshold=threshold,
        rule=(
            f"Figures about fewer than {threshold} people are hidden, and so are any figures "
            "that would let a hidden group be worked out by subtraction."
        ),
        respondents=respondents,
        sections=sections,
        items=items,
        distribution=distribution,
        gaps=gaps,
        areas=areas,
        change=change,
        reliability=reliability,
        benchmark=benchmark(partnership_scores(responses), peers, threshold=threshold),
    )


def _score_tables(instrument: Instrument, aggregates, sums, hidden, reasons):
    section_rows, item_rows, distribution_rows = [], [], []
    means, sds, mean_answers = sums.mean, sums.sd, sums.mean_answer
    for index, measure in enumerate(instrument.measures):
        band_set = instrument.band_set_for(measure.section, measure.dimension)
        section_items = next(
            len(m.columns)
            for m in instrument.measures
            if m.kind == "section"
            and m.section == measure.section
            and m.dimension == measure.dimension
        )
        reverse = measure.kind == "item" and next(
            item.reverse for item in instrument.items if item.id == measure.item
        )
        for number, aggregate in enumerate(aggregates):
            shown = not hidden[number, index]
            mean = means[number, index] if shown else math.nan
            score_for_band = mean
            if measure.kind == "item":
                if reverse:
                    score_for_band = measure.scale.minimum + measure.scale.maximum - mean
                if instrument.scoring.method == "total":
                    score_for_band *= section_items
            band = band_set.band_for(score_for_band) if band_set and shown else None
            common = dict(
                breakdown=aggregate.breakdown,
                group=aggregate.group,
                section=measure.section,
                dimension=measure.dimension,
            )
            row = dict(
                common,
                n=float(sums.count[number, index]) if shown else math.nan,
                sd=_nan(sds[number, index]) if shown else math.nan,
                band=band.label if band else None,
                area=band.area if band else None,
                suppressed=not shown,
                note=reasons[number, index],
            )
            if measure.kind == "section":
                row["score"] = _nan(mean)
                row["mean_answer"] = _nan(mean_answers[number, index]) if shown else math.nan
                section_rows.append(row)
            else:
                row["item"] = measure.item
                row["mean"] = _nan(mean)
                item_rows.append(row)
            answers = sums.points[number, index].sum()
            for position, point in enumerate(measure.scale.points):
                count = sums.points[number, index, position]
                distribution_rows.append(
                    dict(
                        common,
                        kind=measure.kind,
                        item=measure.item,
                        value=point.value,
                        label=point.label,
                        count=float(count) if shown else math.nan,
                        share=float(count / answers) if shown and answers else math.nan,
                        suppressed=not shown,
                    )
                )
    section_columns = [
        "breakdown",
        "group",
        "section",
        "dimension",
        "n",
        "score",
        "sd",
        "mean_answer",
        "band",
        "area",
        "suppressed",
        "note",
    ]
    item_columns = [
        "breakdown",
        "group",
        "section",
        "item",
        "dimension",
        "n",
        "mean",
        "sd",
        "band",
        "area",
        "suppressed",
        "note",
    ]
    return (
        pd.DataFrame(section_rows, columns=section_columns),
        pd.DataFrame(item_rows, columns=item_columns),
        pd.DataFrame(
            distribution_rows,
            columns=[
                "breakdown",
                "group",
                "kind",
                "section",
                "item",
                "dimension",
                "value",
                "label",
                "count",
                "share",
                "suppressed",
            ],
        ),
    )


_GAP_COLUMNS = [
    "rank",
    "breakdown",
    "section",
    "dimension",
    "group_a",
    "group_b",
    "n_a",
    "n_b",
    "mean_a",
    "mean_b",
    "difference",
    "lower",
    "upper",
    "p_value",
    "p_adjusted",
    "exact",
    "indicative",
    "note",
]


def _gaps(instrument, aggregates, values, hidden, *, rng, resamples, level) -> pd.DataFrame:
    rows = []
    for index, measure in enumerate(instrument.measures):
        if measure.kind != "section":
            continue
        shown = [
            aggregate
            for number, aggregate in enumerate(aggregates)
            if aggregate.breakdown != ALL and not hidden[number, index]
        ]
        for position, first in enumerate(shown):
            for second in shown[position + 1 :]:
                if first.breakdown != second.breakdown:
                    continue
                x = values[first.members, index]
                y = values[second.members, index]
                if np.sum(~np.isnan(x)) < 2 or np.sum(~np.isnan(y)) < 2:
                    continue
                result = compare_means(x, y, seed=rng, resamples=resamples, level=level)
                rows.append(
                    dict(
                        breakdown=first.breakdown,
                        section=measure.section,
                        dimension=measure.dimension,
                        group_a=first.group,
                        group_b=second.group,
                        n_a=result.n_x,
                        n_b=result.n_y,
                        mean_a=result.mean_x,
                        mean_b=result.mean_y,
                        difference=result.difference,
                        lower=result.lower,
                        upper=result.upper,
                        p_value=result.p_value,
                        exact=result.exact,
                        indicative=result.indicative,
                        note=(
                            "indicative: a group has fewer than 10 answers, so the interval is "
                            "too narrow"
                            if result.indicative
                            else ""
                        ),
                    )
                )
    gaps = pd.DataFrame(rows, columns=[c for c in _GAP_COLUMNS if c not in ("rank", "p_adjusted")])
    gaps["p_adjusted"] = holm(gaps["p_value"].to_numpy()) if len(gaps) else []
    gaps = gaps.sort_values(
        "difference", key=lambda column: -column.abs(), kind="stable"
    ).reset_index(drop=True)
    gaps.insert(0, "rank", np.arange(1, len(gaps) + 1))
    return gaps[_GAP_COLUMNS]


def _change(responses, values, previous, *, threshold, rng, resamples, level) -> pd.DataFrame:
    columns = [
        "section",
        "dimension",
        "n_before",
        "n_now",
        "mean_before",
        "mean_now",
        "difference",
        "lower",
        "upper",
        "p_value",
        "indicative",
        "suppressed",
        "note",
    ]
    if previous is None:
        return pd.DataFrame(columns=columns)
    instrument = responses.instrument
    if previous.instrument.key != instrument.key:
        raise ValueError(
            f"Rounds on different instrument versions cannot be compared: "
            f"{previous.instrument.key} then {instrument.key}."
        )
    before_values = measure_values(previous)
    rows = []
    for index, measure in enumerate(instrument.measures):
        if measure.kind != "section":
            continue
        now = values[:, index][~np.isnan(values[:, index])]
        before = before_values[:, index][~np.isnan(before_values[:, index])]
        row = dict(section=measure.section, dimension=measure.dimension)
        if min(now.size, before.size) < threshold:
            row.update(suppressed=True, note=PRIMARY.format(threshold=threshold) + " in a round")
        else:
            result = compare_means(now, before, seed=rng, resamples=resamples, level=level)
            row.update(
                n_before=result.n_y,
                n_now=result.n_x,
                mean_before=result.mean_y,
                mean_now=result.mean_x,
                difference=result.difference,
                lower=result.lower,
                upper=result.upper,
                p_value=result.p_value,
                indicative=result.indicative,
                suppressed=False,
                note="independent samples: respondents differ between rounds",
            )
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def _reliability(responses, total_hidden, *, threshold, level) -> pd.DataFrame:
    instrument = responses.instrument
    scored = scored_values(instrument, responses.values)
    rows = []
    for index, measure in enumerate(instrument.measures):
        if measure.kind != "section" or len(measure.columns) < 2:
            continue
        alpha = cronbach_alpha(scored[:, list(measure.columns)], level=level)
        shown = alpha.respondents >= threshold and not total_hidden[index]
        note = ""
        if not shown:
            note = PRIMARY.format(threshold=threshold) + " answered every item"
        elif alpha.respondents < UNSTABLE_BELOW:
            note = f"unstable: fewer than {UNSTABLE_BELOW} complete answers"
        rows.append(
            dict(
                section=measure.section,
                dimension=measure.dimension,
                items=alpha.items,
                respondents=alpha.respondents if shown else math.nan,
                alpha=alpha.value if shown else math.nan,
                lower=alpha.lower if shown else math.nan,
                upper=alpha.upper if shown else math.nan,
                suppressed=not shown,
                note=note,
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "section",
            "dimension",
            "items",
            "respondents",
            "alpha",
            "lower",
            "upper",
            "suppressed",
            "note",
        ],
    )


__all__ = ["COMPLEMENTARY", "DEFAULT_BREAKDOWNS", "PublishedResults", "publishable_results"]
