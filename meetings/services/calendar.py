"""The secret address of a person's session calendar."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from meetings.models import CalendarFeed
from schools.models import User

TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@transaction.atomic
def calendar_feed_of(*, person: User) -> CalendarFeed:
    """The person's feed, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(
        person=person, defaults={"token": new_token(), "created_at": timezone.now()}
    )
    return feed


@transaction.atomic
def renew_calendar_feed(*, person: User) -> CalendarFeed:
    """A new secret for the person's feed: the old address stops working at once."""
    feed = calendar_feed_of(person=person)
    feed.token = new_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed
