"""Names without particles or initials, and dates of birth without a keyword.

The first tests are the misses testers reported; each must be found in full. Dates are
judged against a fixed `today` where the outcome depends on the year, so the tests do not
change meaning as the calendar moves on.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casestudies.anonymisation import scrub
from casestudies.anonymisation.scrubbing.names import first_names

TODAY = date(2026, 11, 24)


def kinds(text: str, **options) -> list[str]:
    return [finding.kind for finding in scrub(text, **options).findings]


@pytest.mark.parametrize(
    ("text", "expected", "expected_kinds"),
    [
        (
            "Pietje Puk (12 maart 2011) uit 4B heeft moeite",
            "[naam] ([geboortedatum]) uit 4B heeft moeite",
            ["name", "birth_date"],
        ),
        ("Emma Bakker 2010-05-03", "[naam] [geboortedatum]", ["name", "birth_date"]),
        (
            "pupil John Smith born 2010-05-03",
            "pupil [naam] born [geboortedatum]",
            ["name", "birth_date"],
        ),
        ("Leerling Emma Bakker uit 3B", "Leerling [naam] uit 3B", ["name"]),
        ("Sanne de Vries 12-03-2011", "[naam] [geboortedatum]", ["name", "birth_date"]),
    ],
)
def test_the_reported_misses_are_found(text, expected, expected_kinds):
    assert scrub(text).text == expected
    assert kinds(text) == expected_kinds
    assert kinds(text, today=TODAY) == expected_kinds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Emma van den Berg kwam te laat.", "[naam] kwam te laat."),
        ("Gesprek met Lotte De Smet en Jeroen Vanden Bossche.", "Gesprek met [naam] en [naam]."),
        ("Mohammed El Amrani, Ayşe Demir en Ömer Çelik", "[naam], [naam] en [naam]"),
        ("Anne-Marie O'Brien belde.", "[naam] belde."),
        # Three words are one name, not "[naam] Bakker".
        ("Emma Sophie Bakker las voor.", "[naam] las voor."),
        ("- **Noah Jansen**: 6,8", "- **[naam]**: 6,8"),
        ("leerling Emma heeft moeite met breuken", "leerling [naam] heeft moeite met breuken"),
        ("De leerlingen Daan en Sem", "De leerlingen [naam] en Sem"),
        ("Pupil: Noah", "Pupil: [naam]"),
        ("student Julia haalde een 8", "student [naam] haalde een 8"),
    ],
)
def test_a_first_name_with_a_surname_or_after_leerling_is_a_name(text, expected):
    assert scrub(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        # A first name alone is too often an ordinary word or unclear.
        "Roos vond het lastig. Mark ook.",
        "Emma, kom je morgen ook?",
        # Institutions and sentence starts.
        "Het Baken College werkt met een datateam.",
        "Basisschool De Regenboog deed mee.",
        "Lerend netwerk Datagebruik Midden kwam samen.",
        "Goed idee, laten we dat doen.",
        "OBS Anne Frank en de Anne Frankschool, het Maria Montessori Lyceum.",
        "Het Emma Kinderziekenhuis hielp.",
        # A stop word or ordinary capitalised word after a first name is no surname.
        "Sanne Daarna ging het beter.",
        "Ben Je er morgen?",
        "Julia Dinsdag",
        "Emma ICT",
        # A line break is Markdown syntax: a heading and the paragraph below stay apart.
        "### Sem\nWiskunde ging goed.",
    ],
)
def test_first_names_alone_and_institutions_stay(text):
    assert scrub(text).text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date of birth: May 3, 2010", "date of birth: [geboortedatum]"),
        ("born 3 May 2010", "born [geboortedatum]"),
        ("born 3rd of May 2010", "born [geboortedatum]"),
        ("geboortedatum 2011-04-03", "geboortedatum [geboortedatum]"),
        ("geb.12-03-2011", "geb.[geboortedatum]"),
        ("geboren op 3 mrt. 2011", "geboren op [geboortedatum]"),
        # A keyword counts whatever the year.
        ("geboren op 03-04-1980", "geboren op [geboortedatum]"),
        # Pupil-aged years count without a keyword.
        ("Op 12 maart 2011 begon het.", "Op [geboortedatum] begon het."),
        ("Sinds 2014/09/01", "Sinds [geboortedatum]"),
        # Right after a name, any past date counts.
        ("Sanne de Vries 12-03-1990", "[naam] [geboortedatum]"),
        ("**Sanne de Vries** (3-4-2025)", "**[naam]** ([geboortedatum])"),
        ("| Sem Jansen | 3-4-2012 |", "| [naam] | [geboortedatum] |"),
    ],
)
def test_dates_of_birth_are_found(text, expected):
    assert scrub(text, today=TODAY).text == expected


def test_a_date_after_a_known_name_is_a_date_of_birth():
    text = "Sem: 01-02-1999"
    assert scrub(text, names=["Sem"], today=TODAY).text == "[naam]: [geboortedatum]"


@pytest.mark.parametrize(
    "text",
    [
        "We leveren het plan in voor 1 juli 2027.",
        "Op 12-03-2025 vergaderen we weer.",
        "De toets van 2024-06-14 ging goed.",
        "Het schooljaar 2023-2024 begon op 28-08-2023.",
        # Old dates are not pupils' birth dates.
        "De school bestaat sinds 1 september 1985.",
        # A deadline after a name is no birth date either.
        "Sanne de Vries, voor 1 juli 2027",
        # Impossible dates are no dates, also after a keyword.
        "geboren op 45-13-2011",
        "Code 31-02-2012",
    ],
)
def test_recent_future_old_and_impossible_dates_stay(text):
    assert [k for k in kinds(text, today=TODAY) if k == "birth_date"] == []


def test_the_first_names_are_loaded_once_and_hold_the_common_ones():
    assert first_names() is first_names()
    assert len(first_names()) >= 300
    assert {"Emma", "Sanne", "Pietje", "John", "Mohammed", "Noah", "Fenna", "Jeroen"} <= (
        first_names()
    )
    # Everyday words and months are left out on purpose.
    assert not {"May", "June", "April", "Hope", "De"} & first_names()


# --- Properties ---------------------------------------------------------------------------

MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"]
MONTHS_NL += ["september", "oktober", "november", "december"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August"]
MONTHS_EN += ["September", "October", "November", "December"]

FORMATS = [
    lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    lambda d: f"{d.day}-{d.month}-{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{d.day} {MONTHS_NL[d.month - 1]} {d.year}",
    lambda d: f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}",
    lambda d: f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}",
]
formats = st.sampled_from(FORMATS)
todays = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@st.composite
def pupil_birth_dates(draw):
    """A day 3 to 25 years before a `today`, in a year more than three years back."""
    today = draw(todays)
    earliest = date(today.year - 25, today.month, min(today.day, 28))
    latest = date(today.year - 4, 12, 31)
    return today, draw(st.dates(min_value=earliest, max_value=latest))


@st.composite
def recent_or_future_dates(draw):
    """A day at most three years before a `today`, or any day after it."""
    today = draw(todays)
    earliest = date(today.year - 3, 1, 1)
    return today, draw(st.dates(min_value=earliest, max_value=today + timedelta(days=3650)))


@given(pupil_birth_dates(), formats)
def test_any_pupil_aged_full_date_is_a_date_of_birth(case, fmt):
    today, born = case
    written = fmt(born)
    result = scrub(f"Vanaf {written} ging het mis.", today=today)
    assert [(f.kind, f.original) for f in result.findings] == [("birth_date", written)]


@given(recent_or_future_dates(), formats)
def test_no_recent_or_future_date_without_keyword_or_name_is_flagged(case, fmt):
    today, day = case
    text = f"Vergadering op {fmt(day)} om 15.00 uur."
    assert scrub(text, today=today).findings == []


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), formats, todays)
def test_a_birth_keyword_flags_any_valid_date(born, fmt, today):
    written = fmt(born)
    result = scrub(f"geboren op {written}", today=today)
    assert [(f.kind, f.original) for f in result.findings] == [("birth_date", written)]


@given(
    st.integers(min_value=32, max_value=99),
    st.integers(min_value=1, max_value=99),
    st.integers(min_value=1990, max_value=2020),
)
def test_impossible_day_or_month_is_never_a_date(day, month, year):
    assert scrub(f"geboren op {day}-{month}-{year}", today=TODAY).findings == []


@given(st.text(max_size=300))
def test_findings_always_point_into_the_original_text(text):
    result = scrub(text, today=TODAY)
    for finding in result.findings:
        assert text[finding.start : finding.end] == finding.original
    starts = [finding.start for finding in result.findings]
    assert starts == sorted(starts)
