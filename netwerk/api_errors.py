"""API error responses: a service's ValidationError becomes a 400 with field messages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_field_messages(exc))
    return drf_exception_handler(exc, context)


def as_field_messages(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        messages = {
            ("non_field_errors" if field == NON_FIELD_ERRORS else field): [
                str(message) for message in DjangoValidationError(errors).messages
            ]
            for field, errors in error.error_dict.items()
        }
        return messages
    return {"non_field_errors": [str(message) for message in error.messages]}
