"""What every method returns, and the confidence levels shared by them all."""

from dataclasses import dataclass, field

import numpy as np
from scipy import stats as _scipy_stats

DEFAULT_LEVELS = (0.95, 0.998)


def level_label(level: float) -> str:
    """Fingertips' column suffix for a level: 0.95 -> "95.0", 0.998 -> "99.8"."""
    return f"{level * 100:.1f}"


def normal_quantile(level: float) -> float:
    """Two-sided z for a confidence level: 0.95 -> 1.959963984540054."""
    if not 0 < level < 1:
        raise ValueError(f"A confidence level is a fraction between 0 and 1, not {level!r}.")
    return float(_scipy_stats.norm.ppf(1 - (1 - level) / 2))


@dataclass(frozen=True)
class Estimates:
    """One value per group with its confidence limits.

    ``limits`` maps each level (0.95, 0.998, ...) to (lower, upper) arrays. ``note`` holds, per
    group, why the value or limits are blank (NaN), or "" when they are not. ``count`` and
    ``denominator`` (optional, one per group) are what the value was made from, as Fingertips
    reports them in its Count and Denominator columns: x and n for a proportion or rate, the sum
    and number of values for a mean, the observed and expected or total population for a
    standardised rate.
    """

    method: str
    value: np.ndarray
    limits: dict[float, tuple[np.ndarray, np.ndarray]]
    note: np.ndarray = field(default=None)  # type: ignore[assignment]
    count: np.ndarray | None = None
    denominator: np.ndarray | None = None

    def __post_init__(self):
        if self.note is None:
            object.__setattr__(self, "note", np.full(np.shape(self.value), "", dtype=object))
