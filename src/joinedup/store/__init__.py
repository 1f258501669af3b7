"""The dataset store: accepted submissions as Parquet files, swapped in all-or-nothing.

Pure core (no Django). Each dataset (``asc-cld``, ...) is a folder::

    <root>/<dataset>/manifest.json        which part is in use for each partition
    <root>/<dataset>/parts/<id>.parquet   one file per accepted submission, never changed

A partition is what one submission covers (an organisation and a period): a resubmission for
the same partition replaces the earlier one. Loading writes the new part under a staging name,
checks it, renames it into place (a name the manifest does not use yet), and only then swaps
the manifest by an atomic rename. Readers take the manifest as it is when they start, so a
load that fails or is killed at any point leaves the data in use exactly as it was: at worst a
staging file is left over, which nothing reads and the next load removes. Earlier parts are
kept, so that the history of submissions can be read back.

>>> store = DatasetStore(tmp)                                          # doctest: +SKIP
>>> store.load("asc-cld", "E10000099/2025-26", "41", writer, rows=12_000)  # doctest: +SKIP
>>> store.view(con, "asc-cld")   # a DuckDB view of every partition's part in use  # doctest: +SKIP
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

MANIFEST = "manifest.json"
STAGING_PREFIX = ".staging-"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class StoreError(Exception):
    """A load that could not be done; the data in use is unchanged."""


@dataclass(frozen=True)
class Part:
    partition: str
    submission: str
    file: str  # relative to the dataset's folder
    rows: int


def _check_name(kind: str, name: str) -> str:
    if not _NAME.match(name):
        raise StoreError(f"{kind} {name!r} may only use letters, digits, '.', '_' and '-'.")
    return name


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


class DatasetStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def folder(self, dataset: str) -> Path:
        return self.root / _check_name("dataset", dataset)

    def parts(self, dataset: str) -> dict[str, Part]:
        """Partition -> the part in use, as the manifest says now."""
        manifest = self.folder(dataset) / MANIFEST
        try:
            entries = json.loads(manifest.read_text(encoding="utf-8"))["parts"]
        except FileNotFoundError:
            return {}
        return {entry["partition"]: Part(**entry) for entry in entries}

    def files(self, dataset: str) -> list[Path]:
        folder = self.folder(dataset)
        return [folder / part.file for part in sorted(self.parts(dataset).values(), key=_order)]

    def load(
        self,
        dataset: str,
        partition: str,
        submission: str,
        write: Callable[[Path], None],
        *,
        rows: int,
    ) -> Part:
        """Put ``submission``'s data in use for ``partition``, or change nothing.

        ``write(path)`` writes the accepted records as one Parquet file at ``path``; the file
        must then hold exactly ``rows`` records. Loading the same submission again (after an
        interrupted load, say) is safe.
        """
        folder = self.folder(dataset)
        partition = partition.strip()
        if not partition:
            raise StoreError("A partition needs a name (organisation and period).")
        _check_name("submission", submission)
        parts_dir = folder / "parts"
        parts_dir.mkdir(parents=True, exist_ok=True)
        # One load at a time per dataset (the lock goes with the process if it dies).
        with (folder / ".lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            return self._load(folder, parts_dir, partition, submission, write, rows)

    def _load(self, folder, parts_dir, partition, submission, write, rows) -> Part:
        self._remove_leftovers(parts_dir)
        final = parts_dir / f"{submission}.parquet"
        staging = parts_dir / f"{STAGING_PREFIX}{submission}-{secrets.token_hex(4)}.parquet"
        try:
            write(staging)
            written = _count_rows(staging)
            if written != rows:
                raise StoreError(
                    f"The data written for submission {submission} has {written:,} records, "
                    f"not the {rows:,} that were checked: nothing was loaded."
                )
            _fsync_file(staging)
            os.replace(staging, final)
            _fsync_dir(parts_dir)
        except BaseException:
            staging.unlink(missing_ok=True)
            raise
        part = Part(partition, submission, f"parts/{final.name}", rows)
        current = self.parts(folder.name)
        current[partition] = part
        self._write_manifest(folder, current)
        return part

    def view(self, con: duckdb.DuckDBPyConnection, dataset: str, name: str | None = None) -> str:
        """Create (or replace) a DuckDB view of the parts in use; returns the view's name.

        With no part in use the view is not created and :class:`StoreError` says so.
        """
        files = self.files(dataset)
        if not files:
            raise StoreError(f"No accepted {dataset} data has been loaded yet.")
        view = name or dataset.replace("-", "_")
        listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
        con.execute(
            f'CREATE OR REPLACE VIEW "{view}" AS '
            f"SELECT * FROM read_parquet([{listed}], union_by_name = true)"
        )
        return view

    def _write_manifest(self, folder: Path, parts: dict[str, Part]) -> None:
        entries = [asdict(part) for part in sorted(parts.values(), key=_order)]
        temporary = folder / f"{STAGING_PREFIX}{MANIFEST}-{secrets.token_hex(4)}"
        try:
            with temporary.open("w", encoding="utf-8") as handle:
                json.dump({"parts": entries}, handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, folder / MANIFEST)
            _fsync_dir(folder)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    @staticmethod
    def _remove_leftovers(parts_dir: Path) -> None:
        """Staging files of loads that were interrupted: nothing reads them."""
        for leftover in parts_dir.glob(f"{STAGING_PREFIX}*"):
            leftover.unlink(missing_ok=True)


def _order(part: Part) -> str:
    return part.partition


def _count_rows(path: Path) -> int:
    with duckdb.connect() as con:
        return con.execute(
            "SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata(?)", [str(path)]
        ).fetchone()[0]
