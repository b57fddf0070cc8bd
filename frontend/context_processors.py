"""Values every page's header needs."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from notifications.services import unread_count
from schools.models import User


def notifications(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """The unread count for the bell, counted only when a template shows it."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {}
    return {"unread_notifications": lambda: unread_count(user)}
