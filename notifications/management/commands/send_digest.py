from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from notifications.daily import run_daily
from notifications.tasks import daily_notifications_job


class Command(BaseCommand):
    help = (
        "The daily notifications run: reminders of actions due and network sessions in the "
        "coming week, then one e-mail digest per person who asked for it. Run it once a day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="hand the run to the background worker instead of running it here",
        )
        parser.add_argument(
            "--no-email", action="store_true", help="only create the in-app reminders"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = daily_notifications_job.enqueue()
            self.stdout.write(f"Queued the daily notifications run ({result.id}).")
            return
        run = run_daily(now=timezone.now(), digests=not options["no_email"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Reminders: {run.actions_due} actions due, {run.upcoming_sessions} sessions; "
                f"{run.emails} digest e-mails sent."
            )
        )
