from __future__ import annotations

import datetime

import pytest

from casestudies.anonymisation import scrub


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gesprek met Jan van der Berg over zijn cijfers.",
            "Gesprek met [naam] over zijn cijfers.",
        ),
        ("Fatima el Amrani kwam te laat.", "[naam] kwam te laat."),
        ("Mentor: J. de Vries.", "Mentor: [naam]."),
        (
            "leerlingnummer 1234567 is uitgeschreven",
            "leerlingnummer [leerlingnummer] is uitgeschreven",
        ),
        ("BSN 111222333 staat in het dossier", "BSN [bsn] staat in het dossier"),
        ("Mail naar ouder@example.nl", "Mail naar [e-mail]"),
        ("Bel 06-12345678 of +32 470 12 34 56", "Bel [telefoon] of [telefoon]"),
        ("geboren op 03-04-2011", "geboren op [geboortedatum]"),
        ("woont in 3511 AB", "woont in [postcode]"),
        ("woont aan de Dorpsstraat 12a", "woont aan de [adres]"),
    ],
)
def test_it_replaces_personal_data_with_placeholders(text, expected):
    assert scrub(text).text == expected


def test_it_replaces_known_names_and_their_parts():
    result = scrub("Daarna sprak Sem met Bakker.", names=["Sem Bakker"])
    assert result.text == "Daarna sprak [naam] met [naam]."


def test_it_reports_findings_with_offsets_into_the_original():
    text = "Mail ouder@example.nl nu."
    finding = scrub(text).findings[0]
    assert (finding.kind, finding.original, finding.replacement) == (
        "email",
        "ouder@example.nl",
        "[e-mail]",
    )
    assert text[finding.start : finding.end] == finding.original


def test_it_keeps_markdown_syntax_intact():
    text = "## Aanpak\n\n- **Jan van der Berg**: [verslag](https://example.nl/x)\n"
    assert scrub(text).text == "## Aanpak\n\n- **[naam]**: [verslag](https://example.nl/x)\n"


@pytest.mark.parametrize(
    "text",
    [
        "De leerlingen van de Bovenbouw maakten de toets.",
        "Het datateam van de School koos een doel.",
        "In 2023 deden 120 leerlingen examen; 9 van de 10 slaagden.",
        "Het schooljaar 2023-2024 begon op 28-08-2023.",
    ],
)
def test_it_leaves_ordinary_dutch_sentences_alone(text):
    # On a fixed day: a full date 4 to 25 years back reads as a pupil's date of birth.
    assert scrub(text, today=datetime.date(2026, 11, 24)).text == text
