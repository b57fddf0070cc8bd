"""Spans (start, end, kind) and the two simple detectors that find them: a pattern, and a
list of known values such as a school's pupil numbers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

Span = tuple[int, int, str]
Detector = Callable[[str], Iterator[Span]]


def pattern_detector(pattern: re.Pattern[str], kind: str, group: int = 0) -> Detector:
    def detect(text: str) -> Iterator[Span]:
        for match in pattern.finditer(text):
            yield match.start(group), match.end(group), kind

    return detect


def known_detector(values: Iterable[str], kind: str) -> Detector:
    words = sorted({v.strip() for v in values if len(v.strip()) >= 2}, key=len, reverse=True)
    if not words:
        return lambda text: iter(())
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
    return pattern_detector(pattern, kind)
