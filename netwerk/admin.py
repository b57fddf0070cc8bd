from __future__ import annotations

from django.contrib import admin

from netwerk.models import LearningNetwork, NetworkMembership


class NetworkMembershipInline(admin.TabularInline[NetworkMembership, LearningNetwork]):
    model = NetworkMembership
    extra = 0
    autocomplete_fields = ["school"]


@admin.register(LearningNetwork)
class LearningNetworkAdmin(admin.ModelAdmin[LearningNetwork]):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["coordinators", "coaches"]
    inlines = [NetworkMembershipInline]
