"""Recording access to school-private data. Views call :func:`record` when they show or
hand out a dataset or a case study's working copy; the sharing services call it when a
case is published or withdrawn."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from privacy.models import AuditEvent
from schools.access import AnyUser
from schools.models import School, User


def record(
    actor: AnyUser | None,
    action: AuditEvent.Action,
    obj: models.Model,
    *,
    school: School | int | None,
    via: str = "page",
    network: int | None = None,
    detail: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if isinstance(actor, User) else None,
        school_id=school if isinstance(school, int) or school is None else school.pk,
        network_id=network,
        detail=detail,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_label=str(obj)[:300],
        via=via,
    )


def purge_expired() -> int:
    """Delete audit events older than NETWERK_AUDIT_RETENTION_DAYS; returns how many."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.NETWERK_AUDIT_RETENTION_DAYS)
    deleted, _per_model = AuditEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
