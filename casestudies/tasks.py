"""Background jobs (Django's Tasks framework, database backend): the slow steps of a
dataset run in the worker, never in a request."""

from __future__ import annotations

from collections.abc import Callable

from django_tasks import task

from casestudies import services
from casestudies.models import Dataset


@task()
def analyse_dataset_job(dataset_id: int) -> None:
    _run(dataset_id, services.analyse_dataset)


@task()
def anonymise_dataset_job(dataset_id: int) -> None:
    _run(dataset_id, services.anonymise_dataset)


def _run(dataset_id: int, step: Callable[..., Dataset]) -> None:
    dataset = Dataset.objects.select_related("school").get(pk=dataset_id)
    try:
        step(dataset=dataset)
    except Exception:
        services.fail_dataset(dataset=dataset)
        raise
