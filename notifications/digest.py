"""The daily e-mail digest: one e-mail per person who asked for it, listing the unread
notifications of the kinds they chose that no earlier digest listed.

Only headlines and links go out by e-mail, never message texts or excerpts; the name of
the thing passes the same scrubber as shared case texts, so nothing that looks like
pupil data leaves the platform. Everything else is read on the platform itself."""

from __future__ import annotations

import datetime
from typing import TypedDict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from casestudies.anonymisation import scrub
from casestudies.models import Action, ActionStatus, CaseStudy, SharingStatus
from meetings.models import NetworkSession
from notifications.models import (
    Digest,
    KindPreference,
    Notification,
    NotificationSettings,
)
from schools.models import User

# Older unread notifications are left out of a first digest (or after a long pause).
MAX_AGE = datetime.timedelta(days=7)


class DigestLine(TypedDict):
    headline: str
    url: str
    created_at: datetime.datetime


def send_digests(*, now: datetime.datetime) -> int:
    """Send every digest that is due; returns how many e-mails went out."""
    people = (
        User.objects.filter(is_active=True, notification_kinds__digest=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    return sum(1 for person in people if send_digest_to(person=person, now=now) is not None)


def send_digest_to(*, person: User, now: datetime.datetime) -> Digest | None:
    with transaction.atomic():
        # The person's settings row is the lock: two runs at once cannot both send.
        NotificationSettings.objects.get_or_create(
            person=person, defaults={"language": settings.LANGUAGE_CODE}
        )
        own = NotificationSettings.objects.select_for_update().get(person=person)
        pending = list(_pending(person, now))
        if not pending:
            return None
        digest = Digest.objects.create(recipient=person, sent_at=now, language=own.language)
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(digest=digest)
        # Sent inside the transaction: if sending fails, nothing is recorded as sent.
        compose(person=person, notifications=pending, language=own.language).send()
    return digest


def compose(
    *, person: User, notifications: list[Notification], language: str
) -> EmailMultiAlternatives:
    site = settings.NETWERK_SITE_URL.rstrip("/")
    with translation.override(language):
        lines: list[DigestLine] = [
            {
                "headline": n.headline_with(scrub(n.title).text),
                "url": site + n.url,
                "created_at": n.created_at,
            }
            for n in notifications
        ]
        context = {
            "person": person,
            "language": language,
            "lines": lines,
            "list_url": site + reverse("notification-list"),
            "preferences_url": site + reverse("notification-preferences"),
        }
        subject = ngettext(
            "Netwerk: %(count)d new notification",
            "Netwerk: %(count)d new notifications",
            len(lines),
        ) % {"count": len(lines)}
        text = render_to_string("notifications/digest_email.txt", context)
        html = render_to_string("notifications/digest_email.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [person.email])
    message.attach_alternative(html, "text/html")
    return message


def _pending(person: User, now: datetime.datetime) -> list[Notification]:
    kinds = KindPreference.objects.filter(person=person, digest=True).values("kind")
    unread = list(
        Notification.objects.filter(
            recipient=person,
            kind__in=kinds,
            read_at__isnull=True,
            digest__isnull=True,
            created_at__gte=now - MAX_AGE,
            created_at__lte=now,
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    return [n for n in unread if n.pk not in _already_done(unread, now)]


def _already_done(notifications: list[Notification], now: datetime.datetime) -> set[int]:
    """Notifications of things settled since they were made: a case approved or sent back,
    an action done or removed, a session cancelled or over. At most one query per kind."""
    still_open = {
        "case": CaseStudy.objects.filter(sharing_status=SharingStatus.IN_REVIEW),
        "action": Action.objects.exclude(status=ActionStatus.DONE),
        "session": NetworkSession.objects.filter(starts_at__gt=now).exclude(
            status=NetworkSession.Status.CANCELLED
        ),
    }
    about: dict[str, dict[int, list[int]]] = {prefix: {} for prefix in still_open}
    for notification in notifications:
        prefix, _colon, rest = notification.key.partition(":")
        number = rest.split(":", 1)[0]
        if prefix in about and number.isdigit():
            about[prefix].setdefault(int(number), []).append(notification.pk)
    settled: set[int] = set()
    for prefix, objects in about.items():
        if not objects:
            continue
        open_ones = set(still_open[prefix].filter(pk__in=objects).values_list("pk", flat=True))
        settled |= {pk for number, pks in objects.items() if number not in open_ones for pk in pks}
    return settled
