"""Who may see and act on datasets. A dataset is school-private: raw or anonymised, it is
seen only by the school's members and its assigned coaches; only the school's leaders
accept an anonymised version. Missing and forbidden are both Http404."""

from __future__ import annotations

from django.db.models import QuerySet

from casestudies.models import Dataset
from schools.access import AnyUser, get_or_404, schools_managed_by, schools_with_private_access


def datasets_visible_to(user: AnyUser) -> QuerySet[Dataset]:
    return Dataset.objects.filter(school__in=schools_with_private_access(user)).select_related(
        "school", "uploaded_by"
    )


def dataset_for_member(user: AnyUser, pk: object) -> Dataset:
    return get_or_404(datasets_visible_to(user), pk)


def dataset_for_leader(user: AnyUser, pk: object) -> Dataset:
    return get_or_404(Dataset.objects.filter(school__in=schools_managed_by(user)), pk)


def can_accept(user: AnyUser, dataset: Dataset) -> bool:
    return schools_managed_by(user).filter(pk=dataset.school_id).exists()
