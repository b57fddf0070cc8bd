"""Scrubbing personal data out of free text (case-study write-ups, in Markdown).

Detectors find spans; overlapping spans are resolved in favour of the earlier detector
and the longer span; replacements only ever cover the words or digits themselves, so
Markdown syntax around them survives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .values import bsn_is_valid


@dataclass(frozen=True)
class Finding:
    """One replaced span, with offsets into the original text."""

    kind: str
    start: int
    end: int
    original: str
    replacement: str


@dataclass(frozen=True)
class ScrubResult:
    text: str
    findings: list[Finding]


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BSN = re.compile(r"(?<![\d.])(\d{4}\.?\d{2}\.?\d{3}|\d{9})(?![\d.]\d)")
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)3[12][\s-]?(?:\(0\)[\s-]?)?|0)\d(?:[\s-]?\d){7,8}(?!\d)"
)
_POSTCODE = re.compile(r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\b")
_STREET_SUFFIX = (
    "straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|pad|hof|dreef|baan|markt|"
    "park|erf|veld|wal|polder|ring|straatweg|lei|steenweg"
)
_ADDRESS = re.compile(
    rf"\b(?:[A-Z][\w'-]*\s)*[A-Z]?[\w'-]*(?:{_STREET_SUFFIX})\s\d{{1,5}}(?:\s?[a-zA-Z]\b|-\d+)?"
)
_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_DATE = rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{4}}|\d{{1,2}}\s(?:{_MONTHS})\s\d{{4}})"
_BIRTH_DATE = re.compile(
    rf"(?i)(?:geboren|geb\.|geboortedatum|born|date of birth|dob)\D{{0,20}}?({_DATE})"
)
_PUPIL_NUMBER = re.compile(
    r"(?i)\b(?:leerling(?:nummer|nr)?|lln(?:r)?|leerlingnr|studentnummer|student)\.?"
    r"(?:\s*(?:nr\.?|nummer))?\s*[:#]?\s*(\d{5,8})\b"
)
_PARTICLES = r"(?:van|de|der|den|het|ten|ter|te|el|al|la|le|du|da|di|op|in|'t|v\.d\.)"
_CAPITALISED = r"[A-Z][a-zà-ÿ'-]+"
_NAME_WITH_PARTICLE = re.compile(
    rf"\b({_CAPITALISED})\s+((?:{_PARTICLES}\s+){{1,3}})({_CAPITALISED})"
)
_INITIALS = re.compile(rf"\b(?:[A-Z]\.\s?){{1,4}}(?:{_PARTICLES}\s+){{0,3}}{_CAPITALISED}")

# Capitalised words that start sentences or name institutions, never people.
STOP_WORDS = frozenset(
    [
        "De",
        "Het",
        "Een",
        "In",
        "Op",
        "Van",
        "Bij",
        "Na",
        "Voor",
        "Met",
        "Deze",
        "Die",
        "Dit",
        "Dat",
        "Wij",
        "Zij",
        "Ze",
        "Hij",
        "Ik",
        "We",
        "Onze",
        "Ons",
        "Ook",
        "Als",
        "Maar",
        "Toen",
        "Daarna",
        "Omdat",
        "Want",
        "Dus",
        "Wel",
        "Niet",
        "Geen",
        "Alle",
        "Veel",
        "Elke",
        "Iedere",
        "Over",
        "Uit",
        "Leerlingen",
        "Leerling",
        "Docenten",
        "Docent",
        "Ouders",
        "Ouder",
        "School",
        "Scholen",
        "Klas",
        "Klassen",
        "Groep",
        "Team",
        "Directie",
        "Mentor",
        "Mentoren",
        "Bovenbouw",
        "Onderbouw",
        "Afdeling",
        "Sectie",
        "Gemeente",
        "Provincie",
        "Universiteit",
        "Hogeschool",
        "Ministerie",
        "Inspectie",
        "Stichting",
        "Centrum",
        "College",
        "Lyceum",
        "Gymnasium",
        "Basisschool",
        "Schoolleider",
        "Schoolleiders",
        "Datateam",
        "Datacoach",
        "Netwerk",
        "Ministerie",
        "Rijks",
        "Universiteit",
        "The",
        "Of",
        "And",
        "For",
    ]
)

PLACEHOLDERS = {
    "name": "[naam]",
    "pupil_number": "[leerlingnummer]",
    "bsn": "[bsn]",
    "email": "[e-mail]",
    "phone": "[telefoon]",
    "birth_date": "[geboortedatum]",
    "postcode": "[postcode]",
    "address": "[adres]",
}

Span = tuple[int, int, str]


def scrub(
    text: str, *, names: Iterable[str] = (), pupil_numbers: Iterable[str] = ()
) -> ScrubResult:
    """Replace personal data in `text` by placeholders; findings list what was replaced."""
    detectors: list[Callable[[str], Iterator[Span]]] = [
        _regex(_EMAIL, "email"),
        _bsns,
        _regex(_BIRTH_DATE, "birth_date", group=1),
        _regex(_PHONE, "phone"),
        _regex(_POSTCODE, "postcode"),
        _regex(_ADDRESS, "address"),
        _regex(_PUPIL_NUMBER, "pupil_number", group=1),
        _known(pupil_numbers, "pupil_number"),
        _known_names(names),
        _pattern_names,
    ]
    spans = _resolve([span for detector in detectors for span in detector(text)])
    return _apply(text, spans)


def _regex(pattern: re.Pattern[str], kind: str, group: int = 0) -> Callable[[str], Iterator[Span]]:
    def detect(text: str) -> Iterator[Span]:
        for match in pattern.finditer(text):
            yield match.start(group), match.end(group), kind

    return detect


def _bsns(text: str) -> Iterator[Span]:
    for match in _BSN.finditer(text):
        if bsn_is_valid(match.group(1).replace(".", "")):
            yield match.start(1), match.end(1), "bsn"


def _known(values: Iterable[str], kind: str) -> Callable[[str], Iterator[Span]]:
    words = sorted({v.strip() for v in values if len(v.strip()) >= 2}, key=len, reverse=True)
    if not words:
        return lambda text: iter(())
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
    return _regex(pattern, kind)


def _known_names(names: Iterable[str]) -> Callable[[str], Iterator[Span]]:
    """Full names as given, and their parts that are capitalised and not ordinary words."""
    full = [name.strip() for name in names if name.strip()]
    parts = {
        part
        for name in full
        for part in name.split()
        if len(part) >= 3 and part[0].isupper() and part not in STOP_WORDS
    }
    return _known([*full, *parts], "name")


def _pattern_names(text: str) -> Iterator[Span]:
    for match in _NAME_WITH_PARTICLE.finditer(text):
        if match.group(1) not in STOP_WORDS and match.group(3) not in STOP_WORDS:
            yield match.start(), match.end(), "name"
    for match in _INITIALS.finditer(text):
        yield match.start(), match.end(), "name"


def _resolve(spans: list[Span]) -> list[Span]:
    """Drop spans that overlap an earlier-found (higher priority) or longer span."""
    ranked = sorted(enumerate(spans), key=lambda item: (item[0], -(item[1][1] - item[1][0])))
    chosen: list[Span] = []
    for _, span in ranked:
        if all(span[1] <= other[0] or span[0] >= other[1] for other in chosen):
            chosen.append(span)
    return sorted(chosen)


def _apply(text: str, spans: list[Span]) -> ScrubResult:
    pieces: list[str] = []
    findings: list[Finding] = []
    position = 0
    for start, end, kind in spans:
        replacement = PLACEHOLDERS[kind]
        pieces += [text[position:start], replacement]
        findings.append(Finding(kind, start, end, text[start:end], replacement))
        position = end
    pieces.append(text[position:])
    return ScrubResult("".join(pieces), findings)
