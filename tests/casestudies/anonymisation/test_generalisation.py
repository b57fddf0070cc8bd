from __future__ import annotations

from datetime import date

import pytest

from casestudies.anonymisation import (
    HierarchyError,
    date_hierarchy,
    number_hierarchy,
    parse_hierarchy,
    postcode_hierarchy,
)


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("year", "2011"), ("school_year", "2010-2011"), ("age", "12")],
)
def test_dates_generalise_to_year_school_year_or_age(mode, expected):
    hierarchy = date_hierarchy("geboortedatum", ["03-04-2011"], mode=mode, today=date(2024, 1, 1))
    assert hierarchy.generalise("03-04-2011", 1) == expected


def test_postcodes_generalise_to_four_then_two_digits_then_province():
    hierarchy = postcode_hierarchy("postcode", ["3511 AB"])
    assert hierarchy.rows[0] == ("3511 AB", "3511", "35", "Utrecht", "*")


def test_numbers_generalise_to_bands_of_growing_width():
    hierarchy = number_hierarchy("leeftijd", [str(age) for age in range(10, 20)])
    assert hierarchy.rows[0] == ("10", "10-10", "10-11", "8-11", "*")


def test_it_rejects_a_hierarchy_with_ragged_rows():
    with pytest.raises(HierarchyError, match="row 2"):
        parse_hierarchy("klas", "1A;jaar 1;*\n1B;*\n")
