from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from schools.validators import validate_brin, validate_instellingsnummer


@pytest.mark.parametrize("code", ["12AB", "00ZZ", "99xy"])
def test_it_accepts_brin_codes_of_two_digits_and_two_letters(code):
    validate_brin(code)


@pytest.mark.parametrize("code", ["", "1AB", "12A", "12ABC", "AB12", "1234", "12 AB", "12ÄB"])
def test_it_rejects_malformed_brin_codes(code):
    with pytest.raises(ValidationError):
        validate_brin(code)


@pytest.mark.parametrize("code", ["12345", "012345"])
def test_it_accepts_instellingsnummers_of_five_or_six_digits(code):
    validate_instellingsnummer(code)


@pytest.mark.parametrize("code", ["1234", "1234567", "12AB", "12 345"])
def test_it_rejects_malformed_instellingsnummers(code):
    with pytest.raises(ValidationError):
        validate_instellingsnummer(code)
