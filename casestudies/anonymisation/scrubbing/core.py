"""The scrubber: every detector's spans, resolved in order of priority, then replaced."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from .dates import birth_dates
from .identifiers import ADDRESS, EMAIL, PHONE, POSTCODE, PUPIL_NUMBER, bsns
from .names import find_names
from .spans import Span, known_detector, pattern_detector


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
    found_names = find_names(text, names)
    name_ends = {end for _, end, _ in found_names}
    detectors: list[Callable[[str], Iterable[Span]]] = [
        pattern_detector(EMAIL, "email"),
        bsns,
        birth_dates(today or date.today(), name_ends),
        pattern_detector(PHONE, "phone"),
        pattern_detector(POSTCODE, "postcode"),
        pattern_detector(ADDRESS, "address"),
        pattern_detector(PUPIL_NUMBER, "pupil_number", group=1),
        known_detector(pupil_numbers, "pupil_number"),
        lambda _: found_names,
    ]
    spans = _resolve([span for detector in detectors for span in detector(text)])
    return _apply(text, spans)


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
