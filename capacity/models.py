"""The contributions ledger: what partners bring each other, in four categories."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from capacity.rules import RULES, Category
from casestudies.models import CaseStudy
from netwerk.models import LearningNetwork
from schools.models import School


class Contribution(models.Model):
    """One recorded contribution to a network. Derived rows carry a unique ``source_key``
    (for example ``publication:12:network:3``) so that deriving twice records once."""

    network = models.ForeignKey(
        LearningNetwork, on_delete=models.CASCADE, related_name="contributions"
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="contributions", null=True, blank=True
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="contributions",
        null=True,
        blank=True,
    )
    # The other school in a cross-school contribution: who endorsed or adopted the
    # solution. The adoption graph and "received" figures come from it.
    counterpart_school = models.ForeignKey(
        School, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    rule = models.CharField(
        _("rule"), max_length=40, choices=[(slug, rule.title) for slug, rule in RULES.items()]
    )
    occurred_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    source_key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [
            # Covering (PostgreSQL): the dashboard's monthly counts read the index alone.
            models.Index(
                fields=["network", "occurred_on"],
                include=["category", "school"],
                name="contribution_network_date",
            ),
            models.Index(
                fields=["network", "rule", "occurred_on"],
                include=["school", "counterpart_school"],
                name="contribution_rule",
            ),
            models.Index(fields=["school", "occurred_on"], name="contribution_school_date"),
            models.Index(
                fields=["counterpart_school", "occurred_on"], name="contribution_counterpart"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description or self.rule}"


class StepReached(models.Model):
    """The day a cycle reached a step (onward, or back to revisit it): the history behind
    the network dashboard's cycles per step over time. A cycle is at step 1 from the day
    it starts, so that step has no row of its own."""

    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="+")
    step = models.PositiveSmallIntegerField(_("step"))
    reached_on = models.DateField(_("date"))

    class Meta:
        ordering = ["case", "reached_on", "id"]
        verbose_name = _("step reached")
        verbose_name_plural = _("steps reached")
        indexes = [models.Index(fields=["case", "reached_on"], name="step_reached_case_date")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.step} ({self.reached_on})"


class MonthlyCount(models.Model):
    """How many contributions the ledger holds per network, school, month and category.

    The database keeps these counts itself, by triggers on the ledger (migration 0004): so
    every way rows arrive (``record``, a bulk derivation, COPY, a restore) and every way
    they go is counted, and the network dashboard reads a few rows per school and month
    instead of scanning the whole ledger. ``school_key`` is the school's id, 0 for a
    contribution of no school; neither key is a foreign key, so a network or school
    deleted with its ledger leaves nothing to cascade."""

    network = models.ForeignKey(
        LearningNetwork,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    school_key = models.PositiveIntegerField()
    month = models.DateField(_("month"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    count = models.IntegerField(_("contributions"))

    class Meta:
        ordering = ["network", "month", "school_key", "category"]
        verbose_name = _("monthly count")
        verbose_name_plural = _("monthly counts")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "month", "school_key", "category"], name="monthly_count_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network_id} {self.month:%Y-%m} {self.category}: {self.count}"
