"""The daily run as a background job (Django's Tasks framework, database backend)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from notifications.daily import run_daily


@task()
def daily_notifications_job() -> None:
    run_daily(now=timezone.now())
