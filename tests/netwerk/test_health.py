"""GET /health/ reports the background worker from the job table: how many jobs wait, how
long the oldest has waited, when a worker last did anything, and whether that is a stall.
A stalled worker never takes the web process out of the load balancer's rotation."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from notifications.tasks import daily_notifications_job

pytestmark = pytest.mark.django_db


def enqueue(*, minutes_ago: float) -> DBTaskResult[[], None]:
    result = DBTaskResult.objects.get(pk=daily_notifications_job.enqueue().id)
    DBTaskResult.objects.filter(pk=result.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return result


def finish(result: DBTaskResult[[], None], *, minutes_ago: float) -> None:
    moment = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(pk=result.pk).update(
        status=TaskResultStatus.SUCCESSFUL, started_at=moment, finished_at=moment
    )


def test_without_jobs_the_worker_is_ok_and_never_seen(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    body.pop("redis", None)  # when REDIS_URL is set
    assert body == {
        "status": "ok",
        "database": "ok",
        "worker": "ok",
        "jobs_ready": 0,
        "oldest_ready_job_seconds": 0,
        "worker_last_active": None,
    }


def test_a_job_waiting_less_than_the_stall_limit_is_ok(client, settings):
    settings.NETWERK_JOB_STALL_SECONDS = 600
    enqueue(minutes_ago=2)
    body = client.get("/health/").json()
    assert body["worker"] == "ok"
    assert body["jobs_ready"] == 1
    assert 119 <= body["oldest_ready_job_seconds"] <= 130


def test_a_job_waiting_past_the_limit_with_no_worker_about_is_a_stall_but_still_200(
    client, settings
):
    settings.NETWERK_JOB_STALL_SECONDS = 600
    finish(enqueue(minutes_ago=60), minutes_ago=45)
    enqueue(minutes_ago=11)
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["worker"] == "stalled"
    assert body["jobs_ready"] == 1
    last_active = datetime.datetime.fromisoformat(body["worker_last_active"])
    assert abs(timezone.now() - last_active - datetime.timedelta(minutes=45)).total_seconds() < 5


def test_a_waiting_job_while_a_worker_finished_one_lately_is_behind(client, settings):
    settings.NETWERK_JOB_STALL_SECONDS = 600
    finish(enqueue(minutes_ago=30), minutes_ago=1)
    enqueue(minutes_ago=20)
    body = client.get("/health/").json()
    assert body["worker"] == "behind"
    assert body["status"] == "degraded"


def test_a_job_scheduled_for_later_is_not_waiting(client, settings):
    settings.NETWERK_JOB_STALL_SECONDS = 600
    later = timezone.now() + datetime.timedelta(hours=1)
    result = daily_notifications_job.using(run_after=later).enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(hours=2)
    )
    body = client.get("/health/").json()
    assert body["worker"] == "ok"
    assert body["jobs_ready"] == 0
