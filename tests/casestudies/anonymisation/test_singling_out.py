"""Statements that single out pupils without a name: a corpus of Dutch sentences that must
be held and sentences that must pass, written for this purpose (synthetic), judged in both
directions. The figures go to docs/privacy.md; run this file with `-s` to print them."""

from __future__ import annotations

import pytest

from casestudies.anonymisation import singling_out

MUST_HOLD = [
    "In klas 3B zijn 2 zittenblijvers, allebei met dyslexie.",
    "De enige zittenblijver in havo 4B is de zoon van de conciërge.",
    "In groep 7 zitten drie leerlingen met een OPP.",
    "Twee meisjes uit 2A hebben ADHD.",
    "De enige leerling met autisme in klas 1C krijgt een eigen rooster.",
    "Klas 4H heeft maar 1 leerling die is blijven zitten.",
    "In mentorgroep 3 zijn vier nieuwkomers uit Syrië.",
    "De dochter van de directeur zit in vwo 5 en haalt onvoldoendes.",
    "Drie jongens in groep 8 hebben een islamitische achtergrond.",
    "Het enige meisje in de techniekklas wil stoppen.",
    "Bij ons zijn 2 leerlingen in groep 6 gediagnosticeerd met dyscalculie.",
    "Eén leerling in 3B is moslim en vast tijdens de toetsweek.",
    "Onze twee Marokkaanse leerlingen in klas 2C scoren laag op begrijpend lezen.",
    "De leerling in havo 3A met ADHD gebruikt medicatie.",
    "In brugklas 1D zitten 3 kinderen met een migratieachtergrond.",
    "Als enige van groep 8 kreeg hij een vmbo-advies.",
    "De zoon van onze mentor is blijven zitten in 4V.",
    "In de plusklas zitten twee hoogbegaafde kinderen met autisme.",
    "Groep 5 heeft 4 leerlingen met een ontwikkelingsperspectief.",
    "Van de zittenblijvers in havo 4 zijn er twee dyslectisch.",
    "Het enige meisje met een hoofddoek in klas 2B wordt gepest.",
    "Twee broertjes uit groep 3 zijn vluchteling.",
    "In 5 vwo zijn 2 leerlingen zwanger.",
    "Klas 1B heeft één leerling met het syndroom van Down.",
    "De drie Turkse jongens in 3 havo spijbelen vaak.",
    "Beide leerlingen in groep 4 met epilepsie hebben een noodplan.",
    "In 6B zitten maar twee zittenblijvers.",
    "De enige nieuwkomer op onze school komt uit Eritrea.",
    "Er zijn er in klas 2 maar 3 die het examen niet haalden.",
    "De tweeling in groep 7 heeft allebei een OPP.",
    "Het kind van de wethouder zit in groep 8 en heeft dyslexie.",
    "Vier leerlingen uit klas 3A hebben een joodse achtergrond.",
    "Slechts 1 leerling van de 28 in havo 4B haalde een voldoende.",
    "Onze enige leerling met diabetes in groep 6 mag tussendoor eten.",
]

MUST_PASS = [
    "Ons dyslexiebeleid in de onderbouw werkt goed.",
    "In klas 3 zitten 28 leerlingen.",
    "Leerlingen met dyslexie krijgen extra tijd bij toetsen.",
    "We hebben dit jaar 12 zittenblijvers in havo 4.",
    "Twee keer per week krijgen de leerlingen extra leesles.",
    "De enige manier om dit op te lossen is samen plannen.",
    "Een leerling met ADHD heeft baat bij structuur in de les.",
    "In groep 7 hebben we drie nieuwe methodes uitgeprobeerd.",
    "Het percentage zittenblijvers daalde van 8 naar 5 procent.",
    "Onze school heeft veel leerlingen met een migratieachtergrond.",
    "We willen het OPP-proces in de hele school verbeteren.",
    "In havo 4 zijn 35 leerlingen blijven zitten over drie jaar.",
    "De klas van 3B deed mee aan de pilot met 27 leerlingen.",
    "Hoe gaan jullie om met leerlingen met autisme in de brugklas?",
    "Vier docenten van de sectie Nederlands volgen een training.",
    "We hebben 2 klassen in groep 8 dit jaar.",
    "Begrijpend lezen is het enige vak waar we achterblijven.",
    "In alle vwo-klassen stijgt het aantal leerlingen met dyscalculie.",
    "Twee scholen in ons netwerk werken met een plusklas.",
    "De mentor van klas 2A organiseert een ouderavond.",
    "In groep 3 gebruiken we vanaf september een nieuwe leesmethode.",
    "Drie van onze vier datateams hebben hun doel gehaald.",
    "Het aantal leerlingen met een OPP is dit jaar 14.",
    "Zijn er scholen die ervaring hebben met islamitische feestdagen in de jaarplanning?",
    "Klas 4 telt 31 leerlingen, van wie 9 zijn blijven zitten.",
    "Onze enige zorg is de doorstroom naar havo 4.",
    "De leerlingen in groep 5 lezen elke dag twintig minuten.",
    "We zien dat meisjes in havo 4 vaker doubleren dan jongens.",
    "Eén op de vijf leerlingen haalt de norm niet.",
    "Twee collega's met dyslexie vertelden over hun ervaringen.",
    "Per klas zijn er gemiddeld 3 leerlingen met een dyslexieverklaring.",
    "In de onderbouw werken we met niveaugroepen voor rekenen.",
    "De resultaten van groep 8 op de doorstroomtoets waren goed.",
    "Hoeveel leerlingen met een OPP hebben jullie in de bovenbouw?",
]

# What the rules cannot tell apart, kept in the corpus so the figures stay honest: a count
# after the fact without a pupil word, and an average per class.
KNOWN_MISSES = {"Er zijn er in klas 2 maar 3 die het examen niet haalden."}
KNOWN_FALSE_ALARMS = {"Per klas zijn er gemiddeld 3 leerlingen met een dyslexieverklaring."}


def held(sentence: str) -> bool:
    return bool(singling_out(sentence))


def test_the_corpus_is_large_enough_and_balanced():
    assert len(MUST_HOLD) >= 30
    assert len(MUST_PASS) >= 30
    assert not set(MUST_HOLD) & set(MUST_PASS)


@pytest.mark.parametrize("sentence", [s for s in MUST_HOLD if s not in KNOWN_MISSES])
def test_a_sentence_that_singles_out_pupils_is_found(sentence: str):
    assert held(sentence)


@pytest.mark.parametrize("sentence", [s for s in MUST_PASS if s not in KNOWN_FALSE_ALARMS])
def test_a_general_sentence_passes(sentence: str):
    assert not held(sentence), singling_out(sentence)


def test_precision_and_recall_on_the_corpus():
    true_positives = sum(held(s) for s in MUST_HOLD)
    false_positives = sum(held(s) for s in MUST_PASS)
    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / len(MUST_HOLD)
    print(
        f"\nsingling out: {len(MUST_HOLD)} to hold, {len(MUST_PASS)} to pass; "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )
    assert {s for s in MUST_HOLD if not held(s)} == KNOWN_MISSES
    assert {s for s in MUST_PASS if held(s)} == KNOWN_FALSE_ALARMS


def test_each_concern_names_its_kind_and_quotes_the_words():
    concerns = singling_out(MUST_HOLD[0] + " " + MUST_HOLD[1])
    assert [(c.kind, c.original) for c in concerns] == [
        ("small_group", "2 zittenblijvers"),
        ("special_category", "dyslexie"),
        ("only_one", "De enige zittenblijver"),
        ("relation", "zoon van de conciërge"),
    ]
    text = MUST_HOLD[0]
    assert all(text[c.start : c.end] == c.original for c in singling_out(text))
