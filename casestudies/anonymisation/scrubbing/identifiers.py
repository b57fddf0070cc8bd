"""Patterns for the personal data that has a fixed form: e-mail addresses, BSNs, phone
numbers, postcodes, street addresses and pupil numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..values import bsn_is_valid
from .spans import Span

# Lookbehinds make each pattern start only where a run of its characters starts: trying
# every position inside a long run (digits, base64 in a Markdown image) is quadratic.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BSN = re.compile(r"(?<![\d.])(\d{4}\.?\d{2}\.?\d{3}|\d{9})(?![\d.]\d)")
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)3[12][\s-]?(?:\(0\)[\s-]?)?|0)\d(?:[\s-]?\d){7,8}(?!\d)")
POSTCODE = re.compile(r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\b")
_STREET_SUFFIX = (
    "straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|pad|hof|dreef|baan|markt|"
    "park|erf|veld|wal|polder|ring|straatweg|lei|steenweg"
)
# At most four capitalised words before the street ("Prins Hendrik Laan 3"): an unbounded
# run made the pattern quadratic on long runs of capitalised words.
ADDRESS = re.compile(
    rf"(?<![\w'-])(?:[A-Z][\w'-]*\s){{0,4}}[A-Z]?[\w'-]*(?:{_STREET_SUFFIX})\s\d{{1,5}}(?:\s?[a-zA-Z]\b|-\d+)?"
)
# Possessive quantifiers: a long run of spaces after the keyword with no number behind it
# would otherwise be retried at every split (seconds for a 10,000-character message).
PUPIL_NUMBER = re.compile(
    r"(?i)\b(?:leerling(?:nummer|nr)?|lln(?:r)?|leerlingnr|studentnummer|student)\.?"
    r"(?:\s*+(?:nr\.?|nummer))?\s*+(?:[:#]\s*+)?(\d{5,8})\b"
)


# A number that the text itself calls a BSN is one, whether or not it passes the 11-check
# (a typo in a citizen service number is still a person's number), in any grouping.
_LABELLED_BSN = re.compile(
    r"(?i)\b(?:bsn|burgerservicenummer|sofi-?nummer)(?:[\s-]?(?:nummer|nr)\b)?[\s:.#-]{0,3}+"
    r"(\d(?:[ .-]?\d){7,8})(?!\d)"
)


def bsns(text: str) -> Iterator[Span]:
    for match in _BSN.finditer(text):
        if bsn_is_valid(match.group(1).replace(".", "")):
            yield match.start(1), match.end(1), "bsn"
    for match in _LABELLED_BSN.finditer(text):
        yield match.start(1), match.end(1), "bsn"
