"""Identifiers found with certainty, before and after anonymisation.

Before: a column whose values are BSNs (passing the 11-check), e-mail addresses, phone
numbers or people's names, or whose name says it holds pupil numbers, may only be
removed or pseudonymised, whatever role someone chose for it (`refused_roles`).

After: the anonymised table itself is scanned once more with the free-text scrubber
(BSN, e-mail, phone, dates of birth, pupil numbers, and the names the caller knows: the
school's people and the names in the upload), cell by cell (`scan_output`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

import pandas as pd

from .errors import InputError
from .errors import gettext_noop as _
from .roles import _IDENTIFIERS, Role, normalise
from .scrubbing.core import scrub
from .scrubbing.names import first_names
from .scrubbing.words import STOP_WORDS
from .values import bsn_is_valid

ALLOWED_ROLES = frozenset({Role.DIRECT, Role.PSEUDONYM})
OUTPUT_KINDS = ("bsn", "email", "phone", "birth_date", "pupil_number", "name")
# Share of a column's filled cells that must be of one kind for a certain finding.
CERTAIN_SHARE = 0.5

_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_PHONE = re.compile(r"^(\+31|\+32|0031|0032|0)[\s-]?\d([\s-]?\d){7,9}$")
_DIGITS = re.compile(r"\d{4,}")
_WORDS = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")

REFUSALS = {
    "bsn": _(
        "Column '%(column)s' holds BSNs (%(count)d pass the 11-check): it can only be "
        "removed or pseudonymised."
    ),
    "email": _(
        "Column '%(column)s' holds e-mail addresses (%(count)d): it can only be removed or "
        "pseudonymised."
    ),
    "phone": _(
        "Column '%(column)s' holds phone numbers (%(count)d): it can only be removed or "
        "pseudonymised."
    ),
    "pupil_number": _(
        "Column '%(column)s' holds pupil numbers: it can only be removed or pseudonymised."
    ),
    "name": _(
        "Column '%(column)s' holds people's names (%(count)d): it can only be removed or "
        "pseudonymised."
    ),
}


@dataclass(frozen=True)
class IdentifierColumn:
    column: str
    kind: str  # a key of REFUSALS
    count: int  # filled cells of that kind

    def refusal(self) -> InputError:
        return InputError(REFUSALS[self.kind], column=self.column, count=self.count)


def identifier_columns(frame: pd.DataFrame) -> dict[str, IdentifierColumn]:
    """The columns that hold identifiers with certainty, by column."""
    found = {}
    for name in frame.columns:
        column = _identifier(str(name), frame[name])
        if column is not None:
            found[column.column] = column
    return found


def refused_roles(
    identifiers: Mapping[str, IdentifierColumn],
    roles: Mapping[str, Role | str],
    *,
    allowed: Iterable[str] = (),
) -> list[IdentifierColumn]:
    """The identifier columns given a role other than removed or pseudonymised (and not
    explicitly allowed)."""
    exempt = set(allowed)
    return [
        found
        for column, found in identifiers.items()
        if column not in exempt and Role(roles.get(column, Role.DIRECT)) not in ALLOWED_ROLES
    ]


def _identifier(column: str, values: pd.Series) -> IdentifierColumn | None:
    counts = values.astype(str).str.strip().value_counts()
    counts = counts[counts.index != ""]
    filled = int(counts.sum())
    if not filled:
        return None
    if normalise(column) in _IDENTIFIERS:
        return IdentifierColumn(column, "pupil_number", filled)
    known = first_names()
    checks: dict[str, Callable[[str], bool]] = {
        "bsn": _is_bsn,
        "email": lambda v: bool(_EMAIL.match(v)),
        "phone": lambda v: bool(_PHONE.match(v)),
        "name": lambda v: _is_name(v, known),
    }
    cells = [(str(value), int(count)) for value, count in counts.items()]
    for kind, check in checks.items():
        hits = sum(count for value, count in cells if check(value))
        if hits >= CERTAIN_SHARE * filled:
            return IdentifierColumn(column, kind, hits)
    return None


def _is_bsn(value: str) -> bool:
    """A BSN, also written with dots or spaces, or with its leading zero lost (a
    spreadsheet that took it for a number)."""
    digits = value.replace(".", "").replace(" ", "")
    return bsn_is_valid(digits.zfill(9) if len(digits) == 8 else digits)


def _is_name(value: str, known: frozenset[str]) -> bool:
    """A short value of words, one of them a known first name, however it is written:
    "Jan Jansen", "Jansen, Jan", "JANSEN J. (Jan)", "jan de vries"."""
    words = _WORDS.findall(value)
    return 0 < len(words) <= 5 and any(word.title() in known for word in words)


def scan_output(
    frame: pd.DataFrame,
    *,
    names: Iterable[str] = (),
    upload_names: Iterable[str] = (),
    pupil_numbers: Iterable[str] = (),
    skip: Iterable[str] = (),
    today: date | None = None,
) -> dict[str, dict[str, int]]:
    """Personal data still in an anonymised table: {column: {kind: cells}}, kinds from
    OUTPUT_KINDS; columns without any are left out, and so are the `skip` columns (the
    pseudonymised ones: their values are tokens the engine made).

    `names` (a few: the school's people) go to the scrubber with its own name detectors;
    `upload_names` and `pupil_numbers` (up to one per pupil) are looked up word by word,
    since one pattern of thousands of alternatives would take minutes on a large file."""
    known = Known(
        names=list(names),
        upload_names=frozenset(_name_words(upload_names)),
        pupil_numbers=frozenset(number.strip() for number in pupil_numbers),
        today=today,
    )
    exempt = set(skip)
    found: dict[str, dict[str, int]] = {}
    for name in frame.columns:
        if str(name) not in exempt and (kinds := _scan_column(frame[name], known)):
            found[str(name)] = kinds
    return found


@dataclass(frozen=True)
class Known:
    names: list[str]
    upload_names: frozenset[str]
    pupil_numbers: frozenset[str]
    today: date | None


def _name_words(names: Iterable[str]) -> Iterator[str]:
    for name in names:
        for word in _WORDS.findall(name):
            if len(word) >= 3 and word[0].isupper() and word not in STOP_WORDS:
                yield word


def _scan_column(values: pd.Series, known: Known) -> dict[str, int]:
    counts = values.astype(str).value_counts()
    distinct = [str(value).replace("\n", " ") for value in counts.index]
    lines: dict[str, set[int]] = {}
    for kind, line in [*_scrubbed(distinct, known), *_looked_up(distinct, known)]:
        lines.setdefault(kind, set()).add(line)
    cells = counts.to_numpy()
    return {kind: int(sum(cells[line] for line in found)) for kind, found in lines.items()}


def _scrubbed(distinct: list[str], known: Known) -> Iterator[tuple[str, int]]:
    """One text of the distinct values, a line each: one scrubber pass per column."""
    text = "\n".join(distinct)
    starts = [0, *accumulate(len(value) + 1 for value in distinct)]
    for finding in scrub(text, names=known.names, today=known.today).findings:
        if finding.kind in OUTPUT_KINDS:
            yield finding.kind, bisect_right(starts, finding.start) - 1


def _looked_up(distinct: list[str], known: Known) -> Iterator[tuple[str, int]]:
    for line, value in enumerate(distinct):
        if known.pupil_numbers and any(
            number in known.pupil_numbers for number in _DIGITS.findall(value)
        ):
            yield "pupil_number", line
        if known.upload_names and any(word in known.upload_names for word in _WORDS.findall(value)):
            yield "name", line
