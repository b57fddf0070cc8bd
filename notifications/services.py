"""Creating notifications, reading them and choosing what to receive.

Any service may call :func:`notify` with the people an event concerns: the notifications
are written after the caller's transaction commits, never for the person who acted, once
per person and event (the unique key), and only for kinds the person wants.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Kind, KindPreference, Notification, NotificationSettings
from schools.models import User

SUMMARY_CHARS = 300
TITLE_CHARS = 200


@dataclass(frozen=True)
class Event:
    """What happened, told the same way to everyone it concerns."""

    kind: Kind
    key: str
    title: str
    url: str
    summary: str = ""
    actor: User | None = None
    happens_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Choice:
    in_app: bool = True
    digest: bool = False


def notify(*, event: Event, recipients: Iterable[User]) -> None:
    """Notify these people of the event once the current transaction commits."""
    actor_id = event.actor.pk if event.actor is not None else None
    ids = sorted({person.pk for person in recipients if person.pk != actor_id})
    if ids:
        # Robust: a failure here is logged and never undoes or fails what the person did.
        transaction.on_commit(lambda: deliver(event=event, recipient_ids=ids), robust=True)


def deliver(*, event: Event, recipient_ids: Iterable[int]) -> int:
    """Write the notifications now; returns how many rows were new or already there."""
    ids = list(recipient_ids)
    choices = choices_for(ids, event.kind)
    rows = [
        Notification(
            recipient_id=person_id,
            kind=event.kind,
            key=event.key[:120],
            title=_one_line(event.title, TITLE_CHARS),
            summary=_one_line(event.summary, SUMMARY_CHARS),
            url=_internal(event.url),
            actor=event.actor,
            happens_at=event.happens_at,
            in_app=choice.in_app,
        )
        for person_id in ids
        if (choice := choices[person_id]).in_app or choice.digest
    ]
    # The unique key makes a repeated event (a retry, an edit, the next daily run) a no-op.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def choices_for(person_ids: Iterable[int], kind: str) -> dict[int, Choice]:
    ids = list(person_ids)
    stored = KindPreference.objects.filter(person_id__in=ids, kind=kind)
    chosen = {pref.person_id: Choice(pref.in_app, pref.digest) for pref in stored}
    return {person_id: chosen.get(person_id, Choice()) for person_id in ids}


# --- Reading ----------------------------------------------------------------------------


def visible_to(person: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=person, in_app=True).select_related("actor")


def unread_count(person: User) -> int:
    return visible_to(person).filter(read_at__isnull=True).count()


@transaction.atomic
def mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, person: User) -> int:
    return visible_to(person).filter(read_at__isnull=True).update(read_at=timezone.now())


# --- Preferences ------------------------------------------------------------------------


def preferences_of(person: User) -> tuple[str, dict[str, Choice]]:
    """The person's e-mail language and their choice for every kind."""
    language = (
        NotificationSettings.objects.filter(person=person)
        .values_list("language", flat=True)
        .first()
    )
    stored = {
        pref.kind: Choice(pref.in_app, pref.digest)
        for pref in KindPreference.objects.filter(person=person)
    }
    return (
        language or settings.LANGUAGE_CODE,
        {kind.value: stored.get(kind.value, Choice()) for kind in Kind},
    )


@transaction.atomic
def set_preferences(
    *, person: User, language: str | None = None, kinds: Mapping[str, Choice] | None = None
) -> tuple[str, dict[str, Choice]]:
    """Change the e-mail language and/or the choices for some kinds; others stay as they are."""
    errors: dict[str, str] = {}
    if language is not None and language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose one of the languages of the platform.")
    unknown = sorted(set(kinds or {}) - set(Kind.values))
    if unknown:
        errors["kinds"] = _("Unknown kind: %(kinds)s.") % {"kinds": ", ".join(unknown)}
    if errors:
        raise ValidationError(errors)
    if language is not None:
        NotificationSettings.objects.update_or_create(
            person=person, defaults={"language": language}
        )
    for kind, choice in (kinds or {}).items():
        KindPreference.objects.update_or_create(
            person=person, kind=kind, defaults={"in_app": choice.in_app, "digest": choice.digest}
        )
    return preferences_of(person)


# --- Helpers ----------------------------------------------------------------------------


def excerpt(text: str, limit: int = 160) -> str:
    """A one-line plain excerpt of a text (markdown is shown as typed, escaped)."""
    return _one_line(text, limit)


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _internal(url: str) -> str:
    """Links stay on this site: a path, never another host."""
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError(f"A notification links to a path on this site, not {url!r}")
    return url[:300]
