"""Data coach profiles, their self-assessments and the feedback of the teams they coach."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casestudies.models import CaseStudy, TeamMeeting
from coaching.competencies import COMPETENCY_CHOICES
from meetings.models import NetworkSession
from netwerk.ratings import level_field, level_in_range, note_field
from schools.models import Datateam


class CoachKind(models.TextChoices):
    INTERNAL = "internal", _("Internal data coach")
    EXTERNAL = "external", _("External data coach")


class CoachProfile(models.Model):
    """A data coach: internal (a data coach of their own school) or external (assigned)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_profile"
    )
    kind = models.CharField(_("kind of coach"), max_length=10, choices=CoachKind.choices)
    introduction = models.TextField(_("introduction"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        verbose_name = _("data coach profile")
        verbose_name_plural = _("data coach profiles")

    def __str__(self) -> str:
        return str(self.person)


class SelfAssessment(models.Model):
    """A coach's own view of their competencies in one period; saving again updates it."""

    profile = models.ForeignKey(
        CoachProfile, on_delete=models.CASCADE, related_name="self_assessments"
    )
    period = models.CharField(_("period"), max_length=11)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["profile", "period"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "period"], name="one_self_assessment_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} · {self.period}"


class SelfRating(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="ratings")
    competency = models.CharField(_("competency"), max_length=30, choices=COMPETENCY_CHOICES)
    level = level_field()
    note = note_field()

    class Meta:
        ordering = ["assessment", "competency"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competency"], name="one_self_rating_per_competency"
            ),
            level_in_range("self_rating_level_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.level}"


class EvidenceKind(models.TextChoices):
    SESSION = "session", _("Network session facilitated")
    CYCLE = "cycle", _("Cycle coached")
    LINK = "link", _("Link or description")
    MEETING = "meeting", _("Datateam meeting attended")


class Evidence(models.Model):
    """What a self-assessment rests on: a session the coach led, a cycle they coached,
    or anything else described or linked."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind of evidence"), max_length=10, choices=EvidenceKind.choices)
    session = models.ForeignKey(
        NetworkSession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("network session"),
    )
    case = models.ForeignKey(
        CaseStudy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cycle"),
    )
    meeting = models.ForeignKey(
        TeamMeeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("datateam meeting"),
    )
    url = models.URLField(_("link"), blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessment", "created_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.description or self.get_kind_display()


class TeamFeedback(models.Model):
    """One datateam member's view of their coach in one period: once per person."""

    profile = models.ForeignKey(CoachProfile, on_delete=models.CASCADE, related_name="feedback")
    giver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    datateam = models.ForeignKey(Datateam, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("period"), max_length=11)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["profile", "period", "created_at"]
        verbose_name = _("team feedback")
        verbose_name_plural = _("team feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "giver", "period"],
                name="one_feedback_per_person_and_period",
                violation_error_message=_(
                    "You have already given this coach feedback for this period."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} · {self.period}"


class FeedbackRating(models.Model):
    feedback = models.ForeignKey(TeamFeedback, on_delete=models.CASCADE, related_name="ratings")
    competency = models.CharField(_("competency"), max_length=30, choices=COMPETENCY_CHOICES)
    level = level_field()
    note = note_field()

    class Meta:
        ordering = ["feedback", "competency"]
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "competency"], name="one_feedback_rating_per_competency"
            ),
            level_in_range("feedback_rating_level_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.level}"
