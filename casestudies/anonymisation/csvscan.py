"""Vectorised passes over the raw bytes of a CSV file, before pandas parses it.

pandas' C parser is fast but pads short rows silently, so the shape of every record is
checked here: fields per record (delimiters outside quotes; the quote state follows from
the parity of the quotes before a byte, which doubled quotes keep), blank records, and
whether any cell could need stripping or could hold a formula. The last two only tell the
reader whether the exact (slower) per-cell checks are needed at all. The encoding checks
of the reader look for byte patterns here as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .errors import InputError
from .errors import gettext_noop as _

Bytes = npt.NDArray[np.uint8]
_CHUNK = 1 << 22
_QUOTE, _NEWLINE, _RETURN, _SPACE, _TAB, _EQUALS = 34, 10, 13, 32, 9, 61


@dataclass(frozen=True)
class Scan:
    """What the bytes say about the records of a CSV file."""

    records: int  # non-blank records, the header included
    edge_whitespace: bool  # some cell may start or end with a space or tab
    formula_candidate: bool  # some cell may start with "="


def scan_csv(raw: bytes, delimiter: str) -> Scan:
    """Check that every non-blank record has as many fields as the header."""
    data = np.frombuffer(raw, dtype=np.uint8)
    separator, quoted = ord(delimiter), raw.find(b'"') >= 0
    boundary = {separator, _NEWLINE, _RETURN, _QUOTE}
    counts: list[npt.NDArray[np.int64]] = []
    ends: list[npt.NDArray[np.int64]] = []
    carry = parity = 0
    whitespace = formula = False
    # Small slices keep the temporary arrays in cache and reuse their pages.
    for start in range(0, len(data), _CHUNK):
        chunk = data[start : start + _CHUNK]
        newlines, separators = chunk == _NEWLINE, chunk == separator
        if quoted:
            inside = (np.cumsum(chunk == _QUOTE, dtype=np.uint8) + parity) & 1
            parity = int(inside[-1])
            newlines &= inside == 0
            separators &= inside == 0
        local_ends = np.flatnonzero(newlines)
        before = np.searchsorted(np.flatnonzero(separators), local_ends)
        per_line = np.diff(before, prepend=0)
        if len(per_line):
            per_line[0] += carry
            carry = int(np.count_nonzero(separators)) - int(before[-1])
        else:
            carry += int(np.count_nonzero(separators))
        counts.append(per_line)
        ends.append(local_ends + start)
        whitespace = whitespace or _neighbours(data, _spaces(chunk) + start, boundary)
        formula = formula or _neighbours(
            data, np.flatnonzero(chunk == _EQUALS) + start, boundary | {_SPACE, _TAB}, after=False
        )
    if parity:
        raise InputError(_("The CSV is malformed: a quoted field is not closed."))
    line_ends, fields = np.concatenate(ends), np.concatenate(counts) + 1
    if not raw.endswith(b"\n"):
        line_ends, fields = np.append(line_ends, len(data)), np.append(fields, carry + 1)
    records = _check_fields(raw, np.concatenate(([0], line_ends[:-1] + 1)), fields)
    return Scan(records, whitespace, formula)


@dataclass(frozen=True)
class QuickScan:
    """What a file's bytes say without following quotes: enough, for a file without
    quotes or carriage returns, to check its shape against what pandas parsed."""

    lines: int  # line ends, plus one for a last line without one
    separators: int
    simple: bool  # no quotes, no carriage returns: every separator separates fields
    edge_whitespace: bool
    formula_candidate: bool


def quick_scan(raw: bytes, delimiter: str) -> QuickScan:
    """Counts and flags in one pass over the bytes, without the per-record bookkeeping
    of `scan_csv`."""
    data = np.frombuffer(raw, dtype=np.uint8)
    separator = ord(delimiter)
    boundary = {separator, _NEWLINE, _RETURN, _QUOTE}
    lines = separators = 0
    whitespace = formula = False
    for start in range(0, len(data), _CHUNK):
        chunk = data[start : start + _CHUNK]
        lines += int(np.count_nonzero(chunk == _NEWLINE))
        separators += int(np.count_nonzero(chunk == separator))
        whitespace = whitespace or _neighbours(data, _spaces(chunk) + start, boundary)
    if raw.find(b"=") >= 0:
        equals = np.flatnonzero(data == _EQUALS)
        formula = _neighbours(data, equals, boundary | {_SPACE, _TAB}, after=False)
    simple = raw.find(b'"') < 0 and raw.find(b"\r") < 0
    return QuickScan(lines + (not raw.endswith(b"\n")), separators, simple, whitespace, formula)


def _spaces(chunk: Bytes) -> npt.NDArray[np.int64]:
    return np.flatnonzero((chunk == _SPACE) | (chunk == _TAB))


def _neighbours(
    data: Bytes, positions: npt.NDArray[np.int64], kinds: Iterable[int], *, after: bool = True
) -> bool:
    """Whether a byte at `positions` starts the file or touches one of `kinds`."""
    if not len(positions):
        return False
    if positions[0] == 0 or (after and positions[-1] == len(data) - 1):
        return True
    table = np.zeros(256, dtype=bool)
    table[list(kinds)] = True
    touching = table[data[positions - 1]]
    if after:
        touching |= table[data[positions + 1]]
    return bool(touching.any())


def _check_fields(raw: bytes, starts: npt.NDArray[np.int64], fields: npt.NDArray[np.int64]) -> int:
    single = np.flatnonzero(fields == 1).tolist()
    bounds = [*starts.tolist()[1:], len(raw)]
    blank = [i for i in single if not raw[int(starts[i]) : bounds[i]].strip()]
    fields = np.delete(fields, blank)
    if not len(fields):
        return 0
    wrong = np.flatnonzero(fields != fields[0])
    if len(wrong):
        row = int(wrong[0])
        raise InputError(
            _("Row %(row)d has %(fields)d fields, but the header has %(header)d."),
            row=row + 1,
            fields=int(fields[row]),
            header=int(fields[0]),
        )
    return len(fields)


def first_of(data: Bytes, values: Iterable[int]) -> int | None:
    """Offset of the first byte that is one of `values`."""
    table = np.zeros(256, dtype=bool)
    table[list(values)] = True
    hits = table[data]
    return int(hits.argmax()) if hits.any() else None


def first_utf8_sequence(data: Bytes) -> int | None:
    """Offset of the first well-formed two- or three-byte UTF-8 sequence."""
    high = np.flatnonzero(data[:-1] >= 0x80)
    lead, follow = data[high], data[high + 1]
    two = (lead >= 0xC2) & (lead <= 0xDF) & (follow >= 0x80) & (follow <= 0xBF)
    hits = np.flatnonzero(two)
    return int(high[hits[0]]) if len(hits) else None
