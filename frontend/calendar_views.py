"""Network sessions in a calendar app: a person's feed behind a secret address, one
session as an .ics file, and replacing the secret."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.views import person_of
from meetings import access, services
from meetings.ical import ICS_CONTENT_TYPE, calendar_of
from meetings.models import NetworkSession


@require_GET
def session_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No login: calendar apps fetch this on their own. The secret stands in for it."""
    sessions = access.sessions_for_feed(token).prefetch_related("agenda_items")
    response = _ics(request, sessions.order_by("starts_at"), _("Network sessions"))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for_member(request.user, pk)
    response = _ics(request, [session], session.title)
    response["Content-Disposition"] = f'attachment; filename="bijeenkomst-{session.pk}.ics"'
    return response


@login_required
@require_POST
def renew_feed(request: HttpRequest) -> HttpResponse:
    services.renew_calendar_feed(person=person_of(request))
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect(reverse("session-list") + "#calendar")


def feed_url(request: HttpRequest) -> str:
    """The absolute secret address of the signed-in person's feed, made on first use."""
    feed = services.calendar_feed_of(person=person_of(request))
    return request.build_absolute_uri(reverse("session-feed", args=[feed.token]))


def _ics(request: HttpRequest, sessions: Iterable[NetworkSession], name: str) -> HttpResponse:
    def url_of(session: NetworkSession) -> str:
        return request.build_absolute_uri(reverse("session-detail", args=[session.pk]))

    return HttpResponse(calendar_of(sessions, name=name, url_of=url_of), ICS_CONTENT_TYPE)
