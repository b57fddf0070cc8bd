"""XLSX input through openpyxl: values only, formulas refused."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from xml.etree.ElementTree import ParseError

from .errors import InputError
from .errors import gettext_noop as _

# What a damaged or hostile workbook raises while it is opened or read: defusedxml's
# refusals of entity declarations (billion laughs, external entities) are ValueErrors.
_UNREADABLE = (zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError, TypeError)
_CANNOT_OPEN = _("The spreadsheet cannot be opened (%(error)s).")

# An XLSX file is a zip archive. A few kilobytes can unpack to gigabytes (a zip bomb), so
# the archive's own size records are checked before anything is unpacked: its parts may
# together unpack to at most this many bytes, and no part may be packed more tightly than
# this ratio. Real exports of pupil data stay far below both (about 5-20x).
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200


def read_xlsx(raw: bytes, *, max_rows: int | None = None) -> list[list[str]]:
    """Rows of the first worksheet as text; a formula anywhere is an error naming its cell.
    More than ``max_rows`` data rows is an error found while reading, not after."""
    from openpyxl import load_workbook

    _check_archive(raw)
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except _UNREADABLE as error:
        raise InputError(_CANNOT_OPEN, error=str(error)) from None
    rows: list[list[str]] = []
    try:
        for row in workbook.worksheets[0].iter_rows():
            rows.append([_cell(cell) for cell in row])
            if max_rows is not None and len(rows) > max_rows + 1:
                raise InputError(
                    _("The spreadsheet has more than %(rows)d data rows."), rows=max_rows
                )
    except _UNREADABLE as error:
        raise InputError(_CANNOT_OPEN, error=str(error)) from None
    finally:
        workbook.close()
    return _trimmed(rows)


def _check_archive(raw: bytes) -> None:
    try:
        parts = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(_CANNOT_OPEN, error=str(error)) from None
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(
            _("The spreadsheet unpacks to %(size)d bytes; the limit is %(limit)d."),
            size=unpacked,
            limit=MAX_UNPACKED_BYTES,
        )
    for part in parts:
        ratio = part.file_size // max(part.compress_size, 1)
        if part.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
            raise InputError(
                _(
                    "The spreadsheet's part %(part)s is packed %(ratio)d times tighter than "
                    "any export; it is refused as a possible zip bomb."
                ),
                part=part.filename,
                ratio=ratio,
            )


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Drop empty rows and the empty columns a sheet often carries on its right."""
    filled = [row for row in rows if any(cell.strip() for cell in row)]
    width = max((i + 1 for row in filled for i, cell in enumerate(row) if cell.strip()), default=0)
    return [(row + [""] * width)[:width] for row in filled]


def _cell(cell: object) -> str:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f" or (
        isinstance(value, str) and value.startswith("=")
    ):
        coordinate = getattr(cell, "coordinate", "?")
        raise InputError(
            _("Cell %(cell)s holds a formula; save the sheet as values only."),
            cell=str(coordinate),
        )
    return cell_text(value)


def cell_text(value: object) -> str:
    """How a spreadsheet value is written in the CSV exports schools know."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
