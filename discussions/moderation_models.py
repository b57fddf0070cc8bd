"""Topics and moderation of rooms: topic state and mutes, reports, removals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from discussions.models import Message, Room


class Topic(models.Model):
    """A topic's state. A topic exists as soon as a message names it; a row is made when
    someone resolves it."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("topic"), max_length=60, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["room", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [models.UniqueConstraint(fields=["room", "name"], name="one_topic_per_name")]

    def __str__(self) -> str:
        return self.name


class TopicMute(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_topics"
    )
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=60, blank=True)

    class Meta:
        verbose_name = _("muted topic")
        verbose_name_plural = _("muted topics")
        constraints = [
            models.UniqueConstraint(fields=["person", "room", "name"], name="one_mute_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.name}"


class MessageReport(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_reports"
    )
    reason = models.TextField(_("reason"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a coordinator hid the message (or dismissed the report).
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message report")
        verbose_name_plural = _("message reports")
        constraints = [
            models.UniqueConstraint(fields=["message", "reporter"], name="one_report_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.message_id} ← {self.reporter_id}"


class RoomRemoval(models.Model):
    """A person a coordinator removed from a room: the room is closed to them."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="removals")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_removals"
    )
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("removal from a room")
        verbose_name_plural = _("removals from rooms")
        constraints = [
            models.UniqueConstraint(fields=["room", "person"], name="one_removal_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.room_id} ✕ {self.person_id}"
