"""Properties every interval should have, for any counts Hypothesis can think of."""

from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.stats.mean import mean
from joinedup.stats.proportion import proportion
from joinedup.stats.rate import poisson_limits, rate
from joinedup.stats.significance import compare

denominators = st.integers(min_value=1, max_value=10**7)
fractions = st.floats(min_value=0, max_value=1)
counts = st.integers(min_value=0, max_value=10**6)
SETTINGS = settings(max_examples=200, deadline=None)


@st.composite
def proportions(draw):
    n = draw(denominators)
    x = draw(st.integers(min_value=0, max_value=n))
    return x, n


@SETTINGS
@given(proportions(), st.sampled_from([1, 100, 1000]))
def test_proportion_limits_bracket_the_value_within_0_and_1(case, multiplier):
    x, n = case
    est = proportion([x], [n], multiplier=multiplier)
    value = est.value[0]
    for level in (0.95, 0.998):
        lower, upper = est.limits[level][0][0], est.limits[level][1][0]
        assert 0 <= lower <= value * (1 + 1e-12) and value <= upper * (1 + 1e-12)
        assert upper <= multiplier
    # Wider at the higher level.
    assert est.limits[0.998][0][0] <= est.limits[0.95][0][0]
    assert est.limits[0.998][1][0] >= est.limits[0.95][1][0]


@SETTINGS
@given(
    st.integers(min_value=1, max_value=1000),
    st.integers(min_value=0, max_value=1000),
    st.integers(min_value=2, max_value=50),
)
def test_proportion_interval_shrinks_as_the_denominator_grows(n, k, factor):
    x = min(k, n)
    small = proportion([x], [n], levels=(0.95,))
    large = proportion([x * factor], [n * factor], levels=(0.95,))
    width_small = small.limits[0.95][1][0] - small.limits[0.95][0][0]
    width_large = large.limits[0.95][1][0] - large.limits[0.95][0][0]
    assert width_large < width_small


@SETTINGS
@given(counts, denominators)
def test_rate_limits_bracket_the_value_and_widen_with_level(x, n):
    est = rate([x], [n])
    value = est.value[0]
    for level in (0.95, 0.998):
        lower, upper = est.limits[level][0][0], est.limits[level][1][0]
        assert 0 <= lower <= value * (1 + 1e-12) and value <= upper
    assert est.limits[0.998][0][0] <= est.limits[0.95][0][0]
    assert est.limits[0.998][1][0] >= est.limits[0.95][1][0]


@SETTINGS
@given(
    st.integers(min_value=0, max_value=10**5),
    st.integers(min_value=1, max_value=10**5),
    st.integers(min_value=2, max_value=100),
)
def test_rate_interval_shrinks_as_the_denominator_grows(x, n, factor):
    small = rate([x], [n], levels=(0.95,))
    large = rate([x * factor], [n * factor], levels=(0.95,))
    width_small = small.limits[0.95][1][0] - small.limits[0.95][0][0]
    width_large = large.limits[0.95][1][0] - large.limits[0.95][0][0]
    assert width_large < width_small


@SETTINGS
@given(st.lists(counts, min_size=1, max_size=50))
def test_poisson_limits_are_vectorised_like_one_at_a_time(values):
    lower, upper = poisson_limits(values, 0.95)
    for i, v in enumerate(values):
        one_lower, one_upper = poisson_limits([v], 0.95)
        assert lower[i] == one_lower[0] and upper[i] == one_upper[0]


@SETTINGS
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=2, max_size=40))
def test_mean_limits_bracket_the_mean(values):
    est = mean(values)
    value = est.value[0]
    tolerance = 1e-9 * max(1.0, abs(value))
    for level in (0.95, 0.998):
        assert est.limits[level][0][0] <= value + tolerance
        assert est.limits[level][1][0] >= value - tolerance
    assert est.limits[0.998][0][0] <= est.limits[0.95][0][0] + tolerance


@SETTINGS
@given(proportions(), fractions)
def test_comparison_agrees_with_the_interval(case, comparator):
    x, n = case
    est = proportion([x], [n], levels=(0.95,), multiplier=1)
    lower, upper = est.limits[0.95]
    label = compare(est.value, lower, upper, comparator, "NoJudgement")[0]
    if lower[0] <= comparator <= upper[0]:
        assert label == "Similar"
    else:
        assert label == ("Higher" if lower[0] > comparator else "Lower")
