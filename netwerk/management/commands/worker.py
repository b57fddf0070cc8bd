from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from netwerk.workers import (
    Heartbeat,
    end_lease,
    renew_lease,
    requeue_expired_jobs,
    unique_worker_id,
)


class Command(DatabaseWorkerCommand):
    help = (
        "Run the background worker. It holds a lease it renews while it lives; the jobs of "
        "a worker whose lease expired (it was killed, its machine is gone) are run again by "
        "any other. --worker-id names it (the host name by default); a random suffix makes "
        "each process's id its own."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = unique_worker_id(options["worker_id"] or "")
        renew_lease(worker_id)
        count = requeue_expired_jobs()
        if count:
            self.stderr.write(f"Requeued {count} job(s) of workers whose lease expired.")
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, **{**options, "worker_id": worker_id})
        finally:
            heartbeat.stop()
            end_lease(worker_id)
