"""Where a submission's files live, and the checks a file passes before it is even queued.

Uploaded files are stored under their SHA-256 (``uploads/<sha256>.<suffix>``), read-only, and
never changed: the file that was checked is the file that was sent. Each submission's reports
are in ``reports/<id>/``. The quick checks here refuse at once what the validator could never
read (an empty file, a "workbook" that is not one, text in the wrong encoding), so that the
person uploading hears it on the page rather than later.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from joinedup.specs import UnusableInput
from joinedup.specs.reading import first_look

SUFFIXES = {".csv": "CSV", ".xlsx": "Excel workbook", ".parquet": "Parquet"}
KINDS = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet"}
DESCRIBED = {"xlsx": "an Excel workbook", "parquet": "a Parquet file", "csv": "text"}
CLAIMED = {".csv": "a CSV file", ".xlsx": "an Excel workbook", ".parquet": "a Parquet file"}
CHUNK = 1 << 20


def uploads_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def reports_dir(submission_id) -> Path:
    return Path(settings.DATA_DIR) / "reports" / str(submission_id)


def store_dir() -> Path:
    return Path(settings.DATA_DIR) / "store"


@dataclass(frozen=True)
class Stored:
    name: str  # file name under uploads_dir()
    sha256: str
    size: int

    @property
    def path(self) -> Path:
        return uploads_dir() / self.name


class Refused(Exception):
    """The file cannot be accepted; the message says why, in plain English."""


def suffix_of(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise Refused(
            f"{name} is not a CSV, Excel workbook (.xlsx) or Parquet file: "
            "save it as one of those and upload it again."
        )
    return suffix


class Incoming:
    """A file being received into the uploads folder: hashed and counted as it is written, and
    no longer written once it passes ``SUBMISSION_MAX_BYTES`` (so an oversized upload never
    fills the disk). :func:`store_upload` finishes it; :meth:`discard` drops it."""

    def __init__(self, name: str):
        self.name = name
        self.suffix = suffix_of(name)
        folder = uploads_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f".incoming-{secrets.token_hex(8)}{self.suffix}"
        self._out = self.path.open("wb")
        self.digest, self.size = hashlib.sha256(), 0

    @property
    def too_big(self) -> bool:
        return self.size > settings.SUBMISSION_MAX_BYTES

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.too_big:
            if not self._out.closed:
                self._out.close()
                self.path.unlink(missing_ok=True)
            return
        self.digest.update(chunk)
        self._out.write(chunk)

    def close(self) -> None:
        if not self._out.closed:
            self._out.flush()
            os.fsync(self._out.fileno())
            self._out.close()

    def discard(self) -> None:
        self._out.close()
        self.path.unlink(missing_ok=True)


def store_upload(chunks, name: str) -> Stored:
    """Write the uploaded bytes to the uploads folder under their SHA-256, read-only.

    ``chunks`` is an iterable of bytes (a file read in pieces), or an :class:`Incoming` already
    received (the submission form streams its upload into one). The same bytes sent twice are
    stored once. :class:`Refused` says why a file is not kept.
    """
    incoming = chunks if isinstance(chunks, Incoming) else None
    try:
        if incoming is None:
            incoming = Incoming(name)
            for chunk in chunks:
                incoming.write(chunk)
                if incoming.too_big:
                    break
        incoming.close()
        if incoming.too_big:
            raise Refused(
                f"{name} is larger than {_size(settings.SUBMISSION_MAX_BYTES)}, the "
                "most this service takes in one file: split it by period."
            )
        if incoming.size == 0:
            raise Refused(f"{name} is empty.")
        refusal = refusal_for(incoming.path, name, incoming.suffix)
        if refusal:
            raise Refused(refusal)
        sha256 = incoming.digest.hexdigest()
        stored = Stored(f"{sha256}{incoming.suffix}", sha256, incoming.size)
        if not stored.path.exists():
            os.chmod(incoming.path, 0o440)
            os.replace(incoming.path, stored.path)
        return stored
    finally:
        if incoming is not None:
            incoming.discard()


def refusal_for(path: Path, name: str, suffix: str) -> str | None:
    """Why the file is not what its name says, or None. Reads only its first megabyte.

    The validator's own first look (:func:`joinedup.specs.reading.first_look`) decides, and
    the kind its bytes show must be the kind its name claims (a ``.csv`` must be text).
    """
    try:
        kind, _ = first_look(path)  # the file keeps the sent name's suffix while it is judged
    except UnusableInput as unusable:
        return f"{name}: {unusable.problem}"
    if kind != KINDS[suffix]:
        return (
            f"{name} is {DESCRIBED[kind]}, not {CLAIMED[suffix]}, although its name ends {suffix}."
        )
    return None


def _size(count: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:,.0f} {unit}" if unit == "bytes" else f"{count:,.1f} {unit}"
        count /= 1024
    return f"{count} bytes"
