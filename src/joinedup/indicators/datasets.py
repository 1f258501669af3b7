"""The datasets an indicator can count from, and the area lookup that rolls LSOAs up.

These are the shapes the engine expects in the database; a definition is checked against them
when it is loaded, so a typo in a column name fails at load time with the file and item named,
not halfway through a national run.
"""

from dataclasses import dataclass
from enum import StrEnum

AGE_BANDS = tuple(f"{low}-{low + 4}" for low in range(0, 90, 5)) + ("90+",)
ENGLAND_CODE = "E92000001"


class ColumnKind(StrEnum):
    STRING = "string"
    AGE_BAND = "age_band"  # one of AGE_BANDS; ordered, so ">= '65-69'" means 65 and over
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"


class TimeKind(StrEnum):
    DATE = "date"  # a row belongs to the period its date falls in
    YEAR = "year"  # a mid-year estimate: the row counts for periods that start in that year


@dataclass(frozen=True)
class Dataset:
    """A table of record-level rows (or population counts) in LSOAs."""

    name: str
    columns: dict[str, ColumnKind]
    time_column: str
    time_kind: TimeKind
    area_column: str = "lsoa_code"

    def has(self, column: str) -> bool:
        return column in self.columns


EVENTS = Dataset(
    name="events",
    columns={
        "person_id": ColumnKind.STRING,
        "event_date": ColumnKind.DATE,
        "lsoa_code": ColumnKind.STRING,
        "age_band": ColumnKind.AGE_BAND,
        "sex": ColumnKind.STRING,
        "ethnicity": ColumnKind.STRING,
        "client_group": ColumnKind.STRING,
        "event_type": ColumnKind.STRING,
        "cause": ColumnKind.STRING,
        "outcome": ColumnKind.STRING,
        "days": ColumnKind.INTEGER,
    },
    time_column="event_date",
    time_kind=TimeKind.DATE,
)

POPULATION = Dataset(
    name="population",
    columns={
        "lsoa_code": ColumnKind.STRING,
        "year": ColumnKind.INTEGER,
        "age_band": ColumnKind.AGE_BAND,
        "sex": ColumnKind.STRING,
        "population": ColumnKind.INTEGER,
    },
    time_column="year",
    time_kind=TimeKind.YEAR,
)

DATASETS = {dataset.name: dataset for dataset in (EVENTS, POPULATION)}


@dataclass(frozen=True)
class GeographyLevel:
    name: str  # as reported in the Area Type column
    column: str | None  # its code in the area lookup; None for England (one code for all)


# Smallest first: LSOA -> ward -> local authority -> ICB -> region -> England.
GEOGRAPHY_LEVELS = {
    "lsoa": GeographyLevel("LSOA", "lsoa_code"),
    "ward": GeographyLevel("Ward", "ward_code"),
    "la": GeographyLevel("LA", "la_code"),
    "icb": GeographyLevel("ICB", "icb_code"),
    "region": GeographyLevel("Region", "region_code"),
    "england": GeographyLevel("England", None),
}

# Attributes of an LSOA (in the area lookup) that results can be broken down by.
AREA_ATTRIBUTES = {"deprivation_decile": ColumnKind.INTEGER}

# Breakdowns a definition may ask for, and where each comes from: a column of the datasets
# counted (both numerator and denominator must carry it) or an attribute of the LSOA.
DATASET_BREAKDOWNS = ("age_band", "sex", "ethnicity", "client_group")
AREA_BREAKDOWNS = tuple(AREA_ATTRIBUTES)
BREAKDOWNS = DATASET_BREAKDOWNS + AREA_BREAKDOWNS
