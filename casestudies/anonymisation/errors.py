"""The one family of errors the anonymisation package raises."""

from __future__ import annotations


class AnonymisationError(Exception):
    """Base error; its message is meant for the person who uploaded the file."""


class InputError(AnonymisationError):
    """The uploaded file or a parameter cannot be used as given."""


class HierarchyError(AnonymisationError):
    """A generalisation hierarchy is malformed or does not cover the data."""


class NotAnonymisableError(AnonymisationError):
    """No transformation satisfies k (and l) within the suppression limit."""
