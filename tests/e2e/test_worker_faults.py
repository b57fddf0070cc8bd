"""Task workers killed mid-job, and workers started beside each other: real `manage.py
worker` processes on PostgreSQL. A job whose worker is gone is run again by another
worker once that worker's lease expires, exactly once; a living worker's long job is
never taken from it, whatever id the workers were started with."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from casestudies import services
from casestudies.models import Dataset, DatasetStatus
from netwerk.models import WorkerLease
from tests.casestudies.test_datasets import pupil_export
from tests.conftest import Demo

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

HEARTBEAT = 0.5  # seconds, for the workers of these tests
LEASE = 2.0


class Workers:
    def __init__(self, media: Path) -> None:
        self.media = media
        self.started: list[subprocess.Popen[str]] = []

    def start(self, *options: str) -> subprocess.Popen[str]:
        database = connection.settings_dict
        url = (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        )
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env |= {
            "DATABASE_URL": url,
            "NETWERK_VAR_DIR": str(self.media.parent),
            "REDIS_URL": "",
            "NETWERK_WORKER_HEARTBEAT_SECONDS": str(HEARTBEAT),
            "NETWERK_WORKER_LEASE_SECONDS": str(LEASE),
        }
        # --no-reload: with the autoreloader (on when DEBUG is) the work runs in a child
        # process that a SIGKILL of this one would leave running.
        command = ["manage.py", "worker", "--interval", "0.2", "--no-reload", *options]
        worker = subprocess.Popen(
            [sys.executable, *command], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
        )
        self.started.append(worker)
        return worker

    def stop_all(self) -> None:
        for worker in self.started:
            if worker.poll() is None:
                worker.terminate()
        for worker in self.started:
            try:
                worker.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.communicate()


@pytest.fixture
def workers(postgres, settings, tmp_path: Path) -> Iterator[Workers]:
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    pool = Workers(media)
    try:
        yield pool
    finally:
        pool.stop_all()


def wait_for(condition, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def running(worker: subprocess.Popen[str]) -> bool:
    assert worker.poll() is None, worker.communicate()[1][-2000:]
    return True


def status(dataset: Dataset) -> str:
    dataset.refresh_from_db()
    return dataset.status


def finished(job: DBTaskResult[..., None]) -> bool:
    """The job's own record, which its worker writes after the dataset's."""
    job.refresh_from_db()
    return job.status in {TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED}


def anonymising(
    demo: Demo, workers: Workers, *options: str
) -> tuple[Dataset, DBTaskResult[..., None]]:
    """A 300,000-row upload, read by a worker started with `options`, whose anonymisation
    (some seconds of work, longer than a lease) has started."""
    dataset = services.upload_dataset(
        school=demo.school1,
        person=demo.teacher1,
        uploaded_file=SimpleUploadedFile("groot.csv", pupil_export(rows=300_000)),
    )
    worker = workers.start(*options)
    wait_for(lambda: running(worker) and status(dataset) == DatasetStatus.AWAITING_ROLES)
    services.confirm_roles(dataset=dataset, roles=dataset.roles | {"leerlingnummer": "pseudonym"})
    wait_for(lambda: status(dataset) == DatasetStatus.ANONYMISING and dataset.progress > 0)
    job = DBTaskResult.objects.get(task_path__endswith="anonymise_dataset_job")
    return dataset, job


def test_a_killed_workers_job_is_run_once_by_another_worker(demo: Demo, workers: Workers):
    dataset, job = anonymising(demo, workers, "--worker-id", "machine-a")
    first = workers.started[0]
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING  # left behind by the killed worker
    killed_id = job.worker_ids[-1]
    assert killed_id.startswith("machine-a.")

    second = workers.start("--worker-id", "machine-b")
    wait_for(lambda: status(dataset) == DatasetStatus.READY and finished(job))
    assert job.status == TaskResultStatus.SUCCESSFUL
    # Claimed twice: by the killed worker, then once by the other; never by a third.
    assert job.worker_ids[0] == killed_id
    assert len(job.worker_ids) == 2
    assert job.worker_ids[1].startswith("machine-b.")
    assert dataset.report["rows_in"] == 300_000
    assert dataset.anonymised_file
    second.terminate()
    _out, errors = second.communicate(timeout=20)
    assert "Requeued 1 job" in errors or "stopped renewing its lease" in errors
    # The killed worker's lease was cleared with its job; the stopped one ended its own.
    left = list(WorkerLease.objects.values_list("worker_id", "heartbeat_at"))
    assert left == [], (left, killed_id, errors[-2000:])


def test_a_living_workers_long_job_is_not_taken_by_a_worker_started_beside_it(
    demo: Demo, workers: Workers
):
    # Both started without --worker-id on one host, as `make run` and a second terminal
    # would: the one that is not running the job must neither requeue nor run it. Both are
    # up (their leases held) before the job is queued, so that they overlap for the whole
    # job however quickly this machine anonymises.
    dataset = services.upload_dataset(
        school=demo.school1,
        person=demo.teacher1,
        uploaded_file=SimpleUploadedFile("groot.csv", pupil_export(rows=300_000)),
    )
    first = workers.start()
    wait_for(lambda: running(first) and status(dataset) == DatasetStatus.AWAITING_ROLES)
    second = workers.start()
    wait_for(lambda: running(second) and WorkerLease.objects.count() == 2)
    started = time.monotonic()
    services.confirm_roles(dataset=dataset, roles=dataset.roles | {"leerlingnummer": "pseudonym"})
    wait_for(lambda: status(dataset) == DatasetStatus.READY)
    job = DBTaskResult.objects.get(task_path__endswith="anonymise_dataset_job")
    wait_for(lambda: finished(job))
    assert time.monotonic() - started > LEASE, "the job must outlast a lease for this test"
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert len(job.worker_ids) == 1
    assert running(first)
    assert running(second)
    assert len(set(WorkerLease.objects.values_list("worker_id", flat=True))) == 2
