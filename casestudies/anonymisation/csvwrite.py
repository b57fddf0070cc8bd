"""Writing a table of strings as CSV bytes, fast: each column is rendered once per
distinct value, and the rows are assembled from those with array operations.

Published tables repeat few distinct values per column (generalised values, grades),
so rendering (quoting, UTF-8) happens once per value; a row is then the concatenation
of its cells, done for many rows at a time by gathering the cells' bytes into a padded
matrix and dropping the padding. The bytes are exactly what the `csv` module (and so
pandas' `to_csv`) writes; tables that the fast path does not fit (other than strings,
a single column, very unequal cell widths) are written by pandas.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

# Rows assembled at a time: small enough for the padded rows to stay in the CPU's cache.
_PADDED_BYTES = 1 << 21
# Padding may cost at most this many times the bytes of the cells themselves.
_MAX_PADDING = 4


@dataclass(frozen=True)
class _Column:
    """A column as codes into its rendered distinct cells (separator included)."""

    codes: npt.NDArray[np.intp]
    cells: npt.NDArray[np.void]  # per distinct value its bytes, zero-padded to `width`
    filled: npt.NDArray[np.void]  # per distinct value, which of those bytes are not padding
    lengths: npt.NDArray[np.int64]
    width: int


def csv_chunks(frame: pd.DataFrame, delimiter: str) -> Iterator[bytes]:
    """The UTF-8 CSV of `frame` (header first, `\\n` line ends), in pieces."""
    yield _line([str(name) for name in frame.columns], delimiter).encode("utf-8")
    columns = _columns(frame, delimiter)
    if columns is None:
        yield _pandas_body(frame, delimiter)
        return
    rows = len(frame)
    row = _row_type(columns)
    step = max(1, _PADDED_BYTES // row.itemsize)
    cells, filled = np.empty(step, dtype=row), np.empty(step, dtype=row)
    for start in range(0, rows, step):
        stop = min(rows, start + step)
        yield _assemble(columns, start, stop, cells[: stop - start], filled[: stop - start])


def _columns(frame: pd.DataFrame, delimiter: str) -> list[_Column] | None:
    if frame.shape[1] < 2 or len(frame) == 0:
        return None  # a lone empty field is written quoted: leave that to pandas
    columns = []
    for position in range(frame.shape[1]):
        last = position == frame.shape[1] - 1
        column = _column(frame.iloc[:, position], delimiter, "\n" if last else delimiter)
        if column is None:
            return None
        columns.append(column)
    padded = len(frame) * sum(column.width for column in columns)
    cells = sum(
        int(np.dot(np.bincount(c.codes, minlength=len(c.lengths)), c.lengths)) for c in columns
    )
    return columns if padded <= _MAX_PADDING * cells else None


def _column(values: pd.Series, delimiter: str, ending: str) -> _Column | None:
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    if len(codes) and int(codes.min()) < 0:
        return None
    if not all(isinstance(value, str) for value in uniques):
        return None
    special = (delimiter, '"', "\r", "\n")
    rendered = [
        (_line([value, ""], delimiter)[:-2] if any(s in value for s in special) else value) + ending
        for value in uniques
    ]
    encoded = [text.encode("utf-8") for text in rendered]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    width = int(lengths.max())
    cells = np.array(encoded, dtype=f"S{width}").view(f"V{width}")
    filled = (np.arange(width) < lengths[:, None]).view(f"V{width}").ravel()
    return _Column(np.asarray(codes, dtype=np.intp), cells, filled, lengths, width)


def _line(fields: list[str], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerow(fields)
    return buffer.getvalue()


def _row_type(columns: list[_Column]) -> np.dtype[np.void]:
    """A padded row: every column's cell at a fixed offset."""
    offsets = np.cumsum([0] + [column.width for column in columns])
    return np.dtype(
        {
            "names": [f"c{position}" for position in range(len(columns))],
            "formats": [f"V{column.width}" for column in columns],
            "offsets": offsets[:-1].tolist(),
            "itemsize": int(offsets[-1]),
        }
    )


def _assemble(
    columns: list[_Column],
    start: int,
    stop: int,
    cells: npt.NDArray[np.void],
    filled: npt.NDArray[np.void],
) -> bytes:
    """Rows start..stop, gathered as padded rows into `cells` (with `filled` marking the
    bytes that are not padding); kept in row-major order, those bytes are the CSV text."""
    for position, column in enumerate(columns):
        codes = column.codes[start:stop]
        cells[f"c{position}"] = column.cells[codes]
        filled[f"c{position}"] = column.filled[codes]
    return np.compress(filled.view(np.bool_), cells.view(np.uint8)).tobytes()


def _pandas_body(frame: pd.DataFrame, delimiter: str) -> bytes:
    text = frame.to_csv(sep=delimiter, index=False, header=False, lineterminator="\n", na_rep="")
    return text.encode("utf-8")
