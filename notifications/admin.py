"""Notifications are made by notifications.services as things happen; people choose what
they receive on their settings page. Read-only here."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications.models import Digest, KindPreference, Notification, NotificationSettings
from schools.admin_base import ServiceOnlyAdmin

MADE_HINT = _("Made by the platform as things happen; each person marks theirs as read.")
CHOICE_HINT = _("Each person chooses on their notification settings page.")


@admin.register(Notification)
class NotificationAdmin(ServiceOnlyAdmin[Notification]):
    change_hint = MADE_HINT
    list_display = ["recipient", "kind", "title", "created_at", "read_at"]
    list_filter = ["kind", "in_app", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "recipient__username", "recipient__last_name"]
    list_select_related = ["recipient"]


@admin.register(KindPreference)
class KindPreferenceAdmin(ServiceOnlyAdmin[KindPreference]):
    change_hint = CHOICE_HINT
    list_display = ["person", "kind", "in_app", "digest"]
    list_filter = ["kind", "in_app", "digest"]
    search_fields = ["person__username", "person__last_name"]


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(ServiceOnlyAdmin[NotificationSettings]):
    change_hint = CHOICE_HINT
    list_display = ["person", "language"]
    list_filter = ["language"]
    search_fields = ["person__username", "person__last_name"]


@admin.register(Digest)
class DigestAdmin(ServiceOnlyAdmin[Digest]):
    change_hint = MADE_HINT
    list_display = ["recipient", "sent_at", "language"]
    list_filter = ["language", "sent_at"]
    search_fields = ["recipient__username", "recipient__last_name"]
