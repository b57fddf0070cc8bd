"""Server errors as people and clients should see them. When the database cannot be
reached (restarting, failing over) the answer is 503 with Retry-After, in the form the
caller reads (JSON for the API, a plain page otherwise), not a generic 500. Both pages
are self-contained: they must render while the database is away."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _


def _database_unavailable() -> bool:
    error = sys.exc_info()[1]
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError) or (
            isinstance(error, DatabaseError) and "connection" in str(error).lower()
        ):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it while handling the uncaught exception."""
    unavailable = _database_unavailable()
    status = 503 if unavailable else 500
    message = (
        _("Netwerk is briefly unavailable. Please try again in a moment.")
        if unavailable
        else _("Something went wrong on our side. It has been logged; please try again.")
    )
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=status)
    else:
        page = loader.get_template("error.html").render({"message": message, "status": status})
        response = HttpResponse(page, status=status)
    if unavailable:
        response["Retry-After"] = "5"
    return response
