"""Dashboard tables as CSV and XLSX. A spreadsheet runs a cell that starts with `=`, `+`,
`-` or `@` (or a tab or carriage return) as a formula, so such text cells get a leading
apostrophe; numbers stay numbers, also when kept as text ("-0.1"), and whole numbers
stay whole ("4", not the "4.0" a column with a gap in it would give)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
SHEET_NAME_CHARS = re.compile(r"[\[\]:*?/\\]")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def _whole(column: pd.Series) -> pd.Series:
    """A float column whose values are all whole numbers (counts with a gap, which pandas
    turned into floats) as integers."""
    if pd.api.types.is_float_dtype(column.dtype):
        present = column.dropna()
        if (present == present.round()).all():
            return column.astype("Int64")
    return column


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    whole = frame.apply(_whole) if len(frame.columns) else frame
    safe = whole.astype(object).map(neutralise)
    safe.columns = [neutralise(str(column)) for column in frame.columns]
    return safe


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read accents right."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(sheets: Sequence[tuple[str, pd.DataFrame]]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        used: set[str] = set()
        for title, frame in sheets:
            name = _sheet_name(title, used)
            safe_frame(frame).to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """At most 31 characters, none of []:*?/\\, unique within the workbook."""
    base = SHEET_NAME_CHARS.sub(" ", title).strip()[:28] or "Sheet"
    name, number = base, 2
    while name.lower() in used:
        name, number = f"{base} {number}", number + 1
    used.add(name.lower())
    return name


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def export_tables(
    tables: Sequence[tuple[str, str, pd.DataFrame]], *, fmt: str, key: str, stem: str
) -> ExportFile | None:
    """XLSX: every table, one sheet each. CSV: the table named by `key`. None when there is
    no such format or table."""
    if fmt == "xlsx":
        sheets = [(title, frame) for _key, title, frame in tables]
        return ExportFile(to_xlsx(sheets), XLSX_TYPE, f"{stem}.xlsx")
    if fmt == "csv":
        for table_key, _title, frame in tables:
            if table_key == key:
                return ExportFile(to_csv(frame), "text/csv; charset=utf-8", f"{stem}-{key}.csv")
    return None
