"""Keyed pseudonyms: HMAC-SHA256 with the school's own secret, as a short readable token.

Without the key the token cannot be recomputed from a pupil number, and the same pupil
gets the same token in every upload of the same school, so cases can be followed over time.
"""

from __future__ import annotations

import base64
import hmac

import numpy as np
import pandas as pd

from .errors import InputError

DEFAULT_LENGTH = 12


def _key_bytes(key: bytes | str) -> bytes:
    raw = key.encode("utf-8") if isinstance(key, str) else key
    if len(raw) < 16:
        raise InputError("The pseudonym key must be at least 16 bytes long.")
    return raw


def pseudonym(value: str, key: bytes | str, *, length: int = DEFAULT_LENGTH) -> str:
    """The token for `value`: base32 (no 0/1 look-alikes trouble: upper case A-Z, 2-7)."""
    return _token(_key_bytes(key), value.strip(), length)


def pseudonymise(values: pd.Series, key: bytes | str, *, length: int = DEFAULT_LENGTH) -> pd.Series:
    """Pseudonyms for a column; empty cells stay empty."""
    secret = _key_bytes(key)
    # Each distinct value is hashed once; pupils recur across rows of a long export.
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
    tokens = np.array(
        [
            _token(secret, text, length) if text else ""
            for text in (str(value).strip() for value in uniques)
        ],
        dtype=object,
    )
    return pd.Series(tokens[codes], index=values.index, dtype=object)


def _token(secret: bytes, text: str, length: int) -> str:
    digest = hmac.digest(secret, text.encode("utf-8"), "sha256")
    return base64.b32encode(digest).decode("ascii")[:length]
