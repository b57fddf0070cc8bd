from __future__ import annotations

import json

import pytest

from casestudies.anonymisation import (
    InputError,
    Role,
    RoleSuggestion,
    anonymise,
    class_sizes,
    parse_hierarchy,
    suggest_roles,
)


def test_it_drops_direct_identifiers_and_reports_what_it_did(pupils):
    suggestions = suggest_roles(pupils)
    result = anonymise(pupils, suggestions, k=3, max_suppression=0.1)
    assert "voornaam" not in result.frame.columns
    assert "leerlingnummer" not in result.frame.columns
    report = result.report
    assert report["rows_in"] == 60
    assert report["rows_out"] + report["suppressed"] == 60
    assert report["k"] == 3
    assert report["roles"]["voornaam"] == "direct"
    assert set(report["generalised"]) == {"geboortedatum", "geslacht", "postcode", "klas"}
    assert report["min_class_size"] >= 3
    assert report["reasons"]["klas"]
    json.dumps(report)


def test_it_pseudonymises_with_the_school_key(pupils):
    roles: dict[str, Role | RoleSuggestion] = {
        **suggest_roles(pupils),
        "leerlingnummer": Role.PSEUDONYM,
    }
    result = anonymise(pupils, roles, key="school-secret-0123456789", k=3, max_suppression=0.2)
    assert result.frame["leerlingnummer"].str.fullmatch(r"[A-Z2-7]{12}").all()


def test_it_needs_a_key_for_pseudonyms(pupils):
    roles: dict[str, Role | RoleSuggestion] = {
        **suggest_roles(pupils),
        "leerlingnummer": Role.PSEUDONYM,
    }
    with pytest.raises(InputError, match="no key"):
        anonymise(pupils, roles)


def test_generalised_values_are_spelled_as_in_the_hierarchy(pupils):
    klas = parse_hierarchy("klas", "1A;jaar 1;*\n1B;jaar 1;*\n2A;jaar 2;*\n2B;jaar 2;*\n")
    roles = dict.fromkeys(pupils.columns, Role.DIRECT) | {"klas": Role.QUASI, "cijfer": Role.KEEP}
    result = anonymise(pupils, roles, k=20, max_suppression=0.0, hierarchies={"klas": klas})
    assert set(result.frame["klas"]) <= {"1A", "1B", "2A", "2B", "jaar 1", "jaar 2", "*"}
    assert min(class_sizes(result.frame, ["klas"])) >= 20


def test_it_names_the_value_missing_from_a_hierarchy(pupils):
    klas = parse_hierarchy("klas", "1A;*\n1B;*\n")
    roles = dict.fromkeys(pupils.columns, Role.DIRECT) | {"klas": Role.QUASI}
    with pytest.raises(Exception, match="Column 'klas', row"):
        anonymise(pupils, roles, hierarchies={"klas": klas})
