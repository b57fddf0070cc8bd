from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from privacy.audit import purge_expired


class Command(BaseCommand):
    help = "Delete audit-log events older than NETWERK_AUDIT_RETENTION_DAYS (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{purge_expired()} audit events deleted.")
