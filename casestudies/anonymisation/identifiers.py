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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

import pandas as pd

from .errors import InputError
from .errors import gettext_noop as _
from .roles import _IDENTIFIERS, Role, normalise
from .scrubbing import first_names, scrub
from .values import bsn_is_valid

ALLOWED_ROLES = frozenset({Role.DIRECT, Role.PSEUDONYM})
OUTPUT_KINDS = ("bsn", "email", "phone", "birth_date", "pupil_number", "name")
# Share of a column's filled cells that must be of one kind for a certain finding.
CERTAIN_SHARE = 0.5

_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_PHONE = re.compile(r"^(\+31|\+32|0031|0032|0)[\s-]?\d([\s-]?\d){7,9}$")
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
    pupil_numbers: Iterable[str] = (),
    today: date | None = None,
) -> dict[str, dict[str, int]]:
    """Personal data still in an anonymised table: {column: {kind: cells}}, kinds from
    OUTPUT_KINDS; columns without any are left out."""
    names, pupil_numbers = list(names), list(pupil_numbers)
    found: dict[str, dict[str, int]] = {}
    for name in frame.columns:
        kinds = _scan_column(frame[name], names, pupil_numbers, today)
        if kinds:
            found[str(name)] = kinds
    return found


def _scan_column(
    values: pd.Series, names: list[str], pupil_numbers: list[str], today: date | None
) -> dict[str, int]:
    counts = values.astype(str).value_counts()
    distinct = [str(value).replace("\n", " ") for value in counts.index]
    # One text of the distinct values, a line each: one scrubber pass per column.
    text = "\n".join(distinct)
    starts = [0, *accumulate(len(value) + 1 for value in distinct)]
    kinds: dict[str, set[int]] = {}
    for finding in scrub(text, names=names, pupil_numbers=pupil_numbers, today=today).findings:
        if finding.kind in OUTPUT_KINDS:
            line = bisect_right(starts, finding.start) - 1
            kinds.setdefault(finding.kind, set()).add(line)
    cells = counts.to_numpy()
    return {kind: int(sum(cells[line] for line in lines)) for kind, lines in kinds.items()}
