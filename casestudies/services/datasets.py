"""Datasets: upload, analyse, confirm roles, anonymise, accept or discard.

The pure engine (casestudies.anonymisation) does the work; these services keep the state,
the files and the rules, and hand the slow steps to background jobs after commit.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable, Mapping
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from casestudies import anonymisation as engine
from casestudies.events import DatasetReady
from casestudies.models import Dataset, DatasetStatus
from casestudies.services import dataset_checks
from casestudies.services.stored_files import read_stored_table
from netwerk.events import emit
from schools.models import School, User

ALLOWED_SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx"}
ROLE_VALUES = {role.value for role in engine.Role}
# The anonymisation a school may ask for: the page's form and the API's serializer take
# their bounds from here.
MIN_K, MAX_K, DEFAULT_K = 2, 100, 5
MAX_SUPPRESSION, DEFAULT_SUPPRESSION = 0.2, 0.05


def upload_limit() -> int:
    return int(settings.NETWERK_UPLOAD_MAX_BYTES)


@transaction.atomic
def upload_dataset(
    *, school: School, person: User, uploaded_file: UploadedFile[bytes], title: str = ""
) -> Dataset:
    name = PurePath(uploaded_file.name or "upload").name
    if PurePath(name).suffix.lower() not in ALLOWED_SUFFIXES:
        raise ValidationError({"file": _("Upload a CSV or XLSX file.")})
    if not uploaded_file.size:
        raise ValidationError({"file": _("The file is empty.")})
    if uploaded_file.size > upload_limit():
        raise ValidationError(
            {"file": _("The file is larger than %(mb)d MB.") % {"mb": upload_limit() // 2**20}}
        )
    dataset = Dataset(
        school=school,
        uploaded_by=person,
        token=secrets.token_hex(16),
        title=(title.strip() or name)[:200],
        original_name=name[:255],
        raw_size=uploaded_file.size,
        progress_label="queued",
    )
    dataset.raw_file.save(name, uploaded_file, save=False)
    dataset.save()
    transaction.on_commit(lambda: _enqueue("analyse_dataset_job", dataset.pk))
    return dataset


def analyse_dataset(*, dataset: Dataset) -> Dataset:
    """Read the raw file and suggest a role per column. A file that cannot be read is
    refused with the engine's message, and deleted: nothing of it is kept."""
    _set_progress(dataset, 0.1, "reading")
    try:
        table = read_stored_table(dataset.raw_file, max_bytes=upload_limit())
    except engine.AnonymisationError as error:
        delete_raw_file(dataset)
        return _finish(dataset, DatasetStatus.FAILED, error=error)
    suggestions = engine.suggest_roles(table.frame)
    dataset.columns = [
        {"name": s.column, "role": s.role.value, "reason": s.reason} for s in suggestions.values()
    ]
    dataset_checks.annotate_identifiers(dataset.columns, table.frame)
    dataset.roles = {s.column: s.role.value for s in suggestions.values()}
    dataset.delimiter = table.delimiter
    dataset.row_count = len(table.frame)
    return _finish(dataset, DatasetStatus.AWAITING_ROLES)


@transaction.atomic
def confirm_roles(
    *,
    dataset: Dataset,
    roles: Mapping[str, str],
    k: int = DEFAULT_K,
    max_suppression: float = DEFAULT_SUPPRESSION,
) -> Dataset:
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    if dataset.status not in {DatasetStatus.AWAITING_ROLES, DatasetStatus.READY}:
        raise ValidationError(_("The roles of this dataset can no longer be changed."))
    if not dataset.has_raw_file:
        raise ValidationError(_("The original file is no longer there; upload it again."))
    columns = [column["name"] for column in dataset.columns]
    if sorted(roles) != sorted(columns) or not set(roles.values()) <= ROLE_VALUES:
        raise ValidationError({"roles": _("Choose a role for every column.")})
    if not MIN_K <= k <= MAX_K:
        raise ValidationError({"k": _("k must be between 2 and 100.")})
    if not 0 <= max_suppression <= MAX_SUPPRESSION:
        raise ValidationError(
            {"max_suppression": _("At most 20 percent of the records may be left out.")}
        )
    dataset_checks.check_roles(dataset, roles)
    dataset.roles = dict(roles)
    dataset.output_findings = None
    dataset.k = k
    dataset.max_suppression = max_suppression
    dataset.status = DatasetStatus.ANONYMISING
    dataset.progress, dataset.progress_label = 0.0, "queued"
    dataset.error, dataset.error_params = "", {}
    dataset.save()
    transaction.on_commit(lambda: _enqueue("anonymise_dataset_job", dataset.pk))
    return dataset


def anonymise_dataset(*, dataset: Dataset) -> Dataset:
    """Make the anonymised version with the school's own pseudonym key. A result that
    cannot be made (k larger than the data, say) sends the person back to the roles."""
    _set_progress(dataset, 0.1, "reading")
    try:
        table = read_stored_table(dataset.raw_file, max_bytes=upload_limit())
        _set_progress(dataset, 0.3, "generalising")
        roles = {column: engine.Role(role) for column, role in dataset.roles.items()}
        result = engine.anonymise(
            table.frame,
            roles,
            key=dataset.school.pseudonym_key,
            k=dataset.k,
            max_suppression=dataset.max_suppression,
            progress=_engine_progress(dataset, start=0.3, span=0.6),
        )
    except engine.AnonymisationError as error:
        return _finish(dataset, DatasetStatus.AWAITING_ROLES, error=error)
    _set_progress(dataset, 0.85, "checking")
    dataset.output_findings = dataset_checks.scan_anonymised(dataset, result.frame, table.frame)
    _set_progress(dataset, 0.9, "writing")
    content = engine.to_csv_text(result.frame, table.delimiter).encode("utf-8")
    if dataset.anonymised_file:
        dataset.anonymised_file.delete(save=False)
    dataset.anonymised_file.save("anonymised.csv", ContentFile(content), save=False)
    dataset.report = dict(result.report)
    return _finish(dataset, DatasetStatus.READY)


@transaction.atomic
def accept_dataset(*, dataset: Dataset, person: User) -> Dataset:
    """A school leader accepts the anonymised version. The raw upload is then deleted, or
    kept for the retention period the school has set."""
    dataset = Dataset.objects.select_for_update().select_related("school").get(pk=dataset.pk)
    if dataset.status != DatasetStatus.READY:
        raise ValidationError(_("Only an anonymised dataset that is ready can be accepted."))
    if dataset.output_findings is None:
        dataset.output_findings = dataset_checks.scan_anonymised_file(dataset)
        dataset.save(update_fields=["output_findings", "updated_at"])
    dataset_checks.refuse_findings(dataset.output_findings)
    dataset.status = DatasetStatus.ACCEPTED
    dataset.accepted_by = person
    dataset.accepted_at = timezone.now()
    days = dataset.school.raw_upload_retention_days
    if days:
        dataset.delete_raw_after = dataset.accepted_at + datetime.timedelta(days=days)
        dataset.save()
    else:
        dataset.save()
        transaction.on_commit(lambda: delete_raw_file(dataset))
    return dataset


@transaction.atomic
def discard_dataset(*, dataset: Dataset) -> Dataset:
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    if dataset.status == DatasetStatus.ACCEPTED:
        raise ValidationError(_("An accepted dataset cannot be discarded."))
    dataset.status = DatasetStatus.DISCARDED
    dataset.save(update_fields=["status", "updated_at"])

    def remove_files() -> None:
        delete_raw_file(dataset)
        if dataset.anonymised_file:
            dataset.anonymised_file.delete(save=False)
            dataset.save(update_fields=["anonymised_file", "updated_at"])

    transaction.on_commit(remove_files)
    return dataset


def delete_raw_file(dataset: Dataset) -> None:
    if dataset.raw_file:
        dataset.raw_file.delete(save=False)
    dataset.raw_deleted_at = timezone.now()
    dataset.save(update_fields=["raw_file", "raw_deleted_at", "updated_at"])


def purge_expired_raw_uploads(*, now: datetime.datetime | None = None) -> int:
    """Delete raw uploads whose retention period has passed; returns how many."""
    expired = Dataset.objects.filter(
        delete_raw_after__lte=now or timezone.now(), raw_deleted_at__isnull=True
    )
    count = 0
    for dataset in expired:
        delete_raw_file(dataset)
        count += 1
    return count


def _set_progress(dataset: Dataset, fraction: float, stage: str) -> None:
    dataset.progress, dataset.progress_label = fraction, stage
    dataset.save(update_fields=["progress", "progress_label", "updated_at"])


def _engine_progress(
    dataset: Dataset, *, start: float, span: float
) -> Callable[[float, str], None]:
    """The engine's own progress, mapped onto part of the job's bar; written at most every
    two percent, so a fine-grained engine does not flood the database."""

    def report(fraction: float, _stage: str) -> None:
        value = start + span * fraction
        if value - dataset.progress >= 0.02:
            _set_progress(dataset, value, "generalising")

    return report


def fail_dataset(*, dataset: Dataset) -> Dataset:
    """A job that broke leaves a clear state behind, never a dataset stuck 'working'."""
    failure = engine.AnonymisationError(
        gettext_noop("Something went wrong while processing this file.")
    )
    return _finish(dataset, DatasetStatus.FAILED, error=failure)


def _finish(
    dataset: Dataset, status: str, *, error: engine.AnonymisationError | None = None
) -> Dataset:
    """Store the outcome; an error as its template and values, shown in each reader's
    language (Dataset.error_message)."""
    dataset.status = status
    dataset.error = error.template if error else ""
    dataset.error_params = error.params if error else {}
    dataset.progress, dataset.progress_label = 1.0, ""
    dataset.save()
    if status == DatasetStatus.READY:
        emit(DatasetReady(dataset=dataset))
    return dataset


def _enqueue(job_name: str, dataset_id: int) -> None:
    from casestudies import tasks

    getattr(tasks, job_name).enqueue(dataset_id)
