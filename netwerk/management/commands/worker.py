from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from netwerk.workers import default_worker_id, requeue_orphaned_tasks


class Command(DatabaseWorkerCommand):
    help = (
        "Run the background worker. Give each worker process its own stable --worker-id: "
        "on start, jobs an earlier run of the same worker left unfinished are run again."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=default_worker_id())

    def handle(self, *args: Any, **options: Any) -> None:
        count = requeue_orphaned_tasks(options["worker_id"])
        if count:
            self.stderr.write(f"Requeued {count} unfinished job(s) of this worker.")
        super().handle(*args, **options)
