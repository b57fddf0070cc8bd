from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from capacity.models import Contribution, MonthlyCount, StepReached
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


@admin.register(StepReached)
class StepReachedAdmin(ServiceOnlyAdmin[StepReached]):
    change_hint = _("Recorded when a cycle moves to a step; the network dashboard reads it.")
    list_display = ["case", "step", "reached_on"]
    list_filter = ["step", "case__template"]
    search_fields = ["case__title", "case__datateam__school__name"]
    list_select_related = ["case"]
    date_hierarchy = "reached_on"


@admin.register(MonthlyCount)
class MonthlyCountAdmin(ServiceOnlyAdmin[MonthlyCount]):
    change_hint = _("Kept by the database from the ledger; the network dashboard reads it.")
    list_display = ["network", "month", "school_key", "category", "count"]
    list_filter = ["category", "network"]
    list_select_related = ["network"]
    date_hierarchy = "month"
