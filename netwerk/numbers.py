"""Numbers for the page in the reader's language: "52,4" in Dutch, "52.4" in English."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format

MINUS = "\u2212"


def localised_number(value: object, *, signed: bool = False) -> str:
    """A number, or a number kept as text ("52.4", "+5.5", Decimal("25.00")), written with
    the active language's decimal sign and without trailing zeros; `signed` keeps a plus
    sign. Text that is no number ("<10", "x") and None come back as given ("" for None)."""
    if value is None:
        return ""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    text = number_format(abs(number), use_l10n=True)
    if number < 0:
        return MINUS + text
    return f"+{text}" if signed and number > 0 else text
