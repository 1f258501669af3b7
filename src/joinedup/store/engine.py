"""Accepted data as the indicator engine's tables: what a submission loads is what it counts.

The engine (:mod:`joinedup.indicators`) counts rows of an ``events`` table in LSOAs. Accepted
social care client-level data (``asc-cld`` in the store) becomes ``events`` here: one row per
event, dated by its start, placed in an LSOA through the postcode lookup, with the person's
age band on that date, sex, broad ethnic group and client group (from the primary support
reason), and the event type in the engine's words (``Request`` -> ``social_care_request``).
"""

from __future__ import annotations

import duckdb

from joinedup.specs.sql import literal

from . import DatasetStore, StoreError
from .postcodes import lookup_path, normalise_sql

ASC_CLD = "asc-cld"
EVENT_TYPES = {
    "Request": "social_care_request",
    "Assessment": "social_care_assessment",
    "Service": "social_care_service",
    "Review": "social_care_review",
}
# Primary support reason (its start) -> the engine's client groups.
CLIENT_GROUPS = (
    ("Physical Support", "Physical support"),
    ("Sensory Support", "Sensory support"),
    ("Learning Disability", "Learning disability"),
    ("Mental Health", "Mental health"),
    ("Support with Memory", "Memory and cognition"),
    ("Social Support", "Social support"),
)
# Ethnicity (its start) -> the broad groups of the national profiles.
ETHNIC_GROUPS = (
    ("White", "White"),
    ("Mixed", "Mixed"),
    ("Asian", "Asian"),
    ("Black", "Black"),
    ("Other", "Other"),
)


def _starts(column: str, pairs) -> str:
    cases = " ".join(
        f"WHEN starts_with({column}, '{start}') THEN '{group}'" for start, group in pairs
    )
    return f"CASE {cases} END"


def events_sql(source: str, postcodes: str) -> str:
    """SELECT turning accepted ASC-CLD rows (``source``) into the engine's ``events``."""
    event_types = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in EVENT_TYPES.items())
    age = 'date_sub(\'year\', a."Date_of_Birth", a."Event_Start_Date")'
    band = (
        f"CASE WHEN {age} IS NULL OR {age} < 0 THEN NULL WHEN {age} >= 90 THEN '90+' "
        f"ELSE CAST({age} // 5 * 5 AS VARCHAR) || '-' || CAST({age} // 5 * 5 + 4 AS VARCHAR) END"
    )
    return f"""
        SELECT a."LA_Person_Unique_Identifier" AS person_id,
               a."Event_Start_Date" AS event_date,
               p.lsoa_code,
               {band} AS age_band,
               CASE a."Gender" WHEN 'Male' THEN 'Male' WHEN 'Female' THEN 'Female' END AS sex,
               {_starts('a."Ethnicity"', ETHNIC_GROUPS)} AS ethnicity,
               {_starts('a."Primary_Support_Reason"', CLIENT_GROUPS)} AS client_group,
               CASE a."Event_Type" {event_types} END AS event_type,
               CAST(NULL AS VARCHAR) AS cause,
               a."Event_Outcome" AS outcome,
               CAST(date_diff('day', a."Event_Start_Date", a."Event_End_Date") AS BIGINT) AS days
        FROM {source} a
        LEFT JOIN {postcodes} p ON p.postcode = {normalise_sql('a."Postcode"')}
        WHERE a."Event_Type" IS NOT NULL AND a."Event_Start_Date" IS NOT NULL
    """


def create_events(con: duckdb.DuckDBPyConnection, store: DatasetStore, name: str = "events") -> str:
    """Create the view ``events`` over the accepted social care data in use."""
    source = store.view(con, ASC_CLD, name="accepted_asc_cld")
    lookup = lookup_path(store.root)
    if not lookup.exists():
        raise StoreError(
            "There is no postcode lookup yet, so records cannot be placed in LSOAs: "
            "run `joinedup import-postcodes`."
        )
    postcodes = f"read_parquet({literal(str(lookup))})"
    con.execute(f'CREATE OR REPLACE VIEW "{name}" AS {events_sql(source, postcodes)}')
    return name
