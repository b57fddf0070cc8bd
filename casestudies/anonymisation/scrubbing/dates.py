"""Dates of birth: full dates after a keyword ("geboren", "born"), right after a name, or
with a year that makes the person pupil-aged."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from .spans import Detector, Span
from .words import MONTH_NUMBERS

_MONTH = r"(?:" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\b\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
# Numbers are not glued to other digits ("1.12-03-2011" is no date, "geb.12-03-2011" is).
_NOT_AFTER_NUMBER = r"(?<!\d)(?<!\d[-/.])"
_NOT_BEFORE_NUMBER = r"(?!\d)(?![-/.]\d)"
# One full date (day, month and year) in any of the written forms; each form has its own
# groups so `_date_of` can tell day and month apart. Day-month-year is the Dutch order.
_DATE = rf"""
    (?:
        {_NOT_AFTER_NUMBER}
        (?P<dmy_d>\d{{1,2}})(?P<dmy_sep>[-/.])(?P<dmy_m>\d{{1,2}})(?P=dmy_sep)(?P<dmy_y>\d{{4}})
      | {_NOT_AFTER_NUMBER}
        (?P<iso_y>\d{{4}})(?P<iso_sep>[-/])(?P<iso_m>\d{{1,2}})(?P=iso_sep)(?P<iso_d>\d{{1,2}})
      | {_NOT_AFTER_NUMBER}
        (?P<dn_d>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<dn_m>{_MONTH}),?\s+(?P<dn_y>\d{{4}})
      | \b(?P<nd_m>{_MONTH})\s+(?P<nd_d>\d{{1,2}}){_ORDINAL},?\s+(?P<nd_y>\d{{4}})
    )
    {_NOT_BEFORE_NUMBER}
"""
# A full date, optionally after a keyword that says it is a date of birth. The keyword is
# part of the same pattern (not a second pass) so the text is read once.
_DATE_WITH_KEYWORD = re.compile(
    rf"""
    (?P<keyword>
        \b(?:geboren|geb\.|geboortedatum|geboortedag|born|birth\s?date|birthday
             |date\s+of\s+birth|d\.?o\.?b\b\.?)
        \D{{0,20}}?
    )?
    (?P<date>{_DATE})
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A date without a keyword counts as a birth date when its year is a pupil's: more than
# three whole calendar years back (so this year's meetings, last year's results and the
# start of the school year three years ago stay readable) and at most 25 years back.
_PUPIL_BIRTH_YEARS_BACK = (4, 25)
# What may stand between a name and the birth date right after it: spaces, punctuation,
# Markdown emphasis and table pipes ("**Sanne de Vries** (12-03-2011)", "| Sem | 3-4-2012").
_NAME_DATE_GAP = frozenset(" \t\u00a0,:;([*_|\u2013\u2014-")
_NAME_DATE_GAP_MAX = 8


def birth_dates(today: date, name_ends: set[int]) -> Detector:
    """Full dates that are dates of birth: after a keyword ("geboren", "born", "geb."),
    right after a name ("Sanne de Vries 12-03-2011"), or with a pupil's year of birth.

    Dates of the last three years and in the future are meetings, results and deadlines
    ("voor 1 juli 2027") and stay, unless a keyword says otherwise. A date after a name
    counts whatever its year, as long as it is not in the future.
    """
    youngest, oldest = _PUPIL_BIRTH_YEARS_BACK
    years = range(today.year - oldest, today.year - youngest + 1)

    def detect(text: str) -> Iterator[Span]:
        for match in _DATE_WITH_KEYWORD.finditer(text):
            found = _date_of(match)
            if found is None:
                continue
            start, end = match.span("date")
            if (
                match.group("keyword") is not None
                or found.year in years
                or (found <= today and _follows_name(text, start, name_ends))
            ):
                yield start, end, "birth_date"

    return detect


def _date_of(match: re.Match[str]) -> date | None:
    """The date a `_DATE` match stands for, or None for impossible ones ("45-13-2011").

    Numeric dates are read day first (Dutch); when that is impossible but month first
    works ("12/25/2010"), they are read the English way.
    """
    for form in ("dmy", "iso", "dn", "nd"):
        year = match.group(f"{form}_y")
        if year is None:
            continue
        day, month = int(match.group(f"{form}_d")), match.group(f"{form}_m")
        number = MONTH_NUMBERS.get(month.rstrip(".").lower()) or int(month)
        candidates = [(number, day)] + ([(day, number)] if form == "dmy" else [])
        for month_number, day_number in candidates:
            try:
                return date(int(year), month_number, day_number)
            except ValueError:
                continue
    return None


def _follows_name(text: str, start: int, name_ends: set[int]) -> bool:
    """Whether only a short gap of spaces and punctuation separates a name and `start`."""
    position = start
    while True:
        if position in name_ends:
            return True
        if start - position >= _NAME_DATE_GAP_MAX or position == 0:
            return False
        if text[position - 1] not in _NAME_DATE_GAP:
            return False
        position -= 1
