from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from capacity.models import Contribution
from schools.admin_base import ServiceOnlyAdmin


@admin.register(Contribution)
class ContributionAdmin(ServiceOnlyAdmin[Contribution]):
    change_hint = _(
        "The ledger derives contributions from what happens; coordinators and coaches add "
        "manual entries on the network's contributions page."
    )
    list_display = ["network", "school", "person", "category", "rule", "occurred_on"]
    list_filter = ["category", "rule", "network"]
    search_fields = ["description", "school__name", "person__username", "network__name"]
    list_select_related = ["network", "school", "person"]
    date_hierarchy = "occurred_on"
