"""Reading school exports (CSV or XLSX) into a DataFrame of strings, and writing CSV.

Every cell is kept as the exact text of the file, so generalised values and hierarchies
match spelling for spelling; numbers and dates are parsed later, where they are needed.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
import pandas as pd

from .csvscan import QuickScan, first_of, first_utf8_sequence, quick_scan, scan_csv
from .csvwrite import csv_chunks
from .errors import InputError
from .errors import gettext_noop as _
from .values import uses_decimal_comma

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_ROWS = 1_000_000
DELIMITERS = (";", ",", "\t")
_XLSX_MAGIC = b"PK\x03\x04"
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SAMPLE = 1 << 16
_HEAD = 1 << 24
_CONTROL = (*range(1, 9), 11, 12, *range(14, 32))
_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
_NO_ROWS = _("The file has a header but no data rows.")


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


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
    with open(path, "rb") as stream:
        return read_stream(
            stream, size=Path(path).stat().st_size, max_bytes=max_bytes, max_rows=max_rows
        )


def read_stream(
    stream: Readable,
    *,
    size: int,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> Table:
    """Read an open file of `size` bytes (a stored upload, wherever it is kept); a file
    over the limit is refused before any of it is read."""
    if size > max_bytes:
        raise InputError(
            _("The file is %(size)d bytes; the limit is %(limit)d bytes."),
            size=size,
            limit=max_bytes,
        )
    return read_bytes(stream.read(max_bytes + 1), max_bytes=max_bytes, max_rows=max_rows)


def read_bytes(
    raw: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int = DEFAULT_MAX_ROWS
) -> Table:
    if len(raw) > max_bytes:
        raise InputError(
            _("The file is %(size)d bytes; the limit is %(limit)d bytes."),
            size=len(raw),
            limit=max_bytes,
        )
    if not raw[:_HEAD].strip() and not raw.strip():
        raise InputError(_("The file is empty."))
    if raw.startswith(_XLSX_MAGIC):
        from .spreadsheets import read_xlsx

        rows = read_xlsx(raw, max_rows=max_rows)
        frame = _frame(rows[1:], _header(rows[0] if rows else []), max_rows)
        return _table(frame, ";", "xlsx", "xlsx")
    if raw.startswith(_UTF16_BOMS):
        return _table_from_utf16(raw, max_bytes=max_bytes, max_rows=max_rows)
    _refuse_binary(raw)
    delimiter = sniff_delimiter(raw[:_HEAD].decode("utf-8", errors="replace"))
    quick = quick_scan(raw, delimiter)
    if quick.simple and quick.lines - 1 <= max_rows:
        frame, encoding = _parse_simple(raw, delimiter, quick)
        edge_whitespace, formula_candidate = quick.edge_whitespace, quick.formula_candidate
    else:
        encoding = detect_encoding(raw, delimiter)
        scan = scan_csv(raw, delimiter)
        if scan.records - 1 > max_rows:
            raise _too_many_rows(scan.records - 1, max_rows)
        frame = _parse_csv(raw, delimiter, encoding)
        edge_whitespace, formula_candidate = scan.edge_whitespace, scan.formula_candidate
    if edge_whitespace:
        frame = _stripped(frame)
    frame = _without_blank_rows(frame)
    if formula_candidate or edge_whitespace:
        _reject_formulas(frame)
    return _table(frame, delimiter, encoding, "csv")


def _table_from_utf16(raw: bytes, *, max_bytes: int, max_rows: int) -> Table:
    """UTF-16 with a byte-order mark, as Excel saves "Unicode text": read as the same
    text in UTF-8, and reported as UTF-16."""
    try:
        text = raw.decode("utf-16")
    except UnicodeDecodeError:
        raise InputError(_NOT_TEXT) from None
    table = read_bytes(text.encode("utf-8"), max_bytes=2 * max_bytes, max_rows=max_rows)
    return Table(
        table.frame, table.delimiter, "utf-16", table.file_format, table.decimal_comma_columns
    )


_NOT_TEXT = _(
    "This is not a text file but binary data: upload a CSV file (text, for example saved "
    "from Excel as CSV) or an XLSX file."
)


def _refuse_binary(raw: bytes) -> None:
    """Text files hold no NUL bytes and next to no other control characters; random or
    binary data (an image, a zip, a PDF renamed to .csv) holds them everywhere."""
    sample = np.frombuffer(raw[:_SAMPLE], dtype=np.uint8)
    controls = int(np.isin(sample, _CONTROL).sum()) + int((sample == 0).sum())
    if controls > len(sample) // 100 or b"\x00" in raw:
        raise InputError(_NOT_TEXT)


def _too_many_rows(rows: int, limit: int) -> InputError:
    return InputError(
        _("The file has %(rows)d data rows; the limit is %(limit)d."), rows=rows, limit=limit
    )


def _parse_simple(raw: bytes, delimiter: str, quick: QuickScan) -> tuple[pd.DataFrame, str]:
    """Parse a file without quotes or carriage returns, trying UTF-8 first (pandas checks
    every byte as it decodes); the exact checks run only when something is amiss."""
    encoding = "utf-8-sig" if raw.startswith(_BOM) else "utf-8"
    try:
        cells = _cells(raw, delimiter, encoding)
    except UnicodeDecodeError:
        encoding = detect_encoding(raw, delimiter)
        cells = _cells(raw, delimiter, encoding)
    except pd.errors.ParserError as error:
        scan_csv(raw, delimiter)  # names the row with too many fields
        raise InputError(_("The CSV is malformed (%(error)s)."), error=str(error)) from None
    # pandas refuses rows with too many fields; rows with too few have fewer separators.
    rows, width = cells.shape
    if quick.separators != (width - 1) * rows:
        scan_csv(raw, delimiter)
    return _framed(cells), encoding


def detect_encoding(raw: bytes, delimiter: str = ";") -> str:
    """UTF-8 (with or without BOM) or Windows-1252; binary and mixed files are refused."""
    if b"\x00" in raw:
        raise InputError(_NOT_TEXT)
    position = _utf8_error(raw)
    if position is None:
        return "utf-8-sig" if raw.startswith(_BOM) else "utf-8"
    data = np.frombuffer(raw, dtype=np.uint8)
    if first_utf8_sequence(data) is not None:
        raise InputError(
            _(
                "Row %(row)d, column '%(column)s' holds bytes that are not UTF-8, while the "
                "rest of the file is UTF-8; save the file again as UTF-8."
            ),
            **_where(raw, position, delimiter),
        )
    if first_of(data, _CONTROL) is not None:
        raise InputError(_NOT_TEXT)
    undefined = first_of(data, _CP1252_UNDEFINED)
    if undefined is not None:
        raise InputError(
            _(
                "Row %(row)d, column '%(column)s' holds bytes that are neither UTF-8 nor "
                "Windows-1252 text."
            ),
            **_where(raw, undefined, delimiter),
        )
    return "cp1252"


def _utf8_error(raw: bytes) -> int | None:
    """Offset of the first byte that is not UTF-8, checked in slices to bound memory."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    for start in range(0, len(raw), _HEAD):
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(view[start : start + _HEAD], final=start + _HEAD >= len(raw))
        except UnicodeDecodeError as error:
            return max(0, start - pending + error.start)
    return None


def _where(raw: bytes, position: int, delimiter: str) -> dict[str, str | int]:
    """The row and column of a byte offset (rows counted as lines, the header is row 1)."""
    line_start = raw.rfind(b"\n", 0, position) + 1
    row = raw.count(b"\n", 0, position) + 1
    header = raw[: raw.find(b"\n")].decode("cp1252", errors="replace").split(delimiter)
    index = raw.count(delimiter.encode(), line_start, position)
    name = header[index].strip().strip('"') if index < len(header) else str(index + 1)
    return {"row": row, "column": name}


def sniff_delimiter(text: str) -> str:
    """The delimiter among `;`, `,` and tab that splits the header into most fields."""
    header = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    counts = {d: len(next(csv.reader([header], delimiter=d), [])) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 1 else ";"


def _parse_csv(raw: bytes, delimiter: str, encoding: str) -> pd.DataFrame:
    try:
        cells = _cells(raw, delimiter, encoding)
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise InputError(_("The CSV is malformed (%(error)s)."), error=str(error)) from None
    return _framed(cells)


def _cells(raw: bytes, delimiter: str, encoding: str) -> pd.DataFrame:
    """Every record as strings, the header included; blank lines are skipped."""
    return pd.read_csv(
        io.BytesIO(raw),
        sep=delimiter,
        header=None,
        dtype=object,
        na_filter=False,
        encoding=encoding,
        engine="c",
    )


def _framed(cells: pd.DataFrame) -> pd.DataFrame:
    header = _header([str(name) for name in cells.iloc[0]])
    frame = cells.iloc[1:].reset_index(drop=True)
    frame.columns = pd.Index(header, dtype=object)
    if frame.empty:
        raise InputError(_NO_ROWS)
    return frame


def _without_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows whose every cell is blank are dropped (looked at only where the first is)."""
    first = frame.iloc[:, 0]
    candidates = np.flatnonzero((first == "").to_numpy())
    if not len(candidates):
        return frame
    blank = (frame.iloc[candidates] == "").all(axis=1).to_numpy()
    return frame.drop(index=frame.index[candidates[blank]]).reset_index(drop=True)


def _reject_formulas(frame: pd.DataFrame) -> None:
    for name in frame.columns:
        formulas = np.flatnonzero(frame[name].str.startswith("=").to_numpy(dtype=bool))
        if len(formulas):
            cell = str(frame[name].iloc[formulas[0]])
            raise InputError(
                _(
                    "Row %(row)d, column '%(column)s' holds a formula (%(cell)s); export "
                    "values only."
                ),
                row=int(formulas[0]) + 2,
                column=str(name),
                cell=cell[:30],
            )


def _frame(rows: list[list[str]], header: list[str], limit: int) -> pd.DataFrame:
    if not rows:
        raise InputError(_NO_ROWS)
    if len(rows) > limit:
        raise _too_many_rows(len(rows), limit)
    return _stripped(pd.DataFrame(rows, columns=header, dtype=object))


def _stripped(frame: pd.DataFrame) -> pd.DataFrame:
    for name in frame.columns:
        frame[name] = frame[name].str.strip().astype(object)
    return frame


def _table(
    frame: pd.DataFrame, delimiter: str, encoding: str, kind: Literal["csv", "xlsx"]
) -> Table:
    if frame.empty:
        raise InputError(_NO_ROWS)
    decimal = tuple(str(name) for name in frame.columns if uses_decimal_comma(frame[name]))
    return Table(frame, delimiter, encoding, kind, decimal)


def _header(names: list[str]) -> list[str]:
    if not names:
        raise InputError(_("The file is empty."))
    header = [name.strip().lstrip("\ufeff") for name in names]
    seen: set[str] = set()
    for number, name in enumerate(header, start=1):
        if not name:
            raise InputError(_("Column %(number)d has no name in the header."), number=number)
        if name in seen:
            raise InputError(_("Column name '%(name)s' occurs twice in the header."), name=name)
        seen.add(name)
    return header


def to_csv_text(frame: pd.DataFrame, delimiter: str = ";") -> str:
    return b"".join(csv_chunks(frame, delimiter)).decode("utf-8")


def write_csv(frame: pd.DataFrame, path: str | Path, delimiter: str = ";") -> None:
    """Write UTF-8 CSV atomically: a failure never leaves a partial file behind."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in csv_chunks(frame, delimiter):
                stream.write(chunk)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
