"""Validators for Dutch and Flemish school codes."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

BRIN_PATTERN = re.compile(r"^\d{2}[A-Z]{2}$")
INSTELLINGSNUMMER_PATTERN = re.compile(r"^\d{5,6}$")


def validate_brin(value: str) -> None:
    """A Dutch BRIN code: two digits followed by two letters, e.g. 12AB."""
    if not BRIN_PATTERN.match(value.strip().upper()):
        raise ValidationError(
            _("A BRIN code is two digits followed by two letters, for example 12AB."),
            code="invalid_brin",
        )


def validate_instellingsnummer(value: str) -> None:
    """A Flemish instellingsnummer: five or six digits, e.g. 012345."""
    if not INSTELLINGSNUMMER_PATTERN.match(value.strip()):
        raise ValidationError(
            _("An instellingsnummer is five or six digits, for example 012345."),
            code="invalid_instellingsnummer",
        )
