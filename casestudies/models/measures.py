"""Measures a case study tracks over time, and their points: the data of its run charts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from casestudies.models.cases import CaseStudy
from casestudies.suppression import SMALL_N

# Partners never see a value computed from fewer pupils than this.


class MeasureKind(models.TextChoices):
    MEAN = "mean", _("Mean")
    PERCENTAGE = "percentage", _("Percentage")
    COUNT = "count", _("Count")


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Measure(models.Model):
    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=MeasureKind.choices)
    direction = models.CharField(_("desired direction"), max_length=4, choices=Direction.choices)
    # Points up to this date make the frozen baseline the chart's centre line.
    baseline_until = models.DateField(_("baseline until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]  # the first is the SMART goal's indicator

    def __str__(self) -> str:
        return self.name


class MeasurePoint(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="points")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=3)
    n = models.PositiveIntegerField(_("n"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "date"], name="one_point_per_measure_date")
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.date}: {self.value}"

    @property
    def small(self) -> bool:
        return self.n is not None and self.n < SMALL_N
