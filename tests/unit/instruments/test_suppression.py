"""No published table reveals a group of fewer than 5 people, directly or by subtraction."""

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from joinedup.instruments import SECTORS, plan_suppression, publishable_results
from joinedup.instruments.suppression import COMPLEMENTARY

from .builders import responses, tiny

K = 5
CROSS_CUT = ("organisation", "stakeholder_group")


def test_two_groups_of_ten_and_three_hide_both_and_keep_the_total():
    plan = plan_suppression(np.array([[1, 1], [1, 0], [0, 1]]), np.array([10, 3]))
    assert plan.suppressed.tolist() == [False, True, True]
    assert plan.reason[1] == COMPLEMENTARY


def test_the_next_smallest_group_is_hidden_with_the_small_one():
    # Total, then groups of 12, 3 and 7: hide the 3 and the 7 (the smallest that protects it).
    membership = np.array([[1, 1, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    plan = plan_suppression(membership, np.array([12, 3, 7]))
    assert plan.suppressed.tolist() == [False, False, True, True]


def test_a_small_organisation_cannot_be_found_by_subtracting_within_its_sector():
    instrument = tiny("mean")
    organisation = ["County"] * 20 + ["District"] * 3 + ["Trust"] * 12
    sector = ["council"] * 23 + ["NHS"] * 12
    data = responses(instrument, [[3] * 5] * 35, organisation, sector)
    table = publishable_results(data, resamples=19).respondents.set_index("group")
    # District (3) is hidden; council - County would give it away, so County is hidden too.
    assert table.loc["District", "suppressed"] and table.loc["County", "suppressed"]
    assert table.loc["council", "respondents"] == 23
    assert table.loc["Trust", "respondents"] == 12


def test_a_stakeholder_group_inside_one_organisation_cannot_expose_the_rest_of_it():
    instrument = tiny("mean")
    organisation = ["Trust"] * 12 + ["County"] * 8
    sector = ["NHS"] * 12 + ["council"] * 8
    group = ["clinicians"] * 10 + ["managers"] * 10
    data = responses(instrument, [[2] * 5] * 20, organisation, sector, group)
    result = publishable_results(data, resamples=19)
    # Trust - clinicians = the Trust's 2 managers: some figure must be hidden.
    assert result.respondents["suppressed"].any()
    assert_nothing_small_is_derivable(data, result)


# --- the property test ---------------------------------------------------------------------


@st.composite
def rounds(draw):
    organisations = draw(st.integers(1, 4))
    groups = draw(st.integers(1, 3))
    sector_of = [draw(st.sampled_from(SECTORS)) for _ in range(organisations)]
    sizes = draw(
        st.lists(
            st.integers(0, 9), min_size=organisations * groups, max_size=organisations * groups
        )
    )
    organisation, sector, group = [], [], []
    for cell, size in enumerate(sizes):
        org, stakeholder = divmod(cell, groups)
        organisation += [f"org{org}"] * size
        sector += [sector_of[org]] * size
        group += [f"group{stakeholder}"] * size
    if not organisation:
        organisation, sector, group = ["org0"], [sector_of[0]], ["group0"]
    answers = draw(
        arrays(float, (len(organisation), 5), elements=st.sampled_from([1.0, 2, 3, 4, math.nan]))
    )
    cross_cut = draw(st.booleans())
    return responses(tiny("mean"), answers, organisation, sector, group), cross_cut


def members(data, breakdown, group):
    if breakdown == "all":
        return np.ones(data.count, dtype=bool)
    names = breakdown.split(" × ")
    keys = [" / ".join(values) for values in zip(*(data.attribute(n) for n in names), strict=True)]
    return np.array([key == group for key in keys])


def published_figures(data, result):
    """(measure key, breakdown, group, shown, n, sum) for every count and sum a reader sees."""
    from joinedup.instruments import measure_values

    values = measure_values(data)
    figures = []
    for row in result.respondents.itertuples():
        figures.append(
            (
                ("people",),
                row.breakdown,
                row.group,
                not row.suppressed,
                row.respondents,
                None,
                np.ones(data.count, dtype=bool),
            )
        )
    for frame, value in ((result.sections, "score"), (result.items, "mean")):
        for row in frame.itertuples():
            key = (row.section, getattr(row, "item", None), row.dimension)
            index = next(
                i
                for i, m in enumerate(data.instrument.measures)
                if (m.section, m.item if m.kind == "item" else None, m.dimension) == key
            )
            answered = ~np.isnan(values[:, index])
            total = getattr(row, value) * row.n if row.n else 0.0
            figures.append(
                (key, row.breakdown, row.group, not row.suppressed, row.n, total, answered)
            )
    return figures


def in_span(rows, target) -> bool:
    if not rows:
        return False
    matrix = np.array(rows, dtype=float).T
    coefficients, *_ = np.linalg.lstsq(matrix, target.astype(float), rcond=None)
    return bool(np.abs(matrix @ coefficients - target).max() < 1e-8)


def assert_nothing_small_is_derivable(data, result):
    figures = published_figures(data, result)
    cell_keys = list(zip(data.organisation, data.sector, data.stakeholder_group, strict=True))
    by_measure = {}
    for key, breakdown, group, shown, n, total, answered in figures:
        by_measure.setdefault(key, []).append((breakdown, group, shown, n, total, answered))
    for key, rows in by_measure.items():
        answered = rows[0][5]
        shown_rows = [members(data, b, g) & answered for b, g, shown, *_ in rows if shown]
        # 1. Directly: every figure shown is about 0 or at least K people.
        for _, _, shown, n, _, _ in rows:
            assert not shown or n == 0 or n >= K, (key, n)
        # 2. By subtraction within one breakdown: total minus the groups shown.
        total = next(r for r in rows if r[0] == "all")
        for breakdown in {r[0] for r in rows} - {"all"}:
            if not total[2]:
                continue
            groups = [r for r in rows if r[0] == breakdown]
            hidden = [r for r in groups if not r[2]]
            visible_n = sum(r[3] for r in groups if r[2])
            residual = total[3] - visible_n
            assert residual == 0 or residual >= K, (key, breakdown, residual)
            assert len(hidden) != 1, (key, breakdown)
            if key != ("people",):
                residual_sum = total[4] - sum(r[4] for r in groups if r[2])
                for _, group, *_ in hidden:
                    mask = members(data, breakdown, group) & answered
                    true_n = int(mask.sum())
                    if 0 < true_n < K:
                        assert not (
                            residual == true_n
                            and math.isclose(residual_sum, float(np.sum(_values(data, key)[mask])))
                        )
        # 3. By any adding and subtracting across all breakdowns: no hidden small group and no
        #    small cell (organisation x sector x stakeholder group) lies in the span.
        targets = [members(data, b, g) & answered for b, g, shown, *_ in rows if not shown]
        targets += [np.array([c == cell for c in cell_keys]) & answered for cell in set(cell_keys)]
        for target in targets:
            if 0 < target.sum() < K:
                assert not in_span(shown_rows, target), (key, target.sum())


def _values(data, key):
    from joinedup.instruments import measure_values

    index = next(
        i
        for i, m in enumerate(data.instrument.measures)
        if (m.section, m.item if m.kind == "item" else None, m.dimension) == key
    )
    return np.nan_to_num(measure_values(data)[:, index])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds())
def test_no_published_table_reveals_a_group_under_five(drawn):
    data, cross_cut = drawn
    breakdowns = [("organisation",), ("sector",), ("stakeholder_group",)]
    if cross_cut:
        breakdowns.append(CROSS_CUT)
    result = publishable_results(data, breakdowns=breakdowns, resamples=19)
    assert_nothing_small_is_derivable(data, result)
    # The distribution of answers follows the suppression of its section or item.
    shown = result.distribution.loc[~result.distribution["suppressed"], "count"]
    assert shown.notna().all()
    hidden = result.distribution.loc[result.distribution["suppressed"], "count"]
    assert hidden.isna().all()
    # Gaps only compare groups that are shown.
    visible = set(
        result.sections.loc[~result.sections["suppressed"], ["breakdown", "group"]].itertuples(
            index=False, name=None
        )
    )
    for row in result.gaps.itertuples():
        assert (row.breakdown, row.group_a) in visible and (row.breakdown, row.group_b) in visible
