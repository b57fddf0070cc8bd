from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casestudies.anonymisation import InputError, pseudonym

KEY_A = b"school-a-secret-key-0001"
KEY_B = b"school-b-secret-key-0002"


@given(st.text(min_size=1, max_size=20))
def test_pseudonyms_are_stable_per_key_and_differ_between_keys(value):
    assert pseudonym(value, KEY_A) == pseudonym(value, KEY_A)
    assert pseudonym(value, KEY_A) != pseudonym(value, KEY_B)


def test_a_pseudonym_is_a_short_readable_token():
    assert len(pseudonym("123456", KEY_A)) == 12
    assert pseudonym("123456", KEY_A) == pseudonym("123456", KEY_A.decode())


def test_it_refuses_a_short_key():
    with pytest.raises(InputError, match="16 bytes"):
        pseudonym("123456", "kort")
