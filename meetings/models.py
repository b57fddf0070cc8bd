"""Network sessions (bijeenkomsten): where a learning network's schools meet."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from netwerk.models import LearningNetwork
from schools.models import School


class NetworkSession(models.Model):
    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    network = models.ForeignKey(LearningNetwork, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    host_school = models.ForeignKey(
        School,
        on_delete=models.SET_NULL,
        related_name="hosted_sessions",
        null=True,
        blank=True,
        verbose_name=_("host school"),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="facilitated_sessions",
        blank=True,
        verbose_name=_("facilitators"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UPCOMING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("network session")
        verbose_name_plural = _("network sessions")
        indexes = [models.Index(fields=["network", "starts_at"], name="session_network_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A person recorded as present at a session, for the school they came for."""

    session = models.ForeignKey(
        NetworkSession, on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_attendances"
    )
    school = models.ForeignKey(
        School, on_delete=models.SET_NULL, related_name="session_attendances", null=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "person"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="one_attendance_per_person",
                violation_error_message=_("This person is already recorded as present."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.session}"
