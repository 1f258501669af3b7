"""The dataset store: a load is all-or-nothing, a resubmission replaces its partition only."""

import json

import duckdb
import pytest

from joinedup.store import DatasetStore, StoreError


def writer(rows: list[tuple[str, int]]):
    def write(path):
        with duckdb.connect() as con:
            con.execute("CREATE TABLE t (person VARCHAR, value INTEGER)")
            if rows:
                con.executemany("INSERT INTO t VALUES (?, ?)", rows)
            con.execute(f"COPY t TO '{path}' (FORMAT parquet)")

    return write


def read(store, dataset="d"):
    with duckdb.connect() as con:
        view = store.view(con, dataset)
        return sorted(con.execute(f"SELECT person, value FROM {view}").fetchall())


def test_loads_are_read_back_and_partitions_kept_apart(tmp_path):
    store = DatasetStore(tmp_path)
    store.load("d", "org1/2025-26", "s1", writer([("a", 1), ("b", 2)]), rows=2)
    store.load("d", "org2/2025-26", "s2", writer([("c", 3)]), rows=1)
    assert read(store) == [("a", 1), ("b", 2), ("c", 3)]


def test_a_resubmission_replaces_its_partition_and_keeps_the_old_part(tmp_path):
    store = DatasetStore(tmp_path)
    store.load("d", "org1/2025-26", "s1", writer([("a", 1)]), rows=1)
    store.load("d", "org2/2025-26", "s2", writer([("c", 3)]), rows=1)
    store.load("d", "org1/2025-26", "s3", writer([("a", 10), ("b", 20)]), rows=2)
    assert read(store) == [("a", 10), ("b", 20), ("c", 3)]
    assert (tmp_path / "d" / "parts" / "s1.parquet").exists()  # history is kept


@pytest.mark.parametrize(
    "failure",
    ["raises", "wrong count", "not parquet"],
)
def test_a_failed_load_changes_nothing(tmp_path, failure):
    store = DatasetStore(tmp_path)
    store.load("d", "org1/2025-26", "s1", writer([("a", 1)]), rows=1)
    manifest = (tmp_path / "d" / "manifest.json").read_bytes()

    def broken(path):
        if failure == "raises":
            path.write_bytes(b"PAR1 half a file")
            raise OSError("disk full")
        if failure == "not parquet":
            path.write_bytes(b"this is not parquet")
        else:
            writer([("x", 1), ("y", 2)])(path)

    with pytest.raises((OSError, StoreError, duckdb.Error)):
        store.load("d", "org1/2025-26", "s2", broken, rows=1)
    assert (tmp_path / "d" / "manifest.json").read_bytes() == manifest
    assert read(store) == [("a", 1)]
    assert not list((tmp_path / "d" / "parts").glob(".staging-*"))
    assert not (tmp_path / "d" / "parts" / "s2.parquet").exists()


def test_the_wrong_number_of_records_is_refused_with_both_counts(tmp_path):
    store = DatasetStore(tmp_path)
    with pytest.raises(StoreError, match="has 2 records, not the 3 that were checked"):
        store.load("d", "p", "s1", writer([("a", 1), ("b", 2)]), rows=3)
    assert store.parts("d") == {}


def test_leftovers_of_a_killed_load_are_never_read_and_are_removed_by_the_next(tmp_path):
    store = DatasetStore(tmp_path)
    store.load("d", "p", "s1", writer([("a", 1)]), rows=1)
    leftover = tmp_path / "d" / "parts" / ".staging-s2-dead.parquet"
    writer([("zombie", 9)])(leftover)
    assert read(store) == [("a", 1)]
    store.load("d", "q", "s3", writer([("b", 2)]), rows=1)
    assert not leftover.exists()


def test_loading_the_same_submission_again_is_safe(tmp_path):
    store = DatasetStore(tmp_path)
    store.load("d", "p", "s1", writer([("a", 1)]), rows=1)
    store.load("d", "p", "s1", writer([("a", 1)]), rows=1)
    assert read(store) == [("a", 1)]
    assert len(json.loads((tmp_path / "d" / "manifest.json").read_text())["parts"]) == 1


def test_names_that_could_escape_the_store_are_refused(tmp_path):
    store = DatasetStore(tmp_path)
    with pytest.raises(StoreError):
        store.load("../etc", "p", "s1", writer([]), rows=0)
    with pytest.raises(StoreError):
        store.load("d", "p", "../s1", writer([]), rows=0)


def test_an_empty_store_says_so(tmp_path):
    with duckdb.connect() as con, pytest.raises(StoreError, match="No accepted d data"):
        DatasetStore(tmp_path).view(con, "d")
