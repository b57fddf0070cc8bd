"""Scrubbing personal data out of free text (case-study write-ups, in Markdown).

Detectors find spans; overlapping spans are resolved in favour of the earlier detector
(overlapping name finds are first joined into one longer span); replacements only ever
cover the words or digits themselves, so Markdown syntax around them survives.

Names are found by pattern (particles: "de Vries"; initials: "J. Smit"), by the names a
school passes in, and by a list of common first names (first_names.txt) followed by a
surname. Dates of birth are full dates after a keyword ("geboren", "born"), right after a
name, or with a year that makes the person pupil-aged.

Everything here runs on large texts too (whole case-study write-ups), so each detector is
one compiled regex pass plus constant work per match: no loop over the known first names,
no regex per name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

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


# Lookbehinds make each pattern start only where a run of its characters starts: trying
# every position inside a long run (digits, base64 in a Markdown image) is quadratic.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BSN = re.compile(r"(?<![\d.])(\d{4}\.?\d{2}\.?\d{3}|\d{9})(?![\d.]\d)")
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)3[12][\s-]?(?:\(0\)[\s-]?)?|0)\d(?:[\s-]?\d){7,8}(?!\d)"
)
_POSTCODE = re.compile(r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\b")
_STREET_SUFFIX = (
    "straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|pad|hof|dreef|baan|markt|"
    "park|erf|veld|wal|polder|ring|straatweg|lei|steenweg"
)
# At most four capitalised words before the street ("Prins Hendrik Laan 3"): an unbounded
# run made the pattern quadratic on long runs of capitalised words.
_ADDRESS = re.compile(
    rf"(?<![\w'-])(?:[A-Z][\w'-]*\s){{0,4}}[A-Z]?[\w'-]*(?:{_STREET_SUFFIX})\s\d{{1,5}}(?:\s?[a-zA-Z]\b|-\d+)?"
)
# Month names and abbreviations, Dutch and English, as they appear in written dates.
_MONTH_NUMBERS = {
    **dict.fromkeys(["januari", "january", "jan"], 1),
    **dict.fromkeys(["februari", "february", "feb", "febr"], 2),
    **dict.fromkeys(["maart", "march", "mrt", "mar"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mei", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul"], 7),
    **dict.fromkeys(["augustus", "august", "aug"], 8),
    **dict.fromkeys(["september", "sept", "sep"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nov"], 11),
    **dict.fromkeys(["december", "dec"], 12),
}
_MONTH = r"(?:" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\b\.?"
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
# Possessive quantifiers: a long run of spaces after the keyword with no number behind it
# would otherwise be retried at every split (seconds for a 10,000-character message).
_PUPIL_NUMBER = re.compile(
    r"(?i)\b(?:leerling(?:nummer|nr)?|lln(?:r)?|leerlingnr|studentnummer|student)\.?"
    r"(?:\s*+(?:nr\.?|nummer))?\s*+(?:[:#]\s*+)?(\d{5,8})\b"
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
# Words that end a school's or hospital's name; a "name" next to them is the institution's
# namesake ("Anne Frankschool", "Maria Montessori Lyceum", "Emma Kinderziekenhuis").
# fmt: off
_INSTITUTION_ENDINGS = (
    "school", "college", "lyceum", "gymnasium", "atheneum", "academie", "akademie",
    "instituut", "ziekenhuis", "kliniek", "centrum", "campus", "stichting", "universiteit",
    "mavo", "havo", "vwo", "vmbo",
)
# fmt: on
# Words before a namesake: school types and titles ("OBS Anne Frank", "Prinses Amalia").
# fmt: off
_INSTITUTION_BEFORE = frozenset([
    "OBS", "CBS", "RKBS", "PCBS", "KBS", "GBS", "IKC", "SBO", "SO", "VSO", "BS", "GO!",
    "Sint", "St.", "Prins", "Prinses", "Koning", "Koningin",
])
# fmt: on

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

# Days and months, capitalised: never a surname, also not after a particle ("op Maandag",
# "Vergadering op January 5, 2026").
# fmt: off
_CALENDAR_WORDS = frozenset([
    "Maandag", "Dinsdag", "Woensdag", "Donderdag", "Vrijdag", "Zaterdag", "Zondag",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
]) | frozenset(month.capitalize() for month in _MONTH_NUMBERS)
# Capitalised words that may follow a first name without being a surname, when no particle
# stands between them: sentence starts after a missing full stop, pronouns, greetings.
# ("Emma van der Haar" is a name: after a particle only stop and calendar words are out.)
_NOT_SURNAMES = STOP_WORDS | _CALENDAR_WORDS | frozenset([
    "En", "Of", "Is", "Was", "Ja", "Nee", "Je", "Jij", "U", "Jullie", "Mijn", "Jouw",
    "Zijn", "Haar", "Hun", "Er", "Nu", "Dan", "Wat", "Wie", "Waar", "Hoe", "Waarom",
    "Wanneer", "Welke", "Goed", "Prima", "Top", "Dank", "Bedankt", "Graag", "Hoi", "Hallo",
    "Hey", "Dag", "Beste", "Groet", "Groeten", "Morgen", "Vandaag", "Gisteren", "Volgende",
    "Vorige", "Zie", "Kijk", "Let", "Nog", "Toch", "Zo", "Even", "Eerst", "Later", "Straks",
    "Samen", "Alleen", "Hierna", "Daarom", "Verder", "Tot", "Sinds", "Vanaf", "Tijdens",
    "Zonder", "Per", "I", "You", "He", "She", "They", "It", "His", "Her", "Has", "Had",
    "Will", "Can", "Not", "But", "Yes", "No", "Hi", "Hello", "Thanks", "Today", "Tomorrow",
    "Yesterday", "Next", "See", "Then", "After", "Before",
])
# fmt: on
_NOT_SURNAMES_AFTER_PARTICLE = STOP_WORDS | _CALENDAR_WORDS

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
    text: str,
    *,
    names: Iterable[str] = (),
    pupil_numbers: Iterable[str] = (),
    today: date | None = None,
) -> ScrubResult:
    """Replace personal data in `text` by placeholders; findings list what was replaced.

    `today` (default: the current date) decides which dates without a keyword are old
    enough to be a pupil's date of birth; tests pass it to stay independent of the clock.
    """
    found_names = _names(text, names)
    name_ends = {end for _, end, _ in found_names}
    detectors: list[Callable[[str], Iterable[Span]]] = [
        _regex(_EMAIL, "email"),
        _bsns,
        _birth_dates(today or date.today(), name_ends),
        _regex(_PHONE, "phone"),
        _regex(_POSTCODE, "postcode"),
        _regex(_ADDRESS, "address"),
        _regex(_PUPIL_NUMBER, "pupil_number", group=1),
        _known(pupil_numbers, "pupil_number"),
        lambda _: found_names,
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
        surname = match.group(3)
        if (
            match.group(1) not in STOP_WORDS
            and surname not in STOP_WORDS
            and surname not in _CALENDAR_WORDS
        ):
            yield match.start(), match.end(), "name"
    for match in _INITIALS.finditer(text):
        yield match.start(), match.end(), "name"


def _names(text: str, known: Iterable[str]) -> list[Span]:
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
    excluded = _NOT_SURNAMES_AFTER_PARTICLE if after_particle else _NOT_SURNAMES
    return word[0].isupper() and not word.isupper() and word not in excluded


def _is_institution_word(word: str, *, before: bool = False) -> bool:
    return word.lower().endswith(_INSTITUTION_ENDINGS) or (before and word in _INSTITUTION_BEFORE)


def _word_before(text: str, start: int) -> str:
    match = _WORD_BEFORE.search(text, max(0, start - _WINDOW), start)
    return match.group(1) if match else ""


def _word_after(text: str, end: int) -> str:
    match = _WORD_AFTER.match(text, end, end + _WINDOW)
    return match.group(1) if match else ""


def _birth_dates(today: date, name_ends: set[int]) -> Callable[[str], Iterator[Span]]:
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
        number = _MONTH_NUMBERS.get(month.rstrip(".").lower()) or int(month)
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


def _resolve(spans: list[Span]) -> list[Span]:
    """Drop spans that overlap an earlier-found (higher priority) span.

    Chosen spans never overlap, so sorted by start they are sorted by end too, and one
    binary search finds the only neighbours a new span could overlap.
    """
    starts: list[int] = []
    chosen: list[Span] = []
    for span in spans:
        index = bisect_right(starts, span[0])
        if index > 0 and chosen[index - 1][1] > span[0]:
            continue
        if index < len(chosen) and chosen[index][0] < span[1]:
            continue
        starts.insert(index, span[0])
        chosen.insert(index, span)
    return chosen


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
