"""Is the background worker keeping up? Read from the job table itself (django-tasks'
database backend), so it needs nothing from the workers but the jobs they run.

A worker that runs no job leaves no trace, so an idle installation and one without a
worker look alike: that is harmless until a job waits. The state is therefore judged by
the waiting jobs: "ok" while none has waited longer than the stall limit, "behind" when one
has but a worker started or finished a job within that limit (workers alive, too few or
busy with long jobs), "stalled" when one has and no worker did anything that long."""

from __future__ import annotations

import datetime
from typing import Literal, TypedDict

from django.db.models import Case, Count, F, Max, Min, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

WorkerState = Literal["ok", "behind", "stalled"]


class Backlog(TypedDict):
    worker: WorkerState
    jobs_ready: int
    oldest_ready_job_seconds: int
    worker_last_active: str | None


def job_backlog(*, stall_after: datetime.timedelta) -> Backlog:
    now = timezone.now()
    # A job may run from run_after on, when it has one; it waits from then.
    ready_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    ready = DBTaskResult.objects.ready().aggregate(count=Count("id"), oldest=Min(ready_since))
    active = DBTaskResult.objects.aggregate(started=Max("started_at"), finished=Max("finished_at"))
    last_active = max((moment for moment in active.values() if moment), default=None)
    waited = now - ready["oldest"] if ready["oldest"] else datetime.timedelta(0)
    return {
        "worker": worker_state(now, waited, last_active, stall_after),
        "jobs_ready": ready["count"],
        "oldest_ready_job_seconds": max(0, int(waited.total_seconds())),
        "worker_last_active": last_active.isoformat() if last_active else None,
    }


def worker_state(
    now: datetime.datetime,
    waited: datetime.timedelta,
    last_active: datetime.datetime | None,
    stall_after: datetime.timedelta,
) -> WorkerState:
    if waited <= stall_after:
        return "ok"
    if last_active is not None and now - last_active <= stall_after:
        return "behind"
    return "stalled"
