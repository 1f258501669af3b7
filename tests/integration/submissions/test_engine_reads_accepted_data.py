"""What a submission loads is what the indicator engine counts: the accepted social care file,
through the postcode lookup, becomes the engine's events, and an indicator computed from the
store agrees with the same count made directly from the file."""

import pyarrow as pa
import pytest

from joinedup.indicators import DuckDBBackend, compute, load_definitions
from joinedup.store import DatasetStore, StoreError
from joinedup.store.engine import create_events
from joinedup.store.postcodes import write_lookup
from joinedup.submissions import files

from .conftest import sample_rows

# Ibis 12 still calls DuckDB 2's deprecated fetch_arrow_table() inside.
pytestmark = pytest.mark.filterwarnings(
    r"ignore:fetch_arrow_table\(\) is deprecated:DeprecationWarning"
)
LSOAS = ["E01900001", "E01900002", "E01900003"]


def lookup_for(rows, header):
    postcodes = sorted({r[header.index("Postcode")] for r in rows})
    return {p: LSOAS[i % len(LSOAS)] for i, p in enumerate(postcodes)}


def engine_on_store():
    backend = DuckDBBackend.connect()
    raw = backend.connection.con
    create_events(raw, DatasetStore(files.store_dir()))
    backend.load(
        "area_lookup",
        pa.table(
            {
                "lsoa_code": LSOAS,
                "ward_code": ["E05900001"] * 3,
                "la_code": ["E10900001"] * 3,
                "icb_code": ["E54900001"] * 3,
                "region_code": ["E12900001"] * 3,
                "deprivation_decile": [1, 5, 10],
            }
        ),
    )
    backend.load(
        "population",
        pa.table(
            {
                "lsoa_code": pa.array([], pa.string()),
                "year": pa.array([], pa.int64()),
                "age_band": pa.array([], pa.string()),
                "sex": pa.array([], pa.string()),
                "population": pa.array([], pa.int64()),
            }
        ),
    )
    return backend


def test_the_engine_counts_what_was_accepted(sent, clean_file):
    header, rows = sample_rows()
    write_lookup(files.store_dir(), lookup_for(rows, header).items())
    assert sent(clean_file).status == "in_use"

    definition = [d for d in load_definitions() if d.id == "social-care-requests-physical"]
    results = compute(definition, engine_on_store(), years=[2025], suppress_below=0).to_pylist()
    la = [r for r in results if r["Area Code"] == "E10900001" and r["Breakdown"] == "All"]

    def column(row, name):
        return row[header.index(name)]

    requests = [
        r
        for r in rows
        if column(r, "Event_Type") == "Request" and column(r, "Event_Start_Date")[:4] == "2025"
    ]
    physical = [r for r in requests if column(r, "Primary_Support_Reason").startswith("Physical")]
    assert len(requests) >= 5 and 0 < len(physical) < len(requests)  # a test that can fail
    assert [(r["Count"], r["Denominator"]) for r in la] == [(len(physical), len(requests))]
    assert la[0]["Value"] == pytest.approx(100 * len(physical) / len(requests))


def test_without_a_postcode_lookup_the_engine_says_what_to_do(sent, clean_file):
    sent(clean_file)
    backend = DuckDBBackend.connect()
    with pytest.raises(StoreError, match="joinedup import-postcodes"):
        create_events(backend.connection.con, DatasetStore(files.store_dir()))
