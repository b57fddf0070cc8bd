"""XLSX input through openpyxl: values only, formulas refused."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

from .errors import InputError


def read_xlsx(raw: bytes) -> list[list[str]]:
    """Rows of the first worksheet as text; a formula anywhere is an error naming its cell."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise InputError(f"The spreadsheet cannot be opened ({error}).") from None
    try:
        rows = [[_cell(cell) for cell in row] for row in workbook.worksheets[0].iter_rows()]
    finally:
        workbook.close()
    return _trimmed(rows)


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
        raise InputError(f"Cell {coordinate} holds a formula; save the sheet as values only.")
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
