"""Cronbach's alpha per section, with Feldt's interval (for analysts, with caveats).

Alpha says how far a section's items move together. It is not a test of validity, it rises
with the number of items, and with fewer than about 30 complete answers it is very unstable.
Respondents who skipped any item of the section are left out (listwise, within the section).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

UNSTABLE_BELOW = 30


@dataclass(frozen=True)
class Alpha:
    value: float
    lower: float
    upper: float
    respondents: int  # complete answers used
    items: int


def cronbach_alpha(answers, *, level: float = 0.95) -> Alpha:
    """Alpha = k/(k-1) * (1 - sum of item variances / variance of totals), sample variances.

    Interval after Feldt, Woodruff and Salih (1987): 1 - (1 - alpha) * F quantiles with
    n - 1 and (n - 1)(k - 1) degrees of freedom.

    >>> round(cronbach_alpha([[1, 2], [2, 3], [3, 3], [4, 5]]).value, 4)
    0.96
    """
    answers = np.asarray(answers, dtype=float)
    complete = answers[~np.isnan(answers).any(axis=1)]
    respondents, items = complete.shape
    if items < 2 or respondents < 3:
        return Alpha(np.nan, np.nan, np.nan, respondents, items)
    item_variance = complete.var(axis=0, ddof=1).sum()
    total_variance = complete.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return Alpha(np.nan, np.nan, np.nan, respondents, items)
    value = items / (items - 1) * (1 - item_variance / total_variance)
    first, second = respondents - 1, (respondents - 1) * (items - 1)
    tail = (1 - level) / 2
    lower = 1 - (1 - value) * stats.f.isf(tail, first, second)
    upper = 1 - (1 - value) * stats.f.isf(1 - tail, first, second)
    return Alpha(float(value), float(lower), float(upper), respondents, items)
