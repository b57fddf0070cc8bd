"""Leadership reflection: per school and period, leaders and datateam members each rate
the five building blocks, then discuss them together once a leader opens the period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leadership.blocks import BLOCK_CHOICES, ESSENTIAL_CHOICES
from netwerk.ratings import level_field, level_in_range, note_field
from schools.models import School


class Reflection(models.Model):
    """One school's reflection in one period. Ratings stay hidden from the other group
    until a leader opens the period for discussion; after that they no longer change."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="leadership_reflections"
    )
    period = models.CharField(_("period"), max_length=11)
    opened_at = models.DateTimeField(_("opened for discussion"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    discussion_notes = models.TextField(_("discussion notes"), blank=True, max_length=10_000)
    next_steps = models.TextField(_("agreed next steps"), blank=True, max_length=5_000)
    discussed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school", "-period"]
        verbose_name = _("leadership reflection")
        verbose_name_plural = _("leadership reflections")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "period"], name="one_reflection_per_school_and_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.period}"

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None


class RaterGroup(models.TextChoices):
    LEADERS = "leaders", _("School leaders")
    TEAM = "team", _("Datateam members")


class BlockRating(models.Model):
    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="ratings")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.CharField(_("group"), max_length=10, choices=RaterGroup.choices)
    block = models.CharField(_("building block"), max_length=20, choices=BLOCK_CHOICES)
    level = level_field()
    note = note_field()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["reflection", "block", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["reflection", "person", "block"], name="one_block_rating_per_person"
            ),
            level_in_range("block_rating_level_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.block}: {self.level}"


class EssentialCheck(models.Model):
    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="essentials")
    essential = models.CharField(_("essential"), max_length=20, choices=ESSENTIAL_CHOICES)
    in_place = models.BooleanField(_("in place"), default=False)
    note = note_field()

    class Meta:
        ordering = ["reflection", "essential"]
        constraints = [
            models.UniqueConstraint(
                fields=["reflection", "essential"], name="one_check_per_essential"
            )
        ]

    def __str__(self) -> str:
        return f"{self.essential}: {self.in_place}"
