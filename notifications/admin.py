from __future__ import annotations

from django.contrib import admin

from notifications.models import Digest, KindPreference, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["recipient", "kind", "title", "created_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient", "actor", "digest"]


@admin.register(KindPreference)
class KindPreferenceAdmin(admin.ModelAdmin[KindPreference]):
    list_display = ["person", "kind", "in_app", "digest"]
    raw_id_fields = ["person"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin[Digest]):
    list_display = ["recipient", "sent_at", "language"]
    raw_id_fields = ["recipient"]
