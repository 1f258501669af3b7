"""Reproducible synthetic record-level data for tests, demos and the benchmark.

Seeded NumPy: the same seed gives the same tables. Codes carry ONS prefixes with numbers in the
9xxxxxxx range, which ONS has not issued, so they never look like real areas.

>>> data = generate(lsoas=200, local_authorities=4, events=10_000, seed=1)
>>> sorted(data)
['area_lookup', 'events', 'population']
"""

import datetime

import numpy as np
import pyarrow as pa

from .datasets import AGE_BANDS

YEARS = (2022, 2023, 2024)  # financial years 2022/23 to 2024/25 and their mid-year populations
SEXES = ("Female", "Male")
ETHNICITIES = ("Asian", "Black", "Mixed", "Other", "White")
CLIENT_GROUPS = ("Learning disability", "Mental health", "Physical support", "Sensory support")

# Event type -> (share of events, age profile: weight rises with age if > 0).
EVENT_TYPES = {
    "emergency_admission": (0.30, 0.06),
    "ae_attendance": (0.30, 0.0),
    "reablement_discharge": (0.08, 0.12),
    "delayed_transfer": (0.07, 0.12),
    "care_home_admission": (0.05, 0.15),
    "social_care_request": (0.10, 0.08),
    "safeguarding_enquiry": (0.05, 0.05),
    "carers_assessment": (0.05, 0.02),
}
CAUSES = ("fall", "hip_fracture", "copd", "self_harm", "alcohol", "other")
OUTCOMES = ("at_home_91", "care_home", "died", "readmitted")


def _codes(prefix: str, count: int) -> np.ndarray:
    return np.array([f"{prefix}9{number:06d}" for number in range(count)], dtype=object)


def generate(
    *,
    lsoas: int = 33_000,
    local_authorities: int = 300,
    icbs: int = 42,
    regions: int = 9,
    events: int = 10_000_000,
    people: int | None = None,
    seed: int = 2026,
) -> dict[str, pa.Table]:
    """Tables ``area_lookup``, ``population`` and ``events`` (Arrow, dictionary strings)."""
    rng = np.random.default_rng(seed)
    people = people or max(events // 3, 1)

    # Areas: LSOAs in wards (about 5 each) in local authorities in ICBs in regions.
    wards = max(lsoas // 5, 1)
    lsoa_ward = np.sort(rng.integers(0, wards, lsoas))
    ward_la = np.sort(rng.integers(0, local_authorities, wards))
    la_icb = np.sort(rng.integers(0, icbs, local_authorities))
    icb_region = np.sort(rng.integers(0, regions, icbs))
    lsoa_la = ward_la[lsoa_ward]
    deprivation = rng.normal(size=lsoas) + 0.5 * rng.normal(size=local_authorities)[lsoa_la]
    decile = 1 + (np.argsort(np.argsort(deprivation)) * 10 // lsoas)
    lookup = pa.table(
        {
            "lsoa_code": _codes("E01", lsoas),
            "ward_code": _codes("E05", wards)[lsoa_ward],
            "la_code": _codes("E06", local_authorities)[lsoa_la],
            "icb_code": _codes("E54", icbs)[la_icb[lsoa_la]],
            "region_code": _codes("E12", regions)[icb_region[la_icb[lsoa_la]]],
            "deprivation_decile": decile.astype(np.int64),
        }
    )

    # Population: about 1,600 people per LSOA, fewer in the oldest bands, some LSOAs older.
    band_shares = np.array([6, 6, 6, 6, 7, 7, 7, 7, 6, 6, 7, 7, 6, 5, 5, 4, 3, 2, 1], float)
    tilt = rng.normal(0, 0.15, lsoas)
    ages = np.arange(len(AGE_BANDS))
    weights = band_shares[None, :] * np.exp(tilt[:, None] * (ages[None, :] - 9) / 9)
    expected = 1_600 * weights / weights.sum(axis=1, keepdims=True) / 2
    cells = len(YEARS) * lsoas * len(AGE_BANDS) * len(SEXES)
    population = rng.poisson(
        np.broadcast_to(expected[None, :, :, None], (len(YEARS), lsoas, len(AGE_BANDS), 2))
    )
    year_index, lsoa_index, band_index, sex_index = np.indices(population.shape).reshape(4, -1)
    population_table = pa.table(
        {
            "lsoa_code": _dictionary(lookup["lsoa_code"].to_numpy(), lsoa_index),
            "year": np.asarray(YEARS, np.int64)[year_index],
            "age_band": _dictionary(np.array(AGE_BANDS, object), band_index),
            "sex": _dictionary(np.array(SEXES, object), sex_index),
            "population": population.reshape(-1).astype(np.int64),
        }
    )
    assert population_table.num_rows == cells

    # Events: a type, then an age band leaning older for social care, an LSOA by its size.
    kinds = list(EVENT_TYPES)
    shares = np.array([EVENT_TYPES[k][0] for k in kinds])
    kind = rng.choice(len(kinds), events, p=shares / shares.sum())
    national = band_shares / band_shares.sum()
    band = np.empty(events, dtype=np.int64)
    for index, name in enumerate(kinds):
        chosen = np.flatnonzero(kind == index)
        profile = national * np.exp(EVENT_TYPES[name][1] * 3 * (ages - 9))
        band[chosen] = rng.choice(len(AGE_BANDS), chosen.size, p=profile / profile.sum())
    lsoa_weights = expected.sum(axis=1)
    lsoa = rng.choice(lsoas, events, p=lsoa_weights / lsoa_weights.sum())
    first_day = datetime.date(YEARS[0], 4, 1).toordinal()
    last_day = datetime.date(YEARS[-1] + 1, 3, 31).toordinal()
    days_since_epoch = (
        rng.integers(first_day, last_day + 1, events) - datetime.date(1970, 1, 1).toordinal()
    )
    events_table = pa.table(
        {
            "person_id": _dictionary(_codes("P", people), rng.integers(0, people, events)),
            "event_date": pa.array(days_since_epoch.astype(np.int32), pa.date32()),
            "lsoa_code": _dictionary(lookup["lsoa_code"].to_numpy(), lsoa),
            "age_band": _dictionary(np.array(AGE_BANDS, object), band),
            "sex": _dictionary(np.array(SEXES, object), rng.integers(0, 2, events)),
            "ethnicity": _dictionary(
                np.array(ETHNICITIES, object),
                rng.choice(5, events, p=[0.09, 0.04, 0.03, 0.02, 0.82]),
            ),
            "client_group": _dictionary(
                np.array(CLIENT_GROUPS, object), rng.integers(0, 4, events)
            ),
            "event_type": _dictionary(np.array(kinds, object), kind),
            "cause": _dictionary(
                np.array(CAUSES, object),
                rng.choice(6, events, p=[0.12, 0.03, 0.08, 0.04, 0.05, 0.68]),
            ),
            "outcome": _dictionary(
                np.array(OUTCOMES, object), rng.choice(4, events, p=[0.8, 0.08, 0.04, 0.08])
            ),
            "days": rng.poisson(4, events).astype(np.int64),
        }
    )
    return {"area_lookup": lookup, "population": population_table, "events": events_table}


def _dictionary(labels: np.ndarray, indices: np.ndarray) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(
        pa.array(indices.astype(np.int32)), pa.array(labels, pa.string())
    )
