"""Reading school exports (CSV or XLSX) into a DataFrame of strings, and writing CSV.

Every cell is kept as the exact text of the file, so generalised values and hierarchies
match spelling for spelling; numbers and dates are parsed later, where they are needed.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from .errors import InputError
from .values import uses_decimal_comma

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_ROWS = 1_000_000
DELIMITERS = (";", ",", "\t")
_XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Table:
    """A read file: its cells as strings and what is needed to write it back alike."""

    frame: pd.DataFrame
    delimiter: str
    encoding: str
    file_format: Literal["csv", "xlsx"]
    decimal_comma_columns: tuple[str, ...] = ()


def read_table(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int = DEFAULT_MAX_ROWS
) -> Table:
    """Read a CSV or XLSX file; raises InputError naming the row or column at fault."""
    size = Path(path).stat().st_size
    if size > max_bytes:
        raise InputError(f"The file is {size} bytes; the limit is {max_bytes} bytes.")
    return read_bytes(Path(path).read_bytes(), max_bytes=max_bytes, max_rows=max_rows)


def read_bytes(
    raw: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int = DEFAULT_MAX_ROWS
) -> Table:
    if len(raw) > max_bytes:
        raise InputError(f"The file is {len(raw)} bytes; the limit is {max_bytes} bytes.")
    if not raw.strip():
        raise InputError("The file is empty.")
    if raw.startswith(_XLSX_MAGIC):
        from .spreadsheets import read_xlsx

        rows = read_xlsx(raw)
        return _table(rows, ";", "xlsx", "xlsx", max_rows)
    text, encoding = decode(raw)
    delimiter = sniff_delimiter(text)
    rows = _csv_rows(text, delimiter)
    _reject_formulas(rows)
    return _table(rows, delimiter, encoding, "csv", max_rows)


def decode(raw: bytes) -> tuple[str, str]:
    """Text of UTF-8 (with or without BOM) or Windows-1252 bytes; binary is refused."""
    if b"\x00" in raw:
        raise InputError("The file contains binary data; upload a CSV or XLSX file.")
    try:
        encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
        return raw.decode(encoding), encoding
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError("The file is neither UTF-8 nor Windows-1252 text.") from None
    if any(ord(char) < 32 and char not in "\r\n\t" for char in text):
        raise InputError("The file contains binary data; upload a CSV or XLSX file.")
    return text, "cp1252"


def sniff_delimiter(text: str) -> str:
    """The delimiter among `;`, `,` and tab that splits the header into most fields."""
    header = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    counts = {d: len(next(csv.reader([header], delimiter=d), [])) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 1 else ";"


def _csv_rows(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as error:
        raise InputError(f"Line {reader.line_num}: the CSV is malformed ({error}).") from None
    _reject_ragged(rows)
    return rows


def _reject_ragged(rows: list[list[str]]) -> None:
    if not rows:
        return
    width = len(rows[0])
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != width:
            raise InputError(f"Row {number} has {len(row)} fields, but the header has {width}.")


def _reject_formulas(rows: list[list[str]]) -> None:
    header = rows[0] if rows else []
    for number, row in enumerate(rows[1:], start=2):
        for name, cell in zip(header, row, strict=False):
            if cell.lstrip().startswith("="):
                raise InputError(
                    f"Row {number}, column '{name}' holds a formula ({cell[:30]}); "
                    "export values only."
                )


def _table(
    rows: list[list[str]], delimiter: str, encoding: str, kind: Literal["csv", "xlsx"], limit: int
) -> Table:
    header = _header(rows)
    if len(rows) < 2:
        raise InputError("The file has a header but no data rows.")
    if len(rows) - 1 > limit:
        raise InputError(f"The file has {len(rows) - 1} data rows; the limit is {limit}.")
    frame = pd.DataFrame(rows[1:], columns=header, dtype=object)
    frame = frame.apply(lambda column: column.str.strip()).astype(object)
    decimal = tuple(name for name in header if uses_decimal_comma(list(frame[name])))
    return Table(frame, delimiter, encoding, kind, decimal)


def _header(rows: list[list[str]]) -> list[str]:
    if not rows:
        raise InputError("The file is empty.")
    header = [name.strip().lstrip("\ufeff") for name in rows[0]]
    seen: set[str] = set()
    for number, name in enumerate(header, start=1):
        if not name:
            raise InputError(f"Column {number} has no name in the header.")
        if name in seen:
            raise InputError(f"Column name '{name}' occurs twice in the header.")
        seen.add(name)
    return header


def to_csv_text(frame: pd.DataFrame, delimiter: str = ";") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow([str(name) for name in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow(["" if value is None else str(value) for value in row])
    return buffer.getvalue()


def write_csv(frame: pd.DataFrame, path: str | Path, delimiter: str = ";") -> None:
    """Write UTF-8 CSV atomically: a failure never leaves a partial file behind."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(to_csv_text(frame, delimiter))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
