"""In-app notifications, what each person wants to receive, and the e-mail digests sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MENTION = "mention", _("Someone mentions you in a room")
    REPLY = "reply", _("Someone replies to your message")
    PROPOSAL_ON_YOUR_CASE = "proposal_on_your_case", _("A proposal on your case study")
    APPROVAL_WAITING = "approval_waiting", _("A case study waits for your approval")
    ACTION_DUE = "action_due", _("An action of your action plan is due soon")
    UPCOMING_SESSION = "upcoming_session", _("A network session is coming up")
    DATASET_WAITING = "dataset_waiting", _("An anonymised dataset waits for your acceptance")
    POLL_CLOSED = "poll_closed", _("A poll in your room has an outcome")
    MESSAGE_REPORTED = "message_reported", _("A message in a room you coordinate is reported")


# Composed when shown, so each reader gets them in their own language.
HEADLINES = {
    Kind.MENTION: _("%(actor)s mentioned you in “%(title)s”"),
    Kind.REPLY: _("%(actor)s replied to your message in “%(title)s”"),
    Kind.PROPOSAL_ON_YOUR_CASE: _("%(actor)s made a proposal on your case study “%(title)s”"),
    Kind.APPROVAL_WAITING: _("“%(title)s” is waiting for your approval"),
    Kind.ACTION_DUE: _("An action of “%(title)s” is due on %(when)s"),
    Kind.UPCOMING_SESSION: _("Network session “%(title)s” on %(when)s"),
    Kind.DATASET_WAITING: _("Dataset “%(title)s” is anonymised and waits for your acceptance"),
    Kind.POLL_CLOSED: _("%(actor)s closed a poll in “%(title)s”"),
    Kind.MESSAGE_REPORTED: _("%(actor)s reported a message in “%(title)s”"),
}


class Digest(models.Model):
    """One e-mail digest sent to one person; its notifications point here, so none is
    ever sent twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    sent_at = models.DateTimeField()
    language = models.CharField(max_length=10)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("e-mail digest")
        verbose_name_plural = _("e-mail digests")

    def __str__(self) -> str:
        return f"{self.recipient_id} @ {self.sent_at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """Something that happened that one person should know about. `title` names the thing
    (a room, a case study, a session) and `summary` is a short plain-text excerpt; both are
    shown escaped. The headline is composed when shown, in the reader's language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # Names the event (e.g. "message:12"): one notification per person, kind and event.
    key = models.CharField(max_length=120)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    url = models.CharField(_("link"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When the thing happens: an action's due date, a session's start.
    happens_at = models.DateTimeField(null=True, blank=True)
    # False when the person wants this kind only in the e-mail digest.
    in_app = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        Digest, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"], name="one_notification_per_event"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def headline(self) -> str:
        return self.headline_with(self.title)

    def headline_with(self, title: str) -> str:
        """The headline in the active language, naming the thing as `title`."""
        actor = self.actor.display_name if self.actor is not None else gettext("Someone")
        return str(HEADLINES[Kind(self.kind)]) % {
            "actor": actor,
            "title": title,
            "when": self._when(),
        }

    def _when(self) -> str:
        if self.happens_at is None:
            return ""
        local = timezone.localtime(self.happens_at)
        if self.kind == Kind.ACTION_DUE:
            return date_format(local.date(), "j F Y")
        return date_format(local, "j F Y, H:i")


class NotificationSettings(models.Model):
    """A person's language for e-mails (people have no language of their own)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    language = models.CharField(
        _("language of e-mails"), max_length=10, choices=settings.LANGUAGES, default="nl"
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.person_id}: {self.language}"


class KindPreference(models.Model):
    """Whether a person gets one kind in the app and in the daily digest. Without a row
    the defaults apply: in the app, not by e-mail."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_kinds"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    in_app = models.BooleanField(_("in the app"), default=True)
    digest = models.BooleanField(_("in the daily e-mail"), default=False)

    class Meta:
        ordering = ["person", "kind"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.kind}"
