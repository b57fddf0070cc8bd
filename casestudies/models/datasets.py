"""Case-study material. A Dataset is a school's upload on its way to an anonymised version."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casestudies.anonymisation.errors import render
from schools.models import School


def translated(template: str, params: Mapping[str, object]) -> str:
    """A stored message (an English template and its values, as the anonymisation engine
    raises them) in the active language."""
    try:
        return render(gettext(template), params)
    except (KeyError, ValueError, TypeError):  # a translation that lost a placeholder
        return render(template, params)


def raw_upload_path(dataset: Dataset, filename: str) -> str:
    # The original name stays in the database only; on disk the file is not guessable.
    return f"raw/school_{dataset.school_id}/{dataset.token}{PurePath(filename).suffix.lower()}"


def anonymised_path(dataset: Dataset, filename: str) -> str:
    return f"anonymised/school_{dataset.school_id}/{dataset.token}.csv"


class DatasetStatus(models.TextChoices):
    ANALYSING = "analysing", _("Reading the file")
    AWAITING_ROLES = "awaiting_roles", _("Confirm the column roles")
    ANONYMISING = "anonymising", _("Anonymising")
    READY = "ready", _("Ready for review")
    ACCEPTED = "accepted", _("Accepted")
    FAILED = "failed", _("Could not be read")
    DISCARDED = "discarded", _("Discarded")


# The statuses in which a dataset has an anonymised version: one to download, analyse and
# name as a case's data source.
ANONYMISED_STATUSES = frozenset({DatasetStatus.READY, DatasetStatus.ACCEPTED})


# What a background job is doing, stored as a key and shown in the reader's language.
STAGES = {
    "queued": _("Waiting for a worker"),
    "reading": _("Reading the file"),
    "generalising": _("Generalising until every group has k pupils"),
    "checking": _("Checking the result for personal data"),
    "writing": _("Writing the anonymised file"),
}


class Dataset(models.Model):
    """An upload of pupil data, school-private, and the anonymised version made from it."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="datasets")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    token = models.CharField(max_length=32, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    original_name = models.CharField(max_length=255)
    raw_file = models.FileField(upload_to=raw_upload_path, blank=True)
    raw_size = models.PositiveBigIntegerField(default=0)
    raw_deleted_at = models.DateTimeField(null=True, blank=True)
    delete_raw_after = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=DatasetStatus.choices, default=DatasetStatus.ANALYSING
    )
    progress = models.FloatField(default=0.0)
    progress_label = models.CharField(max_length=100, blank=True)
    # What went wrong, as an English template with its values: each reader sees it in
    # their own language (error_message).
    error = models.TextField(blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    delimiter = models.CharField(max_length=1, default=";")
    row_count = models.PositiveIntegerField(null=True, blank=True)
    # [{"name", "role", "reason"}] as suggested; the confirmed choice lives in `roles`.
    columns = models.JSONField(default=list, blank=True)
    roles = models.JSONField(default=dict, blank=True)
    k = models.PositiveSmallIntegerField(default=5)
    max_suppression = models.FloatField(default=0.05)
    anonymised_file = models.FileField(upload_to=anonymised_path, blank=True)
    report = models.JSONField(default=dict, blank=True)
    # What the anonymised file still holds ({column: {kind: cells}}), scanned before a
    # leader may accept it; None until it has been scanned.
    output_findings = models.JSONField(null=True, blank=True, default=None)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.title

    @property
    def is_working(self) -> bool:
        return self.status in {DatasetStatus.ANALYSING, DatasetStatus.ANONYMISING}

    @property
    def stage_display(self) -> str:
        return str(STAGES.get(self.progress_label, ""))

    @property
    def error_message(self) -> str:
        return translated(self.error, self.error_params) if self.error else ""

    @property
    def has_raw_file(self) -> bool:
        return bool(self.raw_file) and self.raw_deleted_at is None
