from __future__ import annotations

import json

import pandas as pd
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


def test_a_constant_column_stays_as_it_is_and_costs_nothing():
    frame = pd.DataFrame({"school": ["De Linde"] * 12, "klas": ["1A", "1B"] * 6}, dtype=object)
    result = anonymise(frame, {"school": Role.QUASI, "klas": Role.QUASI}, k=5)
    assert result.levels == {"school": 0, "klas": 0}
    assert set(result.frame["school"]) == {"De Linde"}
    assert result.suppressed == 0


def test_it_refuses_k_larger_than_the_number_of_rows():
    frame = pd.DataFrame({"klas": ["1A", "1B", "1A"]}, dtype=object)
    with pytest.raises(InputError, match="larger than the number of rows"):
        anonymise(frame, {"klas": Role.QUASI}, k=5)


def test_it_reports_progress_from_zero_to_one():
    frame = pd.DataFrame({"klas": ["1A", "1B"] * 10}, dtype=object)
    seen: list[tuple[float, str]] = []
    anonymise(frame, {"klas": Role.QUASI}, k=5, progress=lambda f, s: seen.append((f, s)))
    fractions = [fraction for fraction, _ in seen]
    assert fractions == sorted(fractions)
    assert fractions[0] == 0.0
    assert seen[-1] == (1.0, "done")
