"""Small template filters for values kept as text in published snapshots."""

from __future__ import annotations

import datetime

from django import template
from django.utils.formats import date_format

from netwerk.numbers import localised_number

register = template.Library()


@register.filter
def isodate(value: object) -> str:
    """'2027-09-18' → '18 september 2027' in the reader's language; other values as given."""
    try:
        return date_format(datetime.date.fromisoformat(str(value)), "j F Y")
    except ValueError:
        return "" if value is None else str(value)


@register.filter
def minutes(value: object) -> int:
    """A duration in whole minutes, rounded up: timedelta(seconds=61) → 2."""
    if isinstance(value, datetime.timedelta):
        return max(0, -(-int(value.total_seconds()) // 60))
    return 0


@register.filter
def number(value: object) -> str:
    """A number kept as text in the reader's decimal sign: "52.4" → "52,4" in Dutch."""
    return localised_number(value)


@register.filter
def change(value: object) -> str:
    """A change with its sign in the reader's decimal sign: "+5.5" → "+5,5" in Dutch."""
    return localised_number(value, signed=True)
