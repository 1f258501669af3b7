"""The submission form's upload, streamed straight into the uploads folder.

Django's default handlers first write a large upload whole to a temporary file, whatever its
size, which was then copied into the uploads folder: every file was written twice, and a file
far over the limit filled the temporary folder before it was refused. This handler writes the
bytes once, into :class:`joinedup.submissions.files.Incoming` (hashed as they arrive, no longer
written past ``SUBMISSION_MAX_BYTES``); :func:`joinedup.submissions.files.store_upload` then
judges and keeps it, or drops it.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers

from . import files


class ReceivedUpload(UploadedFile):
    """The form's file: its bytes are already in the uploads folder (``incoming``)."""

    def __init__(self, incoming: files.Incoming, name: str, content_type: str | None):
        super().__init__(None, name, content_type, incoming.size)
        self.incoming = incoming

    def open(self, mode=None):  # the bytes are judged by store_upload, not read here
        raise ValueError("A received upload is kept by store_upload, not read again.")

    def chunks(self, chunk_size=None):  # pragma: no cover - the same
        raise ValueError("A received upload is kept by store_upload, not read again.")

    def close(self) -> None:
        # Called when the request ends: a file not kept by then is dropped.
        self.incoming.discard()


class StreamToUploads(FileUploadHandler):
    """Receive the ``file`` field into the uploads folder; other fields as usual."""

    field = "file"

    def new_file(self, field_name, file_name, *args, **kwargs) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self.incoming = None
        if field_name != self.field:
            return
        try:
            self.incoming = files.Incoming(file_name)
        except files.Refused:
            # A name the service does not take: left to the usual handlers, and the form's
            # store_upload refuses it with the same words.
            return
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int):
        if self.incoming is None:
            return raw_data
        self.incoming.write(raw_data)
        return None

    def file_complete(self, file_size: int):
        if self.incoming is None:
            return None
        return ReceivedUpload(self.incoming, self.file_name, self.content_type)

    def upload_interrupted(self) -> None:
        if getattr(self, "incoming", None) is not None:
            self.incoming.discard()
