"""The one family of errors the anonymisation package raises.

A message is an English template with named values (`"Row %(row)d has …"`), so the
platform can show it in each reader's language: it keeps the template and the values,
and translates the template when someone reads it. `str(error)` is the English text.
The package itself speaks English only and imports no translation machinery;
`gettext_noop` just marks the templates for the platform's message catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping


def gettext_noop(template: str) -> str:
    """Mark a message template for translation (extracted by `make messages`)."""
    return template


def render(template: str, params: Mapping[str, object]) -> str:
    return template % dict(params) if params else template


class AnonymisationError(Exception):
    """Base error; its message is meant for the person who uploaded the file."""

    def __init__(self, template: str, /, **params: str | int | float) -> None:
        self.template = template
        self.params: dict[str, str | int | float] = params
        super().__init__(render(template, params))


class InputError(AnonymisationError):
    """The uploaded file or a parameter cannot be used as given."""


class HierarchyError(AnonymisationError):
    """A generalisation hierarchy is malformed or does not cover the data."""


class NotAnonymisableError(AnonymisationError):
    """No transformation satisfies k (and l) within the suppression limit."""
