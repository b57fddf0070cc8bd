"""Background workers on leases.

django-tasks' database worker marks a job RUNNING with its worker id when it claims it.
A worker that dies mid-job (out of memory, kill -9, a machine that is replaced) leaves
that job RUNNING. So each worker process holds a lease (`WorkerLease`): an id of its own,
unique per process, and a heartbeat it renews every NETWERK_WORKER_HEARTBEAT_SECONDS from
a thread beside the jobs. Any worker puts a RUNNING job back in the queue once its
worker's heartbeat is older than NETWERK_WORKER_LEASE_SECONDS, and only then: a living
worker's long job is never taken from it. Jobs must be safe to run again from the start,
as every job in this platform is.
"""

from __future__ import annotations

import datetime
import logging
import secrets
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from netwerk.models import WorkerLease

logger = logging.getLogger(__name__)


def heartbeat_seconds() -> float:
    return float(settings.NETWERK_WORKER_HEARTBEAT_SECONDS)


def lease_limit() -> datetime.timedelta:
    return datetime.timedelta(seconds=float(settings.NETWERK_WORKER_LEASE_SECONDS))


def unique_worker_id(name: str = "") -> str:
    """This process's id: the given name (the host's by default) and a random suffix, so
    that two processes never share one, whatever they were started with."""
    suffix = secrets.token_hex(4)
    return f"{(name or socket.gethostname())[:55]}.{suffix}"


def renew_lease(worker_id: str) -> None:
    WorkerLease.objects.update_or_create(
        worker_id=worker_id, defaults={"heartbeat_at": timezone.now()}
    )


def end_lease(worker_id: str) -> None:
    WorkerLease.objects.filter(worker_id=worker_id).delete()


@transaction.atomic
def requeue_expired_jobs() -> int:
    """Put the RUNNING jobs whose worker's lease has expired back in the queue."""
    # The jobs first, the leases second: a worker renews its lease before it claims a
    # job, so a claim seen here comes with a lease the second query sees.
    running = list(DBTaskResult.objects.running().select_for_update(skip_locked=True))
    cutoff = timezone.now() - lease_limit()
    alive = set(
        WorkerLease.objects.filter(heartbeat_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    expired = [job for job in running if not job.worker_ids or job.worker_ids[-1] not in alive]
    for job in expired:
        job.status = TaskResultStatus.READY
        job.started_at = None
        job.save(update_fields=["status", "started_at"])
        logger.warning(
            "Requeued job %s (%s): its worker %s stopped renewing its lease.",
            job.id,
            job.task_path,
            job.worker_ids[-1] if job.worker_ids else "?",
        )
    WorkerLease.objects.filter(heartbeat_at__lt=cutoff).delete()
    return len(expired)


class Heartbeat(threading.Thread):
    """Renews the lease and requeues expired jobs, every heartbeat, until stopped."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(heartbeat_seconds()):
            self.beat()

    def beat(self) -> None:
        if self.stopped.is_set():
            return  # stopping: the lease is about to end, and must not be renewed after
        try:
            renew_lease(self.worker_id)
            requeue_expired_jobs()
        except DatabaseError:
            logger.exception("Worker %s could not renew its lease.", self.worker_id)
        finally:
            close_old_connections()  # back to the pool between beats

    def stop(self) -> None:
        """Stop beating; returns once no beat runs any more (or after a generous wait for a
        beat stuck on the database), so that the lease can be ended after it."""
        self.stopped.set()
        self.join(timeout=heartbeat_seconds() + 30)
