"""A case study: one datateam's cycle, step by step, with its structured parts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casestudies.cycles import NEED_CHOICES, TEMPLATE_CHOICES, TEMPLATES, CycleTemplate
from casestudies.models.datasets import Dataset
from schools.models import Datateam, Sector

MAX_NARRATIVE_CHARS = 20_000
MAX_SKIP_REASON_CHARS = 300


class Theme(models.TextChoices):
    GRADE_REPETITION = "grade_repetition", _("Grade repetition")
    BASIC_SKILLS = "basic_skills", _("Basic skills")
    PROGRESSION = "progression", _("Progression and dropout")
    EXAM_RESULTS = "exam_results", _("Exam results")
    WELL_BEING = "well_being", _("Well-being")
    ATTENDANCE = "attendance", _("Attendance")
    OTHER = "other", _("Other")


class SharingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Ready for review")
    APPROVED = "approved", _("Approved for sharing")


class CaseStudy(models.Model):
    datateam = models.ForeignKey(Datateam, on_delete=models.CASCADE, related_name="case_studies")
    template = models.CharField(_("cycle"), max_length=20, choices=TEMPLATE_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices)
    year_levels = models.CharField(_("year levels"), max_length=100, blank=True)
    current_step = models.PositiveSmallIntegerField(default=1)
    # When the team reached its current step: "days in this step" on the coach's cockpit.
    step_since = models.DateTimeField(default=timezone.now)
    sharing_status = models.CharField(
        max_length=12, choices=SharingStatus.choices, default=SharingStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    previous_cycle = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_cycles"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    def __str__(self) -> str:
        return self.title

    @property
    def cycle(self) -> CycleTemplate:
        return TEMPLATES[self.template]


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class CaseStep(models.Model):
    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField()
    narrative = models.TextField(_("narrative"), blank=True, max_length=MAX_NARRATIVE_CHARS)
    status = models.CharField(
        max_length=12, choices=StepStatus.choices, default=StepStatus.NOT_STARTED
    )
    # How often the team came back to this step (a rejected hypothesis reopens step 2).
    visits = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_row_per_case_step")
        ]

    def __str__(self) -> str:
        return f"{self.case} — {self.number}"


class Goal(models.Model):
    """The SMART goal: measurable indicator, population, baseline, target, deadline."""

    case = models.OneToOneField(CaseStudy, on_delete=models.CASCADE, related_name="goal")
    description = models.TextField(_("goal"))
    indicator = models.CharField(_("indicator"), max_length=200, blank=True)
    population_year = models.CharField(_("year"), max_length=50, blank=True)
    population_department = models.CharField(_("department"), max_length=100, blank=True)
    population_level = models.CharField(_("level"), max_length=50, blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline measured on"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def aims_lower(self) -> bool:
        """'Fewer repeaters': a target below the baseline is reached by going down."""
        return (
            self.baseline_value is not None
            and self.target_value is not None
            and self.target_value < self.baseline_value
        )


class HypothesisStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class DataSourceKind(models.TextChoices):
    EXAM_RESULTS = "exam_results", _("Exam results")
    PROGRESSION = "progression", _("Progression figures")
    SATISFACTION = "satisfaction", _("Satisfaction survey")
    OBSERVATION = "observation", _("Classroom observation")
    INTERVIEWS = "interviews", _("Pupil interviews")
    ATTENDANCE = "attendance", _("Attendance")
    OTHER = "other", _("Other")


class DataSource(models.Model):
    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="data_sources")
    kind = models.CharField(_("kind"), max_length=20, choices=DataSourceKind.choices)
    description = models.TextField(_("description"))
    dataset = models.ForeignKey(
        Dataset,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_sources",
        verbose_name=_("dataset"),
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Analysis(models.Model):
    """A table (and chart) made with pandas from a dataset, attached to its conclusion."""

    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="analyses")
    data_source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="analyses")
    title = models.CharField(_("title"), max_length=200)
    spec = models.JSONField(default=dict)
    table = models.JSONField(default=dict)
    conclusion = models.TextField(_("conclusion it supports"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Hypothesis(models.Model):
    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="hypotheses")
    statement = models.TextField(_("hypothesis"))
    status = models.CharField(
        max_length=10, choices=HypothesisStatus.choices, default=HypothesisStatus.OPEN
    )
    evidence = models.TextField(_("evidence"), blank=True)
    # Step 6 (interpretation): what the team concludes about this hypothesis.
    conclusion = models.TextField(_("conclusion"), blank=True)
    data_sources = models.ManyToManyField(DataSource, blank=True, related_name="hypotheses")
    analyses = models.ManyToManyField(Analysis, blank=True, related_name="hypotheses")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.statement[:80]


class QualityRating(models.TextChoices):
    NOT_CHECKED = "not_checked", _("Not checked")
    SUFFICIENT = "sufficient", _("Sufficient")
    CONCERNS = "concerns", _("Concerns")


class QualityCheck(models.Model):
    case = models.OneToOneField(CaseStudy, on_delete=models.CASCADE, related_name="quality_check")
    completeness = models.CharField(
        _("completeness"),
        max_length=12,
        choices=QualityRating.choices,
        default=QualityRating.NOT_CHECKED,
    )
    reliability = models.CharField(
        _("reliability"),
        max_length=12,
        choices=QualityRating.choices,
        default=QualityRating.NOT_CHECKED,
    )
    validity = models.CharField(
        _("validity"),
        max_length=12,
        choices=QualityRating.choices,
        default=QualityRating.NOT_CHECKED,
    )
    notes = models.TextField(_("notes"), blank=True)

    def __str__(self) -> str:
        return f"{self.case} quality"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Action(models.Model):
    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"))
    # A person of the datateam; the free text names someone outside the platform.
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name=_("owner in the datateam"),
    )
    owner = models.CharField(_("owner outside the platform"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    hypothesis = models.ForeignKey(
        Hypothesis,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("hypothesis or cause it answers"),
    )
    measure = models.ForeignKey(
        "casestudies.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("measure it should move"),
    )
    # Marks the measure's run chart: the effect is read from the points after it.
    start_date = models.DateField(_("start date"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_overdue(self) -> bool:
        return self.status != ActionStatus.DONE and self.due_date < timezone.localdate()

    @property
    def owner_name(self) -> str:
        return self.owner_person.display_name if self.owner_person else self.owner


class Evaluation(models.Model):
    case = models.OneToOneField(CaseStudy, on_delete=models.CASCADE, related_name="evaluation")
    # Read from the measure when the case has one: the median of the points after the last
    # action, dated at the last point, set against the centre line (baseline_median).
    measured_value = models.DecimalField(_("measured value"), max_digits=10, decimal_places=2)
    measured_on = models.DateField(_("measured on"))
    measure = models.ForeignKey(
        "casestudies.Measure", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    baseline_median = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    goal_reached = models.BooleanField(default=False)
    reflection = models.TextField(_("reflection on the process"), blank=True)

    def __str__(self) -> str:
        return f"{self.case} evaluation"


class StepSkip(models.Model):
    """The team moved on from a step without something the method asks for, and said why:
    the coach sees it, and the publication shows the part as not done."""

    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="skips")
    step = models.PositiveSmallIntegerField(_("step"))
    need = models.CharField(_("what was skipped"), max_length=20, choices=NEED_CHOICES)
    reason = models.CharField(_("reason"), max_length=MAX_SKIP_REASON_CHARS)
    skipped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    skipped_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "step", "pk"]
        verbose_name = _("skipped part")
        verbose_name_plural = _("skipped parts")

    def __str__(self) -> str:
        return f"{self.case} — {self.step}: {self.need}"


class TeamMeeting(models.Model):
    """One meeting of the datateam on this cycle: the team's own log, the coach's sign of
    life, and evidence a coach may point to."""

    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="team_meetings", verbose_name=_("who attended")
    )
    step = models.PositiveSmallIntegerField(_("step worked on"))
    decisions = models.TextField(_("decisions"), max_length=MAX_NARRATIVE_CHARS)
    next_meeting = models.DateField(_("next meeting"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("datateam meeting")
        verbose_name_plural = _("datateam meetings")
        indexes = [models.Index(fields=["case", "held_on"], name="team_meeting_case_date")]

    def __str__(self) -> str:
        return f"{self.case} @ {self.held_on}"
