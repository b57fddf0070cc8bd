"""Background workers that survive being killed.

django-tasks' database worker marks a job RUNNING with its worker id when it claims it.
A worker killed mid-job (out of memory, a host restart, kill -9) leaves that job RUNNING
for ever. Each worker process therefore has a stable id (``manage.py worker --worker-id``,
one per process slot), and when a worker starts, the jobs still RUNNING under its own id
cannot be running anywhere: they are put back in the queue. Jobs must be safe to run again
from the start, as every job in this platform is."""

from __future__ import annotations

import logging
import socket

from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def default_worker_id() -> str:
    return f"{socket.gethostname()}-worker"[:64]


@transaction.atomic
def requeue_orphaned_tasks(worker_id: str) -> int:
    """Put the jobs a previous run of this worker left RUNNING back in the queue."""
    orphans = [
        result
        for result in DBTaskResult.objects.running().select_for_update(skip_locked=True)
        if result.worker_ids and result.worker_ids[-1] == worker_id
    ]
    for result in orphans:
        result.status = TaskResultStatus.READY
        result.started_at = None
        result.save(update_fields=["status", "started_at"])
        logger.warning(
            "Requeued job %s (%s), left running by an earlier run of worker %s.",
            result.id,
            result.task_path,
            worker_id,
        )
    return len(orphans)
