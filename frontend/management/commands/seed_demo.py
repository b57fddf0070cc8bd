from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from capacity.demo import seed_demo_contributions
from casestudies.demo import play_actions, seed_demo_cases
from coaching.demo import seed_demo_coaching
from leadership.demo import seed_demo_leadership
from meetings.demo import seed_demo_sessions
from netwerk.demo import DEFAULT_PASSWORD, PEOPLE, seed_demo
from notifications.demo import seed_demo_notifications


class Command(BaseCommand):
    help = (
        "Create the demo learning networks, schools, datateams, accounts, case studies and "
        "network sessions "
        "(idempotent)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"password of every demo account (default: {DEFAULT_PASSWORD})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seed_demo(password=options["password"])
        seed_demo_cases()
        seed_demo_sessions()
        seed_demo_notifications()
        seed_demo_coaching()
        seed_demo_leadership()
        # Last: the ledger is derived from what the other demo seeds made.
        seed_demo_contributions()
        play_actions()  # after the adoptions, which add actions and evaluate cycles
        self.stdout.write(
            self.style.SUCCESS(f"Demo network ready: {len(PEOPLE)} accounts, e.g. teacher1.")
        )
