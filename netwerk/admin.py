from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from netwerk import services
from netwerk.models import Invitation, LearningNetwork, NetworkMembership, WorkerLease
from schools.admin_base import (
    ReadOnlyInline,
    SchoolPrivateAdmin,
    ServiceOnlyAdmin,
    apply_to_each,
)
from schools.models import User

MEMBERS_HINT = _(
    "A coordinator adds schools on the network's page; a school leaves with the action here."
)


class NetworkMembershipInline(ReadOnlyInline[NetworkMembership]):
    model = NetworkMembership
    fields = ["school", "joined_on", "left_on"]


@admin.register(LearningNetwork)
class LearningNetworkAdmin(admin.ModelAdmin[LearningNetwork]):
    """Name, description, coordinators and coaches change through the netwerk services."""

    list_display = ["name", "created_at"]
    search_fields = ["name", "description"]
    list_filter = ["created_at"]
    filter_horizontal = ["coordinators", "coaches"]
    inlines = [NetworkMembershipInline]

    def save_model(
        self,
        request: HttpRequest,
        obj: LearningNetwork,
        form: ModelForm[LearningNetwork],
        change: bool,
    ) -> None:
        data = form.cleaned_data
        if change:
            services.update_network(network=obj, name=data["name"], description=data["description"])
        else:
            created = services.create_network(
                name=data["name"],
                description=data["description"],
                coordinators=data["coordinators"],
            )
            obj.pk = created.pk

    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm[LearningNetwork],
        formsets: list[Any],
        change: bool,
    ) -> None:
        network: LearningNetwork = form.instance
        data = form.cleaned_data
        for formset in formsets:  # read-only inlines: they save nothing
            self.save_formset(request, form, formset, change)
        try:
            with transaction.atomic():  # all of the people's changes, or none
                _set_people(network, "coordinators", data["coordinators"])
                _set_people(network, "coaches", data["coaches"])
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    def has_delete_permission(
        self, request: HttpRequest, obj: LearningNetwork | None = None
    ) -> bool:
        # A network's publications, sessions and ledger would go with it.
        return False


def _set_people(network: LearningNetwork, relation: str, wanted: QuerySet[User]) -> None:
    add, remove = {
        "coordinators": (services.add_coordinator, services.remove_coordinator),
        "coaches": (services.add_network_coach, services.remove_network_coach),
    }[relation]
    current = set(getattr(network, relation).all())
    for person in set(wanted) - current:
        add(network=network, person=person)
    for person in current - set(wanted):
        remove(network=network, person=person)


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(ServiceOnlyAdmin[NetworkMembership]):
    change_hint = MEMBERS_HINT
    list_display = ["school", "network", "joined_on", "left_on"]
    list_filter = ["network", ("left_on", admin.EmptyFieldListFilter)]
    search_fields = ["school__name", "school__code", "network__name"]
    list_select_related = ["school", "network"]
    actions = ["leave"]

    @admin.action(
        description=_("The selected schools leave their network today"), permissions=["act"]
    )
    def leave(self, request: HttpRequest, queryset: QuerySet[NetworkMembership]) -> None:
        apply_to_each(self, request, queryset, lambda row: services.leave_network(membership=row))


@admin.register(WorkerLease)
class WorkerLeaseAdmin(ServiceOnlyAdmin[WorkerLease]):
    """Which background workers are alive: each renews its lease while it runs."""

    change_hint = _("Each worker renews its own lease; a stopped worker's lease expires.")
    list_display = ["worker_id", "started_at", "heartbeat_at"]
    search_fields = ["worker_id"]
    ordering = ["-heartbeat_at"]


@admin.register(Invitation)
class InvitationAdmin(SchoolPrivateAdmin[Invitation]):
    """Who was invited where, by whom, and whether the link was used."""

    change_hint = _("Leaders and coordinators invite people on the invitation page.")
    list_display = [
        "email",
        "school",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_filter = ["role", ("accepted_at", admin.EmptyFieldListFilter), "school"]
    search_fields = ["email", "school__name", "invited_by__username", "invited_by__last_name"]
    list_select_related = ["school", "invited_by"]
    exclude = ["token_hash"]
