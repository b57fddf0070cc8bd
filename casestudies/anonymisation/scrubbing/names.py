"""Names: by pattern (particles: "de Vries"; initials: "J. Smit"), by the names a school
passes in, and by a list of common first names (first_names.txt) followed by a surname."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from .spans import Detector, Span, known_detector
from .words import (
    CALENDAR_WORDS,
    INSTITUTION_BEFORE,
    INSTITUTION_ENDINGS,
    NOT_SURNAMES,
    NOT_SURNAMES_AFTER_PARTICLE,
    STOP_WORDS,
)

_PARTICLES = r"(?:van|de|der|den|het|ten|ter|te|el|al|la|le|du|da|di|op|in|'t|v\.d\.)"
_CAPITALISED = r"[A-Z][a-zà-ÿ'-]+"
_NAME_WITH_PARTICLE = re.compile(
    rf"\b({_CAPITALISED})\s+((?:{_PARTICLES}\s+){{1,3}})({_CAPITALISED})"
)
_INITIALS = re.compile(rf"\b(?:[A-Z]\.\s?){{1,4}}(?:{_PARTICLES}\s+){{0,3}}{_CAPITALISED}")

# --- Names from a list of common first names ---------------------------------------------
#
# Surnames carry no pattern of their own, but a known first name right before a capitalised
# word is a strong sign of a full name ("Emma Bakker", "Lotte De Smet"). Candidates are
# found with one regex over the text; the first word is then looked up in a set, so the
# cost does not grow with the number of first names.

_FIRST_NAMES_FILE = Path(__file__).with_name("first_names.txt")
# A word of letters, possibly joined by apostrophes or hyphens ("Anne-Marie", "O'Brien").
# The separators are compulsory between the parts, so the pattern cannot backtrack badly.
_WORD = r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*"
# Particles in a surname after a first name, in Dutch ("van den Berg") and Flemish ("Van
# Damme", "Vanden Bossche") spelling. Narrower than _PARTICLES: "Emma in Utrecht" and
# "Sem op Texel" are no names.
_SURNAME_PARTICLES = (
    r"(?i:van|vanden|vander|vande|von|de|der|den|het|ten|ter|el|al|la|le|du|da|di|dos|'t)"
)
# Between first name and surname: spaces, no line break. A line break may be Markdown
# syntax ("### Sem" above a paragraph), and a replacement must never swallow syntax.
_NAME_SPACE = r"[ \t\u00a0]+"
# A capitalised word, and after it (without consuming it, so that the next word can be a
# candidate too: "Emma Sophie Bakker") the particles and the word that may be its surname.
_FIRST_NAME_CANDIDATE = re.compile(
    rf"(?<![\w'\u2019-])(?=[A-ZÀ-ÖØ-Þ\u0100-\u017f])(?P<first>{_WORD})"
    rf"(?=(?:{_NAME_SPACE}(?P<particles>(?:{_SURNAME_PARTICLES}{_NAME_SPACE}){{0,3}})"
    rf"(?P<surname>{_WORD}))?)"
)
# A first name on its own is a name only right after a word that says it is a pupil's.
_PUPIL_WORD_BEFORE = re.compile(
    r"(?i)\b(?:leerling(?:en|e)?|pupils?|students?)[ \t\u00a0]*:?[ \t\u00a0]*$"
)
_WINDOW = 40  # characters looked at before or after a candidate name
_WORD_BEFORE = re.compile(r"([\w.!]+)\W{0,3}$")
_WORD_AFTER = re.compile(rf"{_NAME_SPACE}({_WORD})")


def _known_names(names: Iterable[str]) -> Detector:
    """Full names as given, and their parts that are capitalised and not ordinary words."""
    full = [name.strip() for name in names if name.strip()]
    parts = {
        part
        for name in full
        for part in name.split()
        if len(part) >= 3 and part[0].isupper() and part not in STOP_WORDS
    }
    return known_detector([*full, *parts], "name")


def _pattern_names(text: str) -> Iterator[Span]:
    for match in _NAME_WITH_PARTICLE.finditer(text):
        surname = match.group(3)
        if (
            match.group(1) not in STOP_WORDS
            and surname not in STOP_WORDS
            and surname not in CALENDAR_WORDS
        ):
            yield match.start(), match.end(), "name"
    for match in _INITIALS.finditer(text):
        yield match.start(), match.end(), "name"


def find_names(text: str, known: Iterable[str]) -> list[Span]:
    """All names, from every name detector, with overlapping finds joined into one span.

    Joining matters for names of three or more words: "Emma Sophie Bakker" is found as
    "Emma Sophie" and "Sophie Bakker", and replacing only the first would leave "Bakker".
    """
    spans = sorted([*_known_names(known)(text), *_pattern_names(text), *_first_name_names(text)])
    merged: list[Span] = []
    for start, end, kind in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), kind)
        else:
            merged.append((start, end, kind))
    return merged


@cache
def first_names() -> frozenset[str]:
    """The common first names in first_names.txt, read once per process."""
    lines = _FIRST_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _first_name_names(text: str) -> Iterator[Span]:
    """A known first name with a capitalised surname after it, or alone after "leerling".

    A first name alone is not enough elsewhere: many are ordinary words too ("Roos",
    "Mark"), and a room message would be held for every one. Institutions named after
    someone ("OBS Anne Frank", "Maria Montessori Lyceum") are left alone.
    """
    known = first_names()
    for match in _FIRST_NAME_CANDIDATE.finditer(text):
        first = match.group("first")
        if first not in known and first.split("-")[0] not in known:
            continue
        start = match.start()
        if _is_institution_word(_word_before(text, start), before=True):
            continue
        surname = match.group("surname")
        if surname is not None and _is_surname(surname, bool(match.group("particles"))):
            end = match.end("surname")
            if not _is_institution_word(surname) and not _is_institution_word(
                _word_after(text, end)
            ):
                yield start, end, "name"
        elif _PUPIL_WORD_BEFORE.search(text, max(0, start - _WINDOW), start):
            yield start, match.end("first"), "name"


def _is_surname(word: str, after_particle: bool) -> bool:
    """A capitalised word (not all capitals: "ICT", "VWO") that is not an ordinary word."""
    excluded = NOT_SURNAMES_AFTER_PARTICLE if after_particle else NOT_SURNAMES
    return word[0].isupper() and not word.isupper() and word not in excluded


def _is_institution_word(word: str, *, before: bool = False) -> bool:
    return word.lower().endswith(INSTITUTION_ENDINGS) or (before and word in INSTITUTION_BEFORE)


def _word_before(text: str, start: int) -> str:
    match = _WORD_BEFORE.search(text, max(0, start - _WINDOW), start)
    return match.group(1) if match else ""


def _word_after(text: str, end: int) -> str:
    match = _WORD_AFTER.match(text, end, end + _WINDOW)
    return match.group(1) if match else ""
