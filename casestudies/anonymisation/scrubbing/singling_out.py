"""Statements that single out pupils without naming them, in Dutch: a class or group with
fewer than five of them ("in klas 3B zijn 2 zittenblijvers"), the only one of a kind
("de enige zittenblijver in havo 4B"), a pupil named through a relative ("de zoon van de
conciërge"), and special categories of personal data (AVG art. 9: health and diagnoses,
religion, ethnic origin) about such a small group or one pupil.

General statements pass: a policy ("ons dyslexiebeleid"), a count of five or more ("in klas
3 zitten 28 leerlingen"), a kind of pupil in general ("leerlingen met dyslexie krijgen
extra tijd"). Each sentence is judged on its own. The patterns are word lists and short
windows, not a parser: docs/privacy.md gives their precision and recall on the corpus in
tests/casestudies/anonymisation/test_singling_out.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

SMALL_GROUP = "small_group"
ONLY_ONE = "only_one"
RELATION = "relation"
SPECIAL_CATEGORY = "special_category"

_PUPIL = (
    r"(?:leerling(?:en)?|kind(?:eren)?|zittenblijver(?:s)?|doubleur(?:s)?|jongen(?:s)?|"
    r"meisje(?:s)?|scholier(?:en)?|pupil(?:s)?|nieuwkomer(?:s)?|zij-?instromer(?:s)?|"
    r"kleuter(?:s)?|broertje(?:s)?|zusje(?:s)?|tweeling|vluchtelingetje(?:s)?)"
)
# Fewer than five, not the number of a class ("klas 3", "havo 4"). "een" is left out:
# unaccented, it is nearly always the article ("Eén" is how "één" starts a sentence).
_SMALL = (
    r"(?<!klas )(?<!groep )(?<!havo )(?<!vwo )(?<!vmbo )(?<!leerjaar )"
    r"(?:[1-4]|één|eén|twee|drie|vier)"
)
_GROUP = (
    r"(?:\b\w*(?:klas|groep)\s*+\d?[a-z]?\b|\b(?:leerjaar|havo|vwo|vmbo|atheneum|gymnasium)"
    r"\s*+\d\s*+[a-z]?\d?\b|\b\d\s*+(?:havo|vwo|vmbo)\b|\b(?:in|uit|van)\s+[1-8][A-Z]{1,2}\d?\b)"
)
# Up to two words between a number or article and the pupils ("drie Turkse jongens").
_ADJECTIVES = r"(?:[^\W\d_][\w-]*\s+){0,2}?"

# A small number of pupils: "2 zittenblijvers", "drie Turkse jongens", "zijn er maar twee",
# and "allebei" / "beiden" after pupils.
_SMALL_COUNT = re.compile(
    rf"(?i)\b(?:slechts\s+|maar\s+|nog\s+)?{_SMALL}\s+{_ADJECTIVES}{_PUPIL}\b"
    rf"|\b(?:zijn|waren|zitten|hebben)\s+er\s+(?:maar\s+|slechts\s+|nog\s+)?{_SMALL}\b"
    r"|\b(?:allebei|beiden|beide\s+" + _PUPIL + r")\b"
    r"|\btweeling\b"
)
_GROUP_REF = re.compile(rf"(?i){_GROUP}")
_ONLY_ONE = re.compile(
    rf"(?i)\b(?:de|het|als|onze|jullie|hun)\s+enige\s+{_ADJECTIVES}{_PUPIL}\b"
    rf"|\bals\s+enige\s+(?:van|in|uit)\s+(?:de\s+)?(?:{_GROUP})"
    rf"|\b(?:de|het|als|onze)\s+enige\b(?=[^.!?]{{0,60}}\b{_PUPIL}\b)"
)
_ROLES = (
    r"(?:conciërge|concierge|directeur|directrice|rector|conrector|mentor|mentrix|docent|"
    r"\w+docent|leraar|lerares|juf|meester|teamleider|collega|wethouder|burgemeester|"
    r"schoolleider|coördinator|adjunct|voorzitter|administrateur|zorgcoördinator|"
    r"intern\s+begeleider|ib-er|buurman|buurvrouw)"
)
_RELATION = re.compile(
    r"(?i)\b(?:zoon|zoontje|dochter|dochtertje|kind|broer(?:tje)?|zus(?:je)?|neef(?:je)?|"
    r"nicht(?:je)?|pleegkind|stiefzoon|stiefdochter)\s+van\s+(?:de|onze|een|het|mijn|jullie|"
    rf"hun)\s+(?:[\w-]+\s+)?{_ROLES}\b"
)
# One pupil in particular: "de leerling in havo 3A", "het meisje uit groep 6".
_ONE_PUPIL = re.compile(
    rf"(?i)\b(?:de|deze|die|dat|dit|het)\s+{_ADJECTIVES}(?:leerling|jongen|meisje|kind|"
    rf"scholier|nieuwkomer|zittenblijver|kleuter)\b"
)
_SPECIAL = re.compile(
    r"(?i)\b(?:dyslex\w*|dyslect\w*|dyscalcul\w*|adhd|add|autis\w*|ass|pdd-nos|opp|"
    r"ontwikkelingsperspectief\w*|tos|depress\w*|angststoornis\w*|diabetes|epilep\w*|"
    r"chronisch\s+ziek|gedragsstoornis\w*|odd|syndroom\s+van\s+down|downsyndroom|"
    r"hoogbegaafd\w*|beperking\w*|medicatie|ritalin|zwanger\w*|"
    r"moslim\w*|islamitisch\w*|joods\w*|jood|christelijk\w*|katholiek\w*|protestant\w*|"
    r"hindoe\w*|boeddhist\w*|gelovig\w*|hoofddoek\w*|"
    r"marokkaans\w*|turks\w*|turk|surinaams\w*|antilliaans\w*|syrisch\w*|syrië|eritrees\w*|"
    r"eritrea|pools\w*|migratieachtergrond|allochto\w*|vluchteling\w*|asielzoeker\w*|"
    r"roma|etniciteit|huidskleur|nationaliteit)\b"
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


@dataclass(frozen=True)
class Concern:
    """A stretch of text that singles out pupils, and why."""

    kind: str
    start: int
    end: int
    original: str


def singling_out(text: str) -> list[Concern]:
    """What in `text` singles out pupils, one concern per sentence and kind."""
    return [concern for sentence in _SENTENCE.finditer(text) for concern in _judge(sentence)]


def _judge(sentence: re.Match[str]) -> Iterator[Concern]:
    text, offset = sentence.group(), sentence.start()
    group = _GROUP_REF.search(text)
    small = _SMALL_COUNT.search(text)
    only_one = _ONLY_ONE.search(text)
    relation = _RELATION.search(text)
    one_pupil = _ONE_PUPIL.search(text) if group else None
    if small and group:
        yield _concern(SMALL_GROUP, small, offset)
    if only_one:
        yield _concern(ONLY_ONE, only_one, offset)
    if relation:
        yield _concern(RELATION, relation, offset)
    special = _SPECIAL.search(text)
    if special and (small or only_one or relation or one_pupil):
        yield _concern(SPECIAL_CATEGORY, special, offset)


def _concern(kind: str, match: re.Match[str], offset: int) -> Concern:
    return Concern(kind, offset + match.start(), offset + match.end(), match.group().strip())
