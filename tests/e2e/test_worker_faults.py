"""The task worker killed in the middle of an anonymisation job (kill -9, no chance to
clean up): after the worker is started again, the job runs again and completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from casestudies import services
from casestudies.models import DatasetStatus
from tests.casestudies.test_datasets import pupil_export
from tests.conftest import Demo

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def start_worker(media: Path, worker_id: str) -> subprocess.Popen[str]:
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {"DATABASE_URL": url, "NETWERK_VAR_DIR": str(media.parent), "REDIS_URL": ""}
    # --no-reload: with the autoreloader (on when DEBUG is) the work runs in a child process
    # that a SIGKILL of this one would leave running.
    command = ["manage.py", "worker", "--worker-id", worker_id, "--interval", "0.2", "--no-reload"]
    return subprocess.Popen(
        [sys.executable, *command],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_job_interrupted_by_a_killed_worker_completes_after_a_restart(
    postgres, demo: Demo, settings, tmp_path: Path
):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    dataset = services.upload_dataset(
        school=demo.school1,
        person=demo.teacher1,
        uploaded_file=SimpleUploadedFile("groot.csv", pupil_export(rows=300_000)),
    )
    worker = start_worker(media, "test-worker-1")
    try:

        def status() -> str:
            dataset.refresh_from_db()
            return dataset.status

        wait_for(lambda: status() == DatasetStatus.AWAITING_ROLES)
        services.confirm_roles(
            dataset=dataset, roles=dataset.roles | {"leerlingnummer": "pseudonym"}
        )
        wait_for(lambda: status() == DatasetStatus.ANONYMISING and dataset.progress > 0)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    job = DBTaskResult.objects.get(task_path__endswith="anonymise_dataset_job")
    assert job.status == TaskResultStatus.RUNNING  # left behind by the killed worker
    assert status() == DatasetStatus.ANONYMISING

    restarted = start_worker(media, "test-worker-1")
    try:
        wait_for(lambda: status() == DatasetStatus.READY)
    finally:
        restarted.terminate()
        _out, errors = restarted.communicate(timeout=20)
    assert "Requeued 1 unfinished job" in errors
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert dataset.report["rows_in"] == 300_000
    assert dataset.anonymised_file
