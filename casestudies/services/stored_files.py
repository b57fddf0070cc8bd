"""Stored files are read through Django's storage: the file system by default, S3-compatible
object storage when configured. A worker on another machine reads what a web process
stored, so nothing here asks for a local path."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile

from casestudies import anonymisation as engine
from casestudies.anonymisation.reading import DEFAULT_MAX_BYTES


def read_stored_table(stored: FieldFile, *, max_bytes: int = DEFAULT_MAX_BYTES) -> engine.Table:
    with stored.open("rb") as stream:
        return engine.read_stream(stream, size=stored.size, max_bytes=max_bytes)
