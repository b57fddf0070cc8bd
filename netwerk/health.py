"""A health endpoint for load balancers and monitoring.

200 while the database answers, and Redis when it is configured; 503 naming the one that
does not. The background worker is reported but never fails the check: a web process
serves pages fine without a worker, and taking every web process out of rotation because
jobs wait would turn a slow queue into an outage. A worker that has stopped shows as
`"worker": "stalled"` and `"status": "degraded"` (still 200): alert on that. It says
nothing else about the installation and needs no login."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from netwerk.backlog import job_backlog

logger = logging.getLogger(__name__)


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except Exception:
        logger.exception("health: database check failed")
        return False


def check_redis() -> bool:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        return bool(client.ping())
    except redis.RedisError:
        logger.exception("health: Redis check failed")
        return False
    finally:
        client.close()


def check_worker() -> dict[str, Any]:
    stall_after = datetime.timedelta(seconds=settings.NETWERK_JOB_STALL_SECONDS)
    try:
        return dict(job_backlog(stall_after=stall_after))
    except DatabaseError:
        logger.exception("health: job backlog check failed")
        return {"worker": "unknown"}


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": "ok" if check_database() else "failing"}
    if settings.REDIS_URL:
        checks["redis"] = "ok" if check_redis() else "failing"
    healthy = all(state == "ok" for state in checks.values())
    worker = check_worker() if checks["database"] == "ok" else {"worker": "unknown"}
    status = "ok" if worker["worker"] == "ok" else "degraded"
    return JsonResponse(
        {"status": status if healthy else "failing", **checks, **worker},
        status=200 if healthy else 503,
    )
