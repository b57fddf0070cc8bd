"""Publications: immutable, versioned snapshots of a case study, shared with networks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casestudies.models.cases import CaseStudy
from netwerk.models import LearningNetwork
from schools.models import anonymous_school_label


class Publication(models.Model):
    """What partners see: a frozen copy, never the working copy. A change is a new version.

    On PostgreSQL the table also holds `search_vector`, a column the database generates
    from `title` and `search_text` (migration 0005); `casestudies.library` searches it."""

    case = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="publications")
    version = models.PositiveIntegerField()
    networks = models.ManyToManyField(LearningNetwork, related_name="publications")
    # The school's name when it chose to be named, otherwise only its region.
    school_label = models.CharField(max_length=200)
    names_school = models.BooleanField(default=False)
    title = models.CharField(max_length=200)
    theme = models.CharField(max_length=20)
    sector = models.CharField(max_length=12)
    template = models.CharField(max_length=20)
    furthest_step = models.PositiveSmallIntegerField()
    goal_reached = models.BooleanField(null=True)
    snapshot = models.JSONField()
    search_text = models.TextField(blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="one_publication_per_version")
        ]
        indexes = [
            models.Index(fields=["-published_at"], name="publication_newest"),
            # "No newer shown version of the case" (the library's rule), from the index alone;
            # with the id included, counting the shown versions never reads the wide rows
            models.Index(
                fields=["case", "version"],
                include=["id"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="publication_shown_ids",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def school_display(self) -> str:
        """The school's name if it chose to be named, else "a VO school in Utrecht"."""
        if self.names_school:
            return self.school_label
        return anonymous_school_label(self.sector, self.school_label)
