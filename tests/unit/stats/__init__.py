"""Tests of the indicator methods against PHEindicatormethods' published test data."""

from pathlib import Path

import numpy as np

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "phe-reference"

TOLERANCE = 1e-6
"""Largest relative difference allowed from a reference number."""


def relative_difference(actual, expected) -> float:
    """Largest |actual - expected| / |expected| where expected is a number (absolute where it is 0).

    Fails unless actual is blank (NaN) exactly where expected is.
    """
    a = np.asarray(actual, dtype=float)
    e = np.asarray(expected, dtype=float)
    assert a.shape == e.shape, (a.shape, e.shape)
    blank_a, blank_e = np.isnan(a), np.isnan(e)
    assert (blank_a == blank_e).all(), f"blanks differ at {np.flatnonzero(blank_a != blank_e)}"
    a, e = a[~blank_e], e[~blank_e]
    if not e.size:
        return 0.0
    scale = np.where(e == 0, 1.0, np.abs(e))
    return float(np.max(np.abs(a - e) / scale))


def assert_matches(actual, expected, tolerance: float = TOLERANCE) -> None:
    """The same blanks, and a relative difference under ``tolerance`` elsewhere."""
    difference = relative_difference(actual, expected)
    assert difference < tolerance, f"relative difference {difference:.3g}"
