from __future__ import annotations

import pandas as pd
import pytest

from casestudies.anonymisation import (
    InputError,
    Role,
    apply_overrides,
    parse_role_overrides,
    suggest_roles,
)


def test_it_suggests_roles_from_dutch_column_names(pupils):
    roles = {column: s.role for column, s in suggest_roles(pupils).items()}
    assert roles == {
        "leerlingnummer": Role.DIRECT,
        "voornaam": Role.DIRECT,
        "achternaam": Role.DIRECT,
        "geboortedatum": Role.QUASI,
        "geslacht": Role.QUASI,
        "postcode": Role.QUASI,
        "klas": Role.QUASI,
        "cijfer": Role.SENSITIVE,
    }


def test_it_pseudonymises_pupil_numbers_when_asked(pupils):
    suggestions = suggest_roles(pupils, identifier_role=Role.PSEUDONYM)
    assert suggestions["leerlingnummer"].role is Role.PSEUDONYM
    assert suggestions["voornaam"].role is Role.DIRECT


@pytest.mark.parametrize(
    ("values", "role", "reason"),
    [
        (["111222333", "123456782", "111222333"], Role.DIRECT, "BSN"),
        (["a@school.nl", "b@school.nl", "c@x.be"], Role.DIRECT, "e-mail"),
        (["06-12345678", "0612345678", "+31 6 12345678"], Role.DIRECT, "phone"),
        (["1234 AB", "1234 AB", "9711AB"], Role.QUASI, "postcode"),
        (["01-02-2011", "01-02-2011", "03-04-2012"], Role.QUASI, "date"),
        ([f"X{i}Q" for i in range(20)], Role.DIRECT, "unique"),
        (["ja", "nee"] * 10, Role.QUASI, "categories"),
    ],
)
def test_it_suggests_roles_from_values_when_the_name_is_unknown(values, role, reason):
    suggestion = suggest_roles(pd.DataFrame({"kolom7": values}))["kolom7"]
    assert suggestion.role is role
    assert reason.lower() in suggestion.reason.lower()


def test_it_never_silently_keeps_a_highly_unique_unknown_column():
    frame = pd.DataFrame({"code": [f"K{i:04d}" for i in range(50)]})
    assert suggest_roles(frame)["code"].role is Role.DIRECT


def test_overrides_replace_suggestions_with_a_reason(pupils):
    roles = apply_overrides(suggest_roles(pupils), parse_role_overrides("klas=keep, cijfer=keep"))
    assert roles["klas"].role is Role.KEEP
    assert roles["klas"].reason == "set by the user"


@pytest.mark.parametrize(
    ("text", "message"), [("klas", "Column=role"), ("klas=geheim", "not one of")]
)
def test_it_rejects_malformed_role_overrides(text, message):
    with pytest.raises(InputError, match=message):
        parse_role_overrides(text)


def test_it_rejects_overrides_for_unknown_columns(pupils):
    with pytest.raises(InputError, match="'mentor'"):
        apply_overrides(suggest_roles(pupils), {"mentor": Role.KEEP})
