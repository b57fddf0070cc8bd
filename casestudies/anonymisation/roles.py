"""Column roles, suggested from Dutch and English column names and from the values.

The default must be safe: a column that could identify a pupil and is not recognised is
dropped (`direct`) rather than kept, and the reason says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from .errors import InputError
from .values import bsn_is_valid, parse_date, parse_number


class Role(StrEnum):
    DIRECT = "direct"
    PSEUDONYM = "pseudonym"
    QUASI = "quasi"
    SENSITIVE = "sensitive"
    KEEP = "keep"


@dataclass(frozen=True)
class RoleSuggestion:
    column: str
    role: Role
    reason: str


# Pupil identifiers: the ones a caller may ask to pseudonymise instead of drop.
_IDENTIFIERS = [
    "leerlingnummer",
    "leerlingnr",
    "llnr",
    "llnnr",
    "lln",
    "studentnummer",
    "studentnr",
    "studentid",
    "student",
    "pupilid",
    "pupilnumber",
    "id",
    "bsn",
    "burgerservicenummer",
    "sofinummer",
    "onderwijsnummer",
    "pgn",
]
_DIRECT_NAMES = [
    "naam",
    "namen",
    "voornaam",
    "voornamen",
    "roepnaam",
    "tussenvoegsel",
    "tussenvoegsels",
    "achternaam",
    "geslachtsnaam",
    "volledigenaam",
    "name",
    "firstname",
    "givenname",
    "lastname",
    "surname",
    "familyname",
    "fullname",
    "email",
    "emailadres",
    "mail",
    "mailadres",
    "telefoon",
    "telefoonnummer",
    "tel",
    "mobiel",
    "mobielnummer",
    "gsm",
    "phone",
    "phonenumber",
    "mobile",
    "adres",
    "address",
    "straat",
    "straatnaam",
    "street",
    "huisnummer",
    "housenumber",
    "huisnr",
    "toevoeging",
    "iban",
    "rekeningnummer",
    "ouder",
    "ouders",
    "verzorger",
    "contactpersoon",
]
_DIRECT_PARTS = ("naam", "name", "mail", "telefoon", "phone", "adres", "address", "bsn")
_QUASI_NAMES = [
    "geboortedatum",
    "gebdatum",
    "geboortedag",
    "geboortejaar",
    "geboortemaand",
    "dateofbirth",
    "birthdate",
    "birthday",
    "dob",
    "leeftijd",
    "age",
    "geslacht",
    "gender",
    "sex",
    "postcode",
    "postalcode",
    "zipcode",
    "zip",
    "woonplaats",
    "plaats",
    "city",
    "gemeente",
    "municipality",
    "klas",
    "klasnaam",
    "class",
    "groep",
    "group",
    "leerjaar",
    "jaar",
    "year",
    "schooljaar",
    "niveau",
    "level",
    "afdeling",
    "department",
    "opleiding",
    "track",
    "profiel",
    "nationaliteit",
    "nationality",
    "geboorteland",
    "land",
    "country",
    "herkomst",
    "schooladvies",
    "advies",
    "stroom",
    "sector",
    "locatie",
    "vestiging",
    "cohort",
    "instroomjaar",
]
_SENSITIVE_PARTS = [
    "cijfer",
    "gemiddeld",
    "score",
    "verzuim",
    "absent",
    "absence",
    "afwezig",
    "ziek",
    "zittenblijven",
    "doublure",
    "gedoubleerd",
    "zorg",
    "ondersteuning",
    "lwoo",
    "diagnose",
    "dyslexie",
    "dyscalculie",
    "resultaat",
    "grade",
    "toets",
    "uitslag",
    "geslaagd",
    "welbevinden",
]

_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_PHONE = re.compile(r"^(\+31|\+32|0031|0032|0)[\s-]?\d([\s-]?\d){7,9}$")
_POSTCODE = re.compile(r"^[1-9]\d{3}\s?[A-Za-z]{2}$")
_HIGHLY_UNIQUE = 0.9
_SAMPLE = 20_000


def normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def suggest_roles(
    frame: pd.DataFrame,
    *,
    identifier_role: Role = Role.DIRECT,
    overrides: Mapping[str, Role] | None = None,
) -> dict[str, RoleSuggestion]:
    """A role and a reason for every column; `identifier_role` applies to pupil numbers.

    Columns in `overrides` take the caller's role without their values being looked at.
    """
    given = dict(overrides or {})
    unknown = sorted(set(given) - {str(name) for name in frame.columns})
    if unknown:
        raise InputError(f"Column '{unknown[0]}' (given a role) is not in the file.")
    return {
        str(name): RoleSuggestion(str(name), given[str(name)], "set by the user")
        if str(name) in given
        else _suggest(str(name), frame[name], identifier_role)
        for name in frame.columns
    }


def _suggest(column: str, values: pd.Series, identifier_role: Role) -> RoleSuggestion:
    by_name = _by_name(column, identifier_role)
    if by_name is not None:
        return by_name
    return _by_values(column, values)


def _by_name(column: str, identifier_role: Role) -> RoleSuggestion | None:
    key = normalise(column)
    if key in _IDENTIFIERS:
        return RoleSuggestion(column, identifier_role, "name looks like a pupil identifier")
    direct = key in _DIRECT_NAMES or any(part in key for part in _DIRECT_PARTS)
    if direct and key not in _QUASI_NAMES:
        return RoleSuggestion(column, Role.DIRECT, "name looks like a name, contact or address")
    if key in _QUASI_NAMES or key.startswith("geboorte"):
        return RoleSuggestion(column, Role.QUASI, "name looks like a quasi-identifier")
    if any(part in key for part in _SENSITIVE_PARTS):
        return RoleSuggestion(column, Role.SENSITIVE, "name looks like results or absence")
    return None


def _filled_counts(values: pd.Series) -> pd.Series:
    """How often each non-empty (stripped) value occurs; the work is on distinct values."""
    counts = values.astype(str).value_counts(sort=False)
    stripped = counts.groupby(counts.index.str.strip(), sort=False).sum()
    return stripped[stripped.index != ""]


def _by_values(column: str, values: pd.Series) -> RoleSuggestion:
    counts = _filled_counts(values)
    if counts.empty:
        return RoleSuggestion(column, Role.KEEP, "column is empty")
    # The share tests look at a spread-out sample when a column has very many values.
    sample = counts if len(counts) <= _SAMPLE else _filled_counts(_spread(values))
    checks = (
        (bsn_is_valid, Role.DIRECT, "values are BSNs (pass the 11-check)"),
        (lambda v: bool(_EMAIL.match(v)), Role.DIRECT, "values are e-mail addresses"),
        (lambda v: bool(_PHONE.match(v)), Role.DIRECT, "values are phone numbers"),
        (lambda v: bool(_POSTCODE.match(v)), Role.QUASI, "values are postcodes"),
        (lambda v: parse_date(v) is not None, Role.QUASI, "values are dates (birth dates?)"),
    )
    total = int(sample.sum())
    for check, role, reason in checks:
        hits = np.fromiter((check(str(v)) for v in sample.index), bool, len(sample))
        if int(sample.to_numpy()[hits].sum()) >= 0.8 * total:
            return RoleSuggestion(column, role, reason)
    return _by_spread(column, counts)


def _spread(values: pd.Series) -> pd.Series:
    positions = np.linspace(0, len(values) - 1, _SAMPLE).astype(np.int64)
    return values.iloc[np.unique(positions)]


def _by_spread(column: str, counts: pd.Series) -> RoleSuggestion:
    """Exact, on all values: uniqueness over the rows, and numbers throughout."""
    records = int(counts.sum())
    if records >= 5 and len(counts) / records >= _HIGHLY_UNIQUE:
        return RoleSuggestion(
            column, Role.DIRECT, "unrecognised and almost unique per row: dropped to be safe"
        )
    if all(parse_number(str(v)) is not None for v in counts.index):
        return RoleSuggestion(column, Role.SENSITIVE, "unrecognised numbers: kept as sensitive")
    return RoleSuggestion(
        column, Role.QUASI, "unrecognised categories: treated as quasi-identifier to be safe"
    )


def parse_role_overrides(text: str) -> dict[str, Role]:
    """`"Col=role,Other=role"` as given on a command line."""
    overrides: dict[str, Role] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        column, separator, role = item.rpartition("=")
        if not separator or not column.strip():
            raise InputError(f"Role '{item}' is not of the form Column=role.")
        try:
            overrides[column.strip()] = Role(role.strip().lower())
        except ValueError:
            choices = ", ".join(r.value for r in Role)
            raise InputError(f"Role '{role}' for '{column}' is not one of {choices}.") from None
    return overrides


def apply_overrides(
    suggestions: Mapping[str, RoleSuggestion], overrides: Mapping[str, Role]
) -> dict[str, RoleSuggestion]:
    """The suggestions with the caller's choices in place; unknown columns are an error."""
    unknown = sorted(set(overrides) - set(suggestions))
    if unknown:
        raise InputError(f"Column '{unknown[0]}' (given a role) is not in the file.")
    result = dict(suggestions)
    for column, role in overrides.items():
        result[column] = RoleSuggestion(column, role, "set by the user")
    return result
