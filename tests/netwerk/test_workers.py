"""Worker leases: which RUNNING jobs go back in the queue, through the service the
workers call on every heartbeat. (tests/e2e/test_worker_faults.py kills real workers.)"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from casestudies.tasks import analyse_dataset_job
from netwerk.models import WorkerLease
from netwerk.workers import renew_lease, requeue_expired_jobs, unique_worker_id

pytestmark = pytest.mark.django_db


def claimed_by(worker_id: str) -> DBTaskResult[..., None]:
    result = analyse_dataset_job.enqueue(1)
    job = DBTaskResult.objects.get(id=result.id)
    job.claim(worker_id)
    return job


def heartbeat_ago(worker_id: str, seconds: float) -> None:
    renew_lease(worker_id)
    WorkerLease.objects.filter(worker_id=worker_id).update(
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )


def test_a_job_of_a_worker_that_renews_its_lease_keeps_running(settings) -> None:
    settings.NETWERK_WORKER_LEASE_SECONDS = 60
    job = claimed_by("alive.1")
    heartbeat_ago("alive.1", 30)
    assert requeue_expired_jobs() == 0
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING


def test_a_job_of_a_worker_whose_lease_expired_goes_back_in_the_queue(settings) -> None:
    settings.NETWERK_WORKER_LEASE_SECONDS = 60
    job = claimed_by("gone.1")
    heartbeat_ago("gone.1", 61)
    assert requeue_expired_jobs() == 1
    job.refresh_from_db()
    assert job.status == TaskResultStatus.READY
    assert job.started_at is None
    assert not WorkerLease.objects.filter(worker_id="gone.1").exists()
    assert DBTaskResult.objects.ready().filter(id=job.id).exists()


def test_a_job_of_a_worker_without_any_lease_goes_back_in_the_queue() -> None:
    job = claimed_by("from-before-leases")
    assert requeue_expired_jobs() == 1
    job.refresh_from_db()
    assert job.status == TaskResultStatus.READY


def test_two_workers_with_one_name_get_ids_of_their_own() -> None:
    first, second = unique_worker_id("host-1"), unique_worker_id("host-1")
    assert first != second
    assert first.startswith("host-1.")
    assert len(unique_worker_id("x" * 80)) <= 64
