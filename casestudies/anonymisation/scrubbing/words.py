"""The word lists the scrubber reads names and dates by: month names, capitalised words
that are never a person's name, and the words around an institution's namesake."""

from __future__ import annotations

# Month names and abbreviations, Dutch and English, as they appear in written dates.
MONTH_NUMBERS = {
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
# Words that end a school's or hospital's name; a "name" next to them is the institution's
# namesake ("Anne Frankschool", "Maria Montessori Lyceum", "Emma Kinderziekenhuis").
# fmt: off
INSTITUTION_ENDINGS = (
    "school", "college", "lyceum", "gymnasium", "atheneum", "academie", "akademie",
    "instituut", "ziekenhuis", "kliniek", "centrum", "campus", "stichting", "universiteit",
    "mavo", "havo", "vwo", "vmbo",
)
# fmt: on
# Words before a namesake: school types and titles ("OBS Anne Frank", "Prinses Amalia").
# fmt: off
INSTITUTION_BEFORE = frozenset([
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
CALENDAR_WORDS = frozenset([
    "Maandag", "Dinsdag", "Woensdag", "Donderdag", "Vrijdag", "Zaterdag", "Zondag",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
]) | frozenset(month.capitalize() for month in MONTH_NUMBERS)
# Capitalised words that may follow a first name without being a surname, when no particle
# stands between them: sentence starts after a missing full stop, pronouns, greetings.
# ("Emma van der Haar" is a name: after a particle only stop and calendar words are out.)
NOT_SURNAMES = STOP_WORDS | CALENDAR_WORDS | frozenset([
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
NOT_SURNAMES_AFTER_PARTICLE = STOP_WORDS | CALENDAR_WORDS
