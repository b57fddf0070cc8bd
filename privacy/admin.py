"""The audit log is evidence (AVG art. 5(2)): nobody changes or deletes an entry here. A
staff member sees the entries of schools where they have a role or an active coach
assignment; superusers all."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from privacy.models import AuditEvent
from schools.admin_base import SchoolPrivateAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(SchoolPrivateAdmin[AuditEvent]):
    change_hint = _(
        "Nowhere: the platform writes the log; entries expire after the retention period."
    )
    list_display = ["at", "school", "network", "actor", "action", "object_label", "via"]
    list_filter = ["action", "via", "object_type"]
    search_fields = [
        "object_label",
        "detail",
        "school__name",
        "actor__username",
        "actor__last_name",
    ]
    list_select_related = ["school", "actor"]
    date_hierarchy = "at"
