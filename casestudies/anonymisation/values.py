"""Parsing the cell values that school exports contain: decimal commas, dd-mm-yyyy dates."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import pandas as pd

_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}(\.\d{3})+)([.,]\d+)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


def parse_number(text: str) -> float | None:
    """A number written the Dutch way (`6,5`, `1.234,5`) or the English way (`6.5`)."""
    value = text.strip()
    if not _NUMBER.match(value):
        return None
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    elif value.count(".") > 1:
        value = value.replace(".", "")
    return float(value)


def parse_date(text: str) -> date | None:
    """A date written dd-mm-yyyy (also with / or .) or yyyy-mm-dd."""
    value = text.strip()
    day_first = _DAY_FIRST.match(value)
    iso = _ISO.match(value)
    try:
        if day_first:
            day, month, year = (int(part) for part in day_first.groups())
            return date(year, month, day)
        if iso:
            year, month, day = (int(part) for part in iso.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


def uses_decimal_comma(values: Iterable[str]) -> bool:
    """Whether a column's numbers are written with a decimal comma."""
    column = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    # The first rows reject most columns before the distinct values are computed.
    if not _all_decimal_comma(column.iloc[:100]):
        return False
    distinct = pd.unique(column.to_numpy(dtype=object))
    return any(str(value).strip() for value in distinct) and _all_decimal_comma(distinct)


def _all_decimal_comma(values: Iterable[object]) -> bool:
    filled = (text for text in (str(value).strip() for value in values) if text)
    return all(_DECIMAL_COMMA.match(text) for text in filled)


def bsn_is_valid(digits: str) -> bool:
    """The 11-check of a Dutch citizen service number (BSN): 9 digits, weights 9..2, -1."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=True)) % 11 == 0
