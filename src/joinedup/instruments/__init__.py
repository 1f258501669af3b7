"""Partnership assessment instruments as data, and the scoring of their answers (no Django).

Instruments are TOML files in ``library/`` (see :mod:`.loading` for the format), found by
:func:`default_registry`. A round's answers go in a :class:`Responses`; everything that may be
shown about them comes out of :func:`publishable_results`, which applies the small-group
suppression rule of :mod:`.suppression` to every table.
"""

from .benchmark import PartnershipScores, benchmark, partnership_scores, percentile_rank
from .errors import InstrumentError
from .loading import load_instrument, parse_instrument
from .model import (
    Band,
    BandSet,
    Dimension,
    Instrument,
    Item,
    Measure,
    Question,
    ResponseScale,
    ScalePoint,
    Scoring,
    Section,
)
from .publish import DEFAULT_BREAKDOWNS, PublishedResults, publishable_results
from .registry import LIBRARY, Registry, default_registry
from .reliability import Alpha, cronbach_alpha
from .resampling import DEFAULT_SEED, Difference, compare_means, holm
from .responses import ATTRIBUTES, SECTORS, Responses
from .scoring import group_sums, measure_values, scored_values
from .suppression import THRESHOLD, SuppressionPlan, plan_suppression

__all__ = [
    "ATTRIBUTES",
    "DEFAULT_BREAKDOWNS",
    "DEFAULT_SEED",
    "LIBRARY",
    "SECTORS",
    "THRESHOLD",
    "Alpha",
    "Band",
    "BandSet",
    "Difference",
    "Dimension",
    "Instrument",
    "InstrumentError",
    "Item",
    "Measure",
    "PartnershipScores",
    "PublishedResults",
    "Question",
    "Registry",
    "ResponseScale",
    "Responses",
    "ScalePoint",
    "Scoring",
    "Section",
    "SuppressionPlan",
    "benchmark",
    "compare_means",
    "cronbach_alpha",
    "default_registry",
    "group_sums",
    "holm",
    "load_instrument",
    "measure_values",
    "parse_instrument",
    "partnership_scores",
    "percentile_rank",
    "plan_suppression",
    "publishable_results",
    "scored_values",
]
