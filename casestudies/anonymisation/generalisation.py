"""Built-in hierarchies for quasi-identifiers that come without a hierarchy file.

Dates go to a year, school year (August-July) or age, then to wider bands; Dutch
postcodes go 1234 AB → 1234 → 12 → province; numbers go to bands of growing width;
other categories go straight to `*`. Leaves are the column's own spellings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal

from .errors import InputError
from .errors import gettext_noop as _
from .hierarchies import SUPPRESSED, Hierarchy, flat_hierarchy
from .values import parse_date, parse_number

_DUTCH_POSTCODE = re.compile(r"^[1-9][0-9]{3} ?[A-Za-z]{2}$")
DateMode = Literal["year", "school_year", "age"]

# First two digits of a Dutch postcode → province (approximate where ranges straddle).
_NL_PROVINCES: tuple[tuple[int, int, str], ...] = (
    (10, 21, "Noord-Holland"),
    (22, 33, "Zuid-Holland"),
    (34, 39, "Utrecht"),
    (40, 42, "Gelderland"),
    (43, 45, "Zeeland"),
    (46, 57, "Noord-Brabant"),
    (58, 64, "Limburg"),
    (65, 73, "Gelderland"),
    (74, 77, "Overijssel"),
    (78, 79, "Drenthe"),
    (80, 81, "Overijssel"),
    (82, 83, "Flevoland"),
    (84, 92, "Friesland"),
    (93, 93, "Groningen"),
    (94, 95, "Drenthe"),
    (96, 99, "Groningen"),
)


def _leaves(values: Sequence[str]) -> list[str]:
    return sorted({str(value) for value in values})


def _build(column: str, values: Sequence[str], levels: Callable[[str], list[str]]) -> Hierarchy:
    rows = []
    for leaf in _leaves(values):
        middle = levels(leaf) if leaf.strip() else []
        rows.append((leaf, *middle, SUPPRESSED))
    height = max(len(row) for row in rows)
    # Empty cells have no intermediate levels; they stay empty until `*`.
    padded = [(*row[:-1], *[row[0]] * (height - len(row)), SUPPRESSED) for row in rows]
    return Hierarchy(column, tuple(padded))


def date_hierarchy(
    column: str, values: Sequence[str], *, mode: DateMode = "year", today: date | None = None
) -> Hierarchy:
    """Date → year / school year / age → 2-unit band → 5-unit band → `*`."""
    reference = today or date.today()

    def levels(leaf: str) -> list[str]:
        day = parse_date(leaf)
        if day is None:
            raise InputError(
                _("Column '%(column)s': '%(value)s' is not a date (dd-mm-yyyy)."),
                column=column,
                value=leaf,
            )
        if mode == "school_year":
            start = day.year if day.month >= 8 else day.year - 1
            return [f"{start}-{start + 1}", f"{_band(start, 4)} (start)"]
        unit = _age(day, reference) if mode == "age" else day.year
        return [str(unit), _band(unit, 2), _band(unit, 5)]

    return _build(column, values, levels)


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _band(value: int, width: int) -> str:
    start = value - value % width
    return f"{start}-{start + width - 1}"


def postcode_hierarchy(column: str, values: Sequence[str]) -> Hierarchy:
    """1234 AB → 1234 → 12 → province → `*` (Belgian 4-digit codes likewise)."""

    def levels(leaf: str) -> list[str]:
        digits = leaf.strip()[:4]
        if not digits.isdigit() or len(digits) != 4:
            raise InputError(
                _("Column '%(column)s': '%(value)s' is not a postcode."), column=column, value=leaf
            )
        return [digits, digits[:2], _province(leaf.strip(), int(digits[:2]))]

    return _build(column, values, levels)


def _province(postcode: str, prefix: int) -> str:
    if postcode.isdigit():
        return _belgian_province(int(postcode))
    for low, high, name in _NL_PROVINCES:
        if low <= prefix <= high:
            return name
    return "Nederland"


def _belgian_province(code: int) -> str:
    bounds = (
        (1300, "Brussel"), (1500, "Waals-Brabant"), (2000, "Vlaams-Brabant"),
        (3000, "Antwerpen"), (3500, "Vlaams-Brabant"), (4000, "Limburg (BE)"),
        (5000, "Luik"), (6000, "Namen"), (6600, "Henegouwen"), (7000, "Luxemburg"),
        (8000, "Henegouwen"), (9000, "West-Vlaanderen"), (10000, "Oost-Vlaanderen"),
    )  # fmt: skip
    return next(name for bound, name in bounds if code < bound)


def number_hierarchy(column: str, values: Sequence[str], *, levels: int = 3) -> Hierarchy:
    """Number → bands of width w, 2w, 4w … (w a round number, ~10 bands) → `*`."""
    numbers = [parse_number(value) for value in values if str(value).strip()]
    if any(number is None for number in numbers):
        raise InputError(_("Column '%(column)s' holds values that are not numbers."), column=column)
    filled = [number for number in numbers if number is not None]
    width = _round_width((max(filled) - min(filled)) / 10 if filled else 1.0)
    integral = all(number.is_integer() for number in filled) and width >= 1

    def bands(leaf: str) -> list[str]:
        number = parse_number(leaf)
        assert number is not None
        return [_number_band(number, width * 2**i, integral) for i in range(levels)]

    return _build(column, values, bands)


def _round_width(raw: float) -> float:
    if raw <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    return float(next(step * magnitude for step in (1, 2, 5, 10) if step * magnitude >= raw))


def _number_band(number: float, width: float, integral: bool) -> str:
    start = math.floor(number / width) * width
    if integral:
        return f"{int(start)}-{int(start + width) - 1}"
    return f"[{_decimal(start)}, {_decimal(start + width)})"


def _decimal(value: float) -> str:
    return f"{value:.6g}"


def default_hierarchy(
    column: str, values: Sequence[str], *, date_mode: DateMode = "year"
) -> Hierarchy:
    """The built-in hierarchy that suits the column's values best."""
    filled = [str(value).strip() for value in values if str(value).strip()]
    if not filled:
        return flat_hierarchy(column, values)
    if all(parse_date(value) for value in filled):
        return date_hierarchy(column, values, mode=date_mode)
    if all(_looks_like_postcode(value, column) for value in filled):
        return postcode_hierarchy(column, values)
    if all(parse_number(value) is not None for value in filled):
        return number_hierarchy(column, values)
    return flat_hierarchy(column, values)


def _looks_like_postcode(value: str, column: str) -> bool:
    belgian = value.isdigit() and len(value) == 4 and "post" in column.lower()
    return belgian or bool(_DUTCH_POSTCODE.match(value))
