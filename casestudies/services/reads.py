"""Reads of school-private data that the audit log must hear of: a case's working copy and
a dataset, shown or downloaded. Each finds the object through its access helper and emits
the read (casestudies.events), so every page and endpoint audits the same way."""

from __future__ import annotations

from django.core.files import File
from django.http import Http404

from casestudies import access
from casestudies.events import CaseViewed, DatasetDownloaded, DatasetViewed, Via
from casestudies.models import ANONYMISED_STATUSES, CaseStudy, Dataset
from netwerk.events import emit
from schools.access import AnyUser


def view_case(*, person: AnyUser, pk: object, via: Via) -> CaseStudy:
    """The case's working copy for someone who may work on it (404 for anyone else)."""
    case = access.case_for_editor(person, pk)
    emit(CaseViewed(person=person, school_id=case.datateam.school_id, via=via, case=case))
    return case


def view_dataset(*, person: AnyUser, pk: object, via: Via) -> Dataset:
    dataset = access.dataset_for_member(person, pk)
    emit(DatasetViewed(person=person, school_id=dataset.school_id, via=via, dataset=dataset))
    return dataset


def download_dataset(*, person: AnyUser, pk: object, via: Via) -> tuple[Dataset, File[bytes]]:
    """The dataset and its anonymised file, opened for reading, once it is made (404 before
    and after: an upload's raw file is never handed out)."""
    dataset = access.dataset_for_member(person, pk)
    if not dataset.anonymised_file or dataset.status not in ANONYMISED_STATUSES:
        raise Http404
    emit(DatasetDownloaded(person=person, school_id=dataset.school_id, via=via, dataset=dataset))
    return dataset, dataset.anonymised_file.open("rb")


def view_in_admin(*, person: AnyUser, obj: CaseStudy | Dataset) -> None:
    """A case or dataset the administration found through its own scope (superusers see
    every school's) and shows: audited like any other read."""
    if isinstance(obj, CaseStudy):
        school_id = obj.datateam.school_id
        emit(CaseViewed(person=person, school_id=school_id, via="admin", case=obj))
    else:
        emit(DatasetViewed(person=person, school_id=obj.school_id, via="admin", dataset=obj))
