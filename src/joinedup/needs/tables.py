"""The indicator engine's three tables for one place, from what the place holds.

- ``events``: the accepted social care client-level data in the store
  (:func:`joinedup.store.engine.create_events`), placed in LSOAs by the postcode lookup;
- ``population``: the place's population by LSOA, year, age band and sex (the register);
- ``area_lookup``: each of the place's LSOAs with its ward, local authority (the council with
  social care duties: a county or unitary, else the district), ICB and region.

Results are computed for the place's own wards and local authorities only: an ICB, region or
England figure made from one place's files would be wrong, so none is made.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
from django.core.cache import cache

from joinedup.indicators import DuckDBBackend, compute, load_definitions
from joinedup.indicators.model import Definition
from joinedup.places.areas import AreaKind
from joinedup.places.models import Area, AreaPopulation
from joinedup.store import MANIFEST, DatasetStore, StoreError
from joinedup.store.engine import ASC_CLD, EVENT_TYPES, create_events
from joinedup.store.postcodes import lookup_path
from joinedup.submissions import files
from joinedup.submissions.models import Status, Submission

LEVELS = ["la", "ward"]
UPPER_TIER = {AreaKind.COUNTY, AreaKind.UNITARY, AreaKind.METROPOLITAN, AreaKind.LONDON_BOROUGH}
SEX = {"F": "Female", "M": "Male"}


class NoData(Exception):
    """Nothing to compute from yet; the message says what is missing."""


@dataclass(frozen=True)
class Computed:
    results: list[dict]
    definitions: list[Definition]
    years: list[int]


def applicable(definitions) -> list[Definition]:
    """Definitions the accepted social care data can answer (event types it carries)."""
    kinds = set(EVENT_TYPES.values())
    found = []
    for definition in definitions:
        measures = (definition.numerator, definition.denominator)
        wanted = {
            value
            for measure in measures
            for f in measure.filters
            if f.column == "event_type"
            for value in (f.value if isinstance(f.value, tuple | list) else (f.value,))
        }
        datasets = {measure.dataset for measure in measures}
        if wanted and wanted <= kinds and datasets <= {"events", "population"}:
            found.append(definition)
    return found


def area_lookup(place) -> pa.Table:
    ids = place.area_ids()
    # Ancestors outside the place (its ICB, region) are needed too: walk up once, by id.
    areas = {a.pk: a for a in Area.objects.filter(pk__in=ids)}
    missing = {a.parent_id for a in areas.values() if a.parent_id and a.parent_id not in areas}
    while missing:
        for area in Area.objects.filter(pk__in=missing):
            areas[area.pk] = area
        missing = {a.parent_id for a in areas.values() if a.parent_id and a.parent_id not in areas}
    rows = {k: [] for k in ("lsoa_code", "ward_code", "la_code", "icb_code", "region_code")}
    for lsoa in (a for a in areas.values() if a.kind == AreaKind.LSOA and a.pk in ids):
        chain, parent = [], areas.get(lsoa.parent_id)
        while parent is not None:
            chain.append(parent)
            parent = areas.get(parent.parent_id)
        kinds = {a.kind: a.code for a in reversed(chain)}
        upper = next((a.code for a in chain if a.kind in UPPER_TIER), kinds.get(AreaKind.DISTRICT))
        rows["lsoa_code"].append(lsoa.code)
        rows["ward_code"].append(kinds.get(AreaKind.WARD))
        rows["la_code"].append(upper)
        rows["icb_code"].append(kinds.get(AreaKind.ICB))
        rows["region_code"].append(kinds.get(AreaKind.REGION))
    table = pa.table({k: pa.array(v, pa.string()) for k, v in rows.items()})
    decile = pa.array([None] * table.num_rows, pa.int64())
    return table.append_column("deprivation_decile", decile)


def population(place, lsoa_codes) -> pa.Table:
    rows = AreaPopulation.objects.filter(area__code__in=lsoa_codes).values_list(
        "area__code", "year", "age_band", "sex", "count"
    )
    columns = list(zip(*rows, strict=True)) or [[], [], [], [], []]
    return pa.table(
        {
            "lsoa_code": pa.array(columns[0], pa.string()),
            "year": pa.array(columns[1], pa.int64()),
            "age_band": pa.array(columns[2], pa.string()),
            "sex": pa.array([SEX[s] for s in columns[3]], pa.string()),
            "population": pa.array(columns[4], pa.int64()),
        }
    )


def compute_for(place) -> Computed:
    """Every applicable indicator for the place's local authorities and wards, every year.

    Kept for ten minutes, or until the accepted data or the postcode lookup changes: the
    engine takes a second or two to plan and count, too long to repeat on every page view.
    """
    store = DatasetStore(files.store_dir())
    stamps = [
        path.stat().st_mtime_ns if path.exists() else 0
        for path in (store.folder(ASC_CLD) / MANIFEST, lookup_path(store.root))
    ]
    key = f"joinedup-needs-{place.pk}-{'-'.join(map(str, stamps))}"
    computed = cache.get(key)
    if computed is None:
        computed = _compute(place)
        cache.set(key, computed, timeout=600)
    return computed


def _compute(place) -> Computed:
    backend = DuckDBBackend.connect()
    raw = backend.connection.con
    try:
        create_events(raw, DatasetStore(files.store_dir()))
    except StoreError as error:
        raise NoData(str(error)) from None
    lookup = area_lookup(place)
    if lookup.num_rows == 0:
        raise NoData("The place has no LSOAs in its areas: import its geography first.")
    backend.load("area_lookup", lookup)
    backend.load("population", population(place, lookup["lsoa_code"].to_pylist()))
    # The periods the accepted files report on (a year names 2024 or 2024/25, as the engine's).
    years = sorted(
        {
            start.year
            for start in Submission.objects.filter(
                place=place, spec_name=ASC_CLD, status=Status.IN_USE
            ).values_list("period_start", flat=True)
        }
    )
    if not years:
        raise NoData("No social care data has been accepted for this place yet.")
    definitions = applicable(load_definitions())
    table = compute(definitions, backend, years=years, levels=LEVELS)
    return Computed(table.to_pylist(), definitions, years)
