"""Small instruments and response sets for the instrument tests."""

import numpy as np

from joinedup.instruments import Responses, parse_instrument

TINY = """
id = "tiny"
version = "1"
title = "Tiny"
description = "Two sections for hand-worked examples."
source = "Made up for tests."
licence = "Ours."

[scoring]
method = "{method}"
band_set = "{band_set}"
min_answered_share = 0.5

[[scales]]
id = "agree"
title = "Agree?"
points = [
  {{ value = 1, label = "Strongly disagree" }},
  {{ value = 2, label = "Disagree" }},
  {{ value = 3, label = "Agree" }},
  {{ value = 4, label = "Strongly agree" }},
]

[[band_sets]]
id = "mean-bands"
bands = [
  {{ label = "In difficulty", area = "further_work", lower = 1, upper = 2, meaning = "m" }},
  {{ label = "Needs attention", area = "further_work", lower = 2, upper = 3, meaning = "m" }},
  {{ label = "Area for celebration", area = "celebration", lower = 3, upper = 4, meaning = "m" }},
]

[[band_sets]]
id = "s1-total"
bands = [
  {{ label = "Low", area = "further_work", lower = 2, upper = 5, meaning = "m" }},
  {{ label = "High", area = "celebration", lower = 5, upper = 8, meaning = "m" }},
]

[[sections]]
id = "s1"
title = "Section one"

[[sections]]
id = "s2"
title = "Section two"

[[items]]
id = "a1"
section = "s1"
scale = "agree"
statement = "First."

[[items]]
id = "a2"
section = "s1"
scale = "agree"
statement = "Second."

[[items]]
id = "b1"
section = "s2"
scale = "agree"
statement = "Third."

[[items]]
id = "b2"
section = "s2"
scale = "agree"
statement = "Fourth."

[[items]]
id = "b3"
section = "s2"
scale = "agree"
statement = "Fifth, said the other way round."
reverse = true
"""


def tiny(method: str = "mean"):
    """Two sections (a1, a2 | b1, b2, b3 reversed) on a 1-4 agreement scale."""
    text = TINY.format(method=method, band_set="mean-bands")
    if method == "total":
        # Section one's totals run 2-8; section two would need its own bands, so leave it
        # unbanded by giving the default to section one only.
        text = text.replace('band_set = "mean-bands"\nmin_answered_share', "min_answered_share")
        text = text.replace(
            'id = "s1"\ntitle = "Section one"',
            'id = "s1"\ntitle = "Section one"\nband_set = "s1-total"',
        )
    return parse_instrument(text, origin="tiny.toml")


def responses(instrument, values, organisation, sector=None, group=None):
    count = len(values)
    organisation = list(organisation)
    return Responses(
        instrument,
        np.array(values, dtype=float),
        organisation=organisation,
        sector=list(sector) if sector is not None else ["NHS"] * count,
        stakeholder_group=list(group) if group is not None else ["staff"] * count,
    )
