from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from casestudies.services import purge_expired_raw_uploads


class Command(BaseCommand):
    help = "Delete raw uploads whose retention period has passed (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_expired_raw_uploads()
        self.stdout.write(f"{count} raw uploads deleted.")
