"""Network sessions (bijeenkomsten): where a learning network's schools meet."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from casestudies.cycles import TEMPLATE_CHOICES, TEMPLATES, Step
from casestudies.models import Action, Publication
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
    minutes = models.TextField(_("minutes"), blank=True, max_length=50_000)
    minutes_updated_at = models.DateTimeField(null=True, blank=True)
    minutes_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
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
    # None for a coordinator or coach who does not work at one of the network's schools.
    school = models.ForeignKey(
        School,
        on_delete=models.SET_NULL,
        related_name="session_attendances",
        null=True,
        blank=True,
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


class AgendaItem(models.Model):
    """One point on a session's agenda, optionally tied to a step of a data-use cycle."""

    session = models.ForeignKey(
        NetworkSession, on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    cycle_template = models.CharField(
        _("cycle"), max_length=20, choices=TEMPLATE_CHOICES, blank=True
    )
    cycle_step = models.PositiveSmallIntegerField(_("cycle step"), null=True, blank=True)

    class Meta:
        ordering = ["session", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title

    @property
    def step(self) -> Step | None:
        if not self.cycle_template or self.cycle_step is None:
            return None
        return TEMPLATES[self.cycle_template].step(self.cycle_step)


class PresentedCase(models.Model):
    """A published case presented at a session: the version that was shown."""

    session = models.ForeignKey(
        NetworkSession, on_delete=models.CASCADE, related_name="presented_cases"
    )
    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="presentations"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presented_cases",
        verbose_name=_("agenda item"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "added_at", "pk"]
        verbose_name = _("presented case")
        verbose_name_plural = _("presented cases")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "publication"],
                name="one_presentation_per_session_and_publication",
                violation_error_message=_("This case is already on the session's list."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.publication} @ {self.session}"


class Decision(models.Model):
    """What the network agreed on, and the follow-up a school can take into its own plan."""

    session = models.ForeignKey(NetworkSession, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"), max_length=2000)
    follow_up = models.CharField(_("follow-up action"), max_length=300, blank=True)
    due_date = models.DateField(_("suggested due date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "created_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def action_text(self) -> str:
        return self.follow_up or self.text[:300]


class DecisionAction(models.Model):
    """A school that took a decision into a case study's action plan; the action keeps its
    way back to the decision through this row."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="actions")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="decision_actions")
    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="decision_link")
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("action from a decision")
        verbose_name_plural = _("actions from decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "school"],
                name="one_action_per_decision_and_school",
                violation_error_message=_("This school has already taken up this decision."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_id} ← {self.decision_id}"


RATING_MIN, RATING_MAX = 1, 5


class SessionFeedback(models.Model):
    """A participant's short feedback after a session: once per person and session."""

    session = models.ForeignKey(NetworkSession, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_feedback"
    )
    school = models.ForeignKey(
        School, on_delete=models.SET_NULL, related_name="session_feedback", null=True, blank=True
    )
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness"),
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)],
    )
    motivation = models.PositiveSmallIntegerField(
        _("motivation"),
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)],
    )
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "created_at"]
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="one_feedback_per_person",
                violation_error_message=_("You have already given feedback on this session."),
            ),
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=RATING_MIN, usefulness__lte=RATING_MAX)
                & models.Q(motivation__gte=RATING_MIN, motivation__lte=RATING_MAX),
                name="feedback_ratings_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.session_id}"


class CalendarFeed(models.Model):
    """A person's secret calendar address: whoever knows the token reads the sessions that
    person may see, so it is long, random, and replaced on request."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("secret"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("made at"))

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.person_id}"
