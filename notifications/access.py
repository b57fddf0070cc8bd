"""A notification is its recipient's alone. Missing and forbidden are both Http404."""

from __future__ import annotations

from django.db.models import QuerySet

from notifications.models import Notification
from notifications.services import visible_to
from schools.access import AnyUser, active_person, get_or_404


def notifications_for(user: AnyUser) -> QuerySet[Notification]:
    person = active_person(user)
    if person is None:
        return Notification.objects.none()
    return visible_to(person)


def notification_for_recipient(user: AnyUser, pk: object) -> Notification:
    return get_or_404(notifications_for(user), pk)
