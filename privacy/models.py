"""The audit log: who saw or shared a school's private data, and when (AVG art. 5(2))."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schools.models import School


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        DOWNLOAD = "download", _("downloaded")
        PUBLISH = "publish", _("published")
        WITHDRAW = "withdraw", _("withdrew")
        EXPORT = "export", _("exported personal data")
        ERASE = "erase", _("erased a person")
        HIDE_MESSAGE = "hide_message", _("hid a message")
        REMOVE_FROM_ROOM = "remove_from_room", _("removed someone from a room")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="audit_events",
        null=True,
        verbose_name=_("who"),
    )
    # Moderation in a network's rooms concerns no one school: school is empty, network set.
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="audit_events", null=True, blank=True
    )
    network = models.ForeignKey(
        "netwerk.LearningNetwork",
        on_delete=models.CASCADE,
        related_name="audit_events",
        null=True,
        blank=True,
    )
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField(null=True)
    object_label = models.CharField(_("about"), max_length=300, blank=True)
    via = models.CharField(_("via"), max_length=10, default="page")
    # Why, in the actor's words (the reason a message was hidden).
    detail = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["school", "-at"], name="audit_school_time")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_label}"
