"""Alpha, resampled comparisons, gaps, change between rounds and the benchmark."""

import math

import numpy as np
import pytest

from joinedup.instruments import (
    PartnershipScores,
    benchmark,
    compare_means,
    cronbach_alpha,
    holm,
    parse_instrument,
    partnership_scores,
    publishable_results,
)
from joinedup.instruments.resampling import permutation_p_value

from .builders import TINY, responses, tiny

# 15 respondents x 10 items (1-7), the worked example behind pingouin's cronbach_alpha
# (Real Statistics, "Cronbach's alpha"; pingouin checks it against R's psych::alpha):
# alpha = 0.591719, 95% Feldt interval 0.195 to 0.840.
TEXTBOOK = [
    [3, 2, 4, 1, 4, 5, 1, 4, 3, 2],
    [5, 4, 6, 3, 5, 1, 2, 5, 5, 5],
    [7, 3, 5, 5, 6, 4, 3, 3, 6, 5],
    [2, 4, 3, 3, 2, 2, 2, 6, 6, 3],
    [6, 5, 6, 5, 4, 4, 4, 6, 7, 5],
    [1, 2, 3, 4, 2, 5, 2, 3, 5, 2],
    [4, 3, 5, 3, 5, 2, 1, 2, 4, 3],
    [2, 4, 4, 3, 7, 2, 2, 4, 6, 5],
    [6, 5, 5, 5, 1, 6, 5, 2, 3, 2],
    [5, 4, 6, 4, 3, 5, 3, 1, 7, 2],
    [4, 3, 5, 2, 5, 3, 2, 3, 4, 1],
    [4, 2, 3, 2, 5, 3, 4, 2, 3, 4],
    [5, 5, 6, 2, 3, 3, 2, 4, 4, 5],
    [6, 5, 5, 4, 2, 2, 1, 4, 6, 5],
    [4, 3, 5, 5, 3, 1, 3, 2, 3, 4],
]


def test_cronbach_alpha_matches_the_textbook_value_and_feldt_interval():
    alpha = cronbach_alpha(TEXTBOOK)
    assert alpha.value == pytest.approx(0.591719, abs=1e-6)
    assert (round(alpha.lower, 3), round(alpha.upper, 3)) == (0.195, 0.840)
    assert (alpha.respondents, alpha.items) == (15, 10)


def test_cronbach_alpha_drops_respondents_with_a_missing_item():
    with_gap = [row[:] for row in TEXTBOOK] + [[math.nan] + [7] * 9]
    assert cronbach_alpha(with_gap).value == pytest.approx(0.591719, abs=1e-6)
    assert cronbach_alpha(with_gap).respondents == 15


def test_cronbach_alpha_by_hand():
    # Items [1,2,3,4] (variance 5/3) and [2,3,3,5] (variance 4.75/3); totals [3,5,6,9]
    # (variance 18.75/3 = 6.25). alpha = 2 * (1 - (5/3 + 4.75/3) / 6.25) = 2 * 0.48 = 0.96.
    assert cronbach_alpha([[1, 2], [2, 3], [3, 3], [4, 5]]).value == pytest.approx(0.96)


def test_exact_permutation_p_value_by_hand():
    # Pooled 1,2,3,4; observed |1.5 - 3.5| = 2. The six splits give differences
    # -2, -1, 0, 0, 1, 2: two of six are as far out, so p = 1/3.
    p_value, exact = permutation_p_value(
        np.array([1.0, 2.0]), np.array([3.0, 4.0]), rng=np.random.default_rng(0), resamples=99
    )
    assert exact and p_value == pytest.approx(1 / 3)


def test_random_permutation_p_value_is_never_zero():
    x, y = np.arange(30.0), np.arange(30.0) + 100
    p_value, exact = permutation_p_value(x, y, rng=np.random.default_rng(0), resamples=999)
    assert not exact and p_value == pytest.approx(1 / 1000)


def test_bootstrap_intervals_are_reproducible_with_a_seed_and_vary_without():
    rng = np.random.default_rng(7)
    x, y = rng.integers(1, 5, 40).astype(float), rng.integers(1, 5, 35).astype(float)
    first = compare_means(x, y, seed=123)
    again = compare_means(x, y, seed=123)
    other = compare_means(x, y, seed=124)
    assert (first.lower, first.upper, first.p_value) == (again.lower, again.upper, again.p_value)
    assert (first.lower, first.upper) != (other.lower, other.upper)
    assert first.lower < first.difference < first.upper
    assert not first.indicative


def test_holm_adjustment_by_hand():
    # Sorted 0.01, 0.03, 0.04 times 3, 2, 1 = 0.03, 0.06, 0.04 -> running max 0.03, 0.06, 0.06.
    np.testing.assert_allclose(holm([0.01, 0.04, 0.03]), [0.03, 0.06, 0.06])


def _three_organisations():
    instrument = tiny("mean")
    answers = (
        [[4, 4, 3, 3, 2]] * 6  # A: s1 = 4
        + [[2, 2, 3, 3, 2]] * 6  # B: s1 = 2
        + [[3, 3, 3, 3, 2]] * 6  # C: s1 = 3
    )
    organisation = ["A"] * 6 + ["B"] * 6 + ["C"] * 6
    sector = ["NHS"] * 6 + ["council"] * 6 + ["other"] * 6
    return responses(instrument, answers, organisation, sector)


def test_perception_gaps_are_ranked_by_size_with_intervals_and_adjusted_p_values():
    result = publishable_results(_three_organisations(), resamples=999)
    gaps = result.gaps.query("breakdown == 'organisation' and section == 's1'")
    assert gaps[["group_a", "group_b", "difference"]].values.tolist() == [
        ["A", "B", 2.0],
        ["A", "C", 1.0],
        ["B", "C", -1.0],
    ]
    first = gaps.iloc[0]
    assert (first["lower"], first["upper"]) == (2.0, 2.0)  # no spread within either group
    # 6 + 6 people: C(12, 6) = 924 splits, no more than the 999 resamples, so every split is
    # tried; only the observed split and its mirror image are as far apart: p = 2 / 924.
    assert first["exact"] and first["indicative"]
    assert first["p_value"] == pytest.approx(2 / 924)
    assert (result.gaps["p_adjusted"] >= result.gaps["p_value"]).all()
    assert result.gaps["rank"].tolist() == list(range(1, len(result.gaps) + 1))
    assert result.gaps["difference"].abs().is_monotonic_decreasing


def test_gaps_are_reproducible_with_the_same_seed():
    data = _three_organisations()
    first = publishable_results(data, seed=5, resamples=199).gaps
    again = publishable_results(data, seed=5, resamples=199).gaps
    assert first.equals(again)


def test_change_since_the_previous_round_treats_rounds_as_independent_samples():
    instrument = tiny("mean")
    before = responses(instrument, [[2, 2, 2, 2, 2]] * 5 + [[3, 3, 2, 2, 2]] * 5, ["A"] * 10)
    now = responses(instrument, [[3, 3, 2, 2, 2]] * 6 + [[4, 4, 2, 2, 2]] * 6, ["A"] * 12)
    change = publishable_results(now, previous=before, resamples=199).change.set_index("section")
    # s1 before: five 2s and five 3s, mean 2.5; now six 3s and six 4s, mean 3.5: +1.
    assert change.loc[
        "s1", ["n_before", "n_now", "mean_before", "mean_now", "difference"]
    ].tolist() == [10, 12, 2.5, 3.5, 1.0]
    assert change.loc["s1", "lower"] <= 1.0 <= change.loc["s1", "upper"]
    assert change.loc["s2", "difference"] == 0.0


def test_change_is_hidden_when_a_round_has_fewer_than_five_answers():
    instrument = tiny("mean")
    before = responses(instrument, [[2, 2, 2, 2, 2]] * 4, ["A"] * 4)
    now = responses(instrument, [[3, 3, 2, 2, 2]] * 6, ["A"] * 6)
    change = publishable_results(now, previous=before, resamples=99).change
    assert change["suppressed"].all() and change["difference"].isna().all()


def test_change_refuses_rounds_on_different_instrument_versions():
    older = parse_instrument(
        TINY.format(method="mean", band_set="mean-bands").replace('version = "1"', 'version = "0"')
    )
    before = responses(older, [[2] * 5] * 5, ["A"] * 5)
    now = responses(tiny("mean"), [[2] * 5] * 5, ["A"] * 5)
    with pytest.raises(ValueError, match="different instrument versions"):
        publishable_results(now, previous=before, resamples=99)


def test_reliability_is_shown_with_a_warning_when_few_answered():
    result = publishable_results(_three_organisations(), resamples=99)
    row = result.reliability.set_index("section").loc["s2"]
    assert row["respondents"] == 18 and row["note"].startswith("unstable")


def test_benchmark_needs_five_peers_on_the_same_version():
    own = PartnershipScores(("pat", "1"), 20, {("need", "rating"): 18.0})
    peer_scores = [12.0, 15.0, 18.0, 20.0]
    peers = [PartnershipScores(("pat", "1"), 10, {("need", "rating"): s}) for s in peer_scores]
    peers.append(PartnershipScores(("pat", "2"), 10, {("need", "rating"): 1.0}))  # other version
    peers.append(PartnershipScores(("pat", "1"), 4, {("need", "rating"): 1.0}))  # too few people
    table = benchmark(own, peers)
    assert table["peers"].item() == 4 and math.isnan(table["percentile"].item())
    peers.append(PartnershipScores(("pat", "1"), 10, {("need", "rating"): 22.0}))
    # Peers 12, 15, 18, 20, 22: two below, one tied -> (2 + 0.5) / 5 = 50%.
    assert benchmark(own, peers)["percentile"].item() == 50.0


def test_partnership_scores_are_the_round_mean_section_scores():
    scores = partnership_scores(_three_organisations())
    assert scores.scores[("s1", "rating")] == pytest.approx(3.0)
    assert scores.respondents == 18
