"""Properties of the standardised methods and life expectancy, for any input (Hypothesis).

For every group with a value: the limits bracket it, the 99.8% interval contains the 95% one,
scaling all counts and populations by k > 1 narrows the interval (and leaves the value alone),
and nothing is negative where the method guarantees it. A blank value always has a note.

Not every lower limit is >= 0: the reference does not clamp the Dobson lower limit of a DSR
(negative when one band with few events and a small population dominates; see
test_dsr.test_dobson_lower_limit_can_be_negative_as_in_the_reference) nor e - z SE for life
expectancy (the open 90+ band with a handful of deaths). For those two, values and upper limits
are checked to be >= 0; ISR lower limits are exact or Byar's Poisson limits and always >= 0.
"""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joinedup.stats.dsr import dsr
from joinedup.stats.isr import israte, isratio
from joinedup.stats.life_expectancy import LE_START_AGES, life_expectancy

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _matrix(draw, groups, bands, elements):
    return np.array(draw(st.lists(elements, min_size=groups * bands, max_size=groups * bands)),
                    dtype=float).reshape(groups, bands)  # fmt: skip


@st.composite
def dsr_inputs(draw):
    groups = draw(st.integers(1, 4))
    counts = _matrix(draw, groups, 19, st.integers(0, 400))
    pops = _matrix(draw, groups, 19, st.integers(1, 100000))
    return counts, pops


@st.composite
def isr_inputs(draw):
    groups = draw(st.integers(1, 4))
    bands = draw(st.integers(1, 8))
    counts = _matrix(draw, groups, bands, st.integers(0, 300))
    pops = _matrix(draw, groups, bands, st.integers(0, 20000))
    ref_counts = _matrix(draw, 1, bands, st.integers(0, 5000))[0]
    ref_pops = _matrix(draw, 1, bands, st.integers(1, 200000))[0]
    return counts, pops, ref_counts, ref_pops


@st.composite
def le_inputs(draw):
    groups = draw(st.integers(1, 3))
    pops = _matrix(draw, groups, 20, st.integers(50, 60000))
    fraction = _matrix(draw, groups, 20, st.floats(0, 0.45))
    deaths = np.round(pops * fraction)
    deaths[:, -1] = np.maximum(deaths[:, -1], 1)  # the open band needs a death
    return deaths, pops


def _check(result, *, lower_never_negative: bool):
    value = result.value
    blank = np.isnan(value)
    assert np.all(result.note[blank] != ""), "a blank value has no note"
    shown = ~blank
    assert np.all(value[shown] >= 0)
    for lower, upper in result.limits.values():
        both = shown & np.isfinite(lower) & np.isfinite(upper)
        assert np.all(lower[both] <= value[both] * (1 + 1e-12))
        assert np.all(value[both] <= upper[both] * (1 + 1e-12))
        assert np.all(upper[np.isfinite(upper)] >= 0)
        if lower_never_negative:
            assert np.all(lower[np.isfinite(lower)] >= 0)
    lo95, hi95 = result.limits[0.95]
    lo998, hi998 = result.limits[0.998]
    ok = np.isfinite(lo95) & np.isfinite(lo998)
    assert np.all(lo998[ok] <= lo95[ok])
    ok = np.isfinite(hi95) & np.isfinite(hi998)
    assert np.all(hi998[ok] >= hi95[ok])


def _check_scaled(small, big):
    """big = the same inputs with counts and populations multiplied by k > 1."""
    both = np.isfinite(small.value) & np.isfinite(big.value)
    np.testing.assert_allclose(big.value[both], small.value[both], rtol=1e-9)
    for level in small.limits:
        width_small = small.limits[level][1] - small.limits[level][0]
        width_big = big.limits[level][1] - big.limits[level][0]
        ok = np.isfinite(width_small) & np.isfinite(width_big)
        assert np.all(width_big[ok] <= width_small[ok])
        # strictly narrower unless there was no width to lose (e.g. a life table in which
        # nobody survives to the open band has no variance)
        assert np.all((width_big < width_small)[ok & (width_small > 0)])


@SETTINGS
@given(dsr_inputs(), st.integers(2, 20))
def test_dsr_properties(inputs, k):
    counts, pops = inputs
    r = dsr(counts, pops)
    _check(r, lower_never_negative=False)
    np.testing.assert_array_equal(np.isnan(r.value), r.count < 10)
    np.testing.assert_array_equal(r.count, counts.sum(axis=1))
    _check_scaled(r, dsr(counts * k, pops * k))


@SETTINGS
@given(isr_inputs(), st.integers(2, 20))
def test_isratio_properties(inputs, k):
    counts, pops, ref_counts, ref_pops = inputs
    r = isratio(counts, pops, ref_counts, ref_pops)
    _check(r, lower_never_negative=True)
    _check_scaled(r, isratio(counts * k, pops * k, ref_counts, ref_pops))


@SETTINGS
@given(isr_inputs(), st.integers(2, 20))
def test_israte_properties(inputs, k):
    counts, pops, ref_counts, ref_pops = inputs
    r = israte(counts, pops, ref_counts, ref_pops)
    _check(r, lower_never_negative=True)
    ratio = isratio(counts, pops, ref_counts, ref_pops)
    shown = np.isfinite(r.value)
    np.testing.assert_allclose(r.value[shown], (ratio.value * r.reference_rate)[shown], rtol=1e-12)
    _check_scaled(r, israte(counts * k, pops * k, ref_counts, ref_pops))


@SETTINGS
@given(le_inputs(), st.integers(2, 20))
def test_life_expectancy_properties(inputs, k):
    deaths, pops = inputs
    r = life_expectancy(deaths, pops, LE_START_AGES)
    _check(r, lower_never_negative=False)
    # Life expectancy never rises by more than the band width from one start age to the next
    # (e_j <= n_j + e_{j+1} since those alive at a_j live at most n_j years in the band).
    widths = np.diff(LE_START_AGES)
    e = r.value
    ok = np.isfinite(e[:, :-1]) & np.isfinite(e[:, 1:])
    assert np.all((e[:, :-1] <= widths + e[:, 1:] + 1e-9)[ok])
    big = life_expectancy(deaths * k, pops * k, LE_START_AGES)
    _check_scaled(r, big)
    # With the same rates, the standard error falls exactly as 1/sqrt(k).
    for level in r.limits:
        w_small = r.limits[level][1] - r.limits[level][0]
        w_big = big.limits[level][1] - big.limits[level][0]
        ok = np.isfinite(w_small) & np.isfinite(w_big)
        np.testing.assert_allclose(w_big[ok], w_small[ok] / np.sqrt(k), rtol=1e-9)
