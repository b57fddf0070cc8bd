"""Every change to learning networks and their memberships goes through here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from netwerk.models import LearningNetwork, NetworkMembership
from schools.models import School, User
from schools.services import save_validated, today


@transaction.atomic
def create_network(
    *, name: str, description: str = "", coordinators: Iterable[User] = ()
) -> LearningNetwork:
    network = save_validated(LearningNetwork(name=name.strip(), description=description))
    network.coordinators.set(list(coordinators))
    return network


@transaction.atomic
def update_network(
    *, network: LearningNetwork, name: str | None = None, description: str | None = None
) -> LearningNetwork:
    if name is not None:
        network.name = name.strip()
    if description is not None:
        network.description = description
    return save_validated(network)


@transaction.atomic
def join_network(
    *, network: LearningNetwork, school: School, joined_on: datetime.date | None = None
) -> NetworkMembership:
    membership = NetworkMembership(network=network, school=school, joined_on=joined_on or today())
    return save_validated(membership)


@transaction.atomic
def leave_network(
    *, membership: NetworkMembership, left_on: datetime.date | None = None
) -> NetworkMembership:
    if not membership.is_active:
        raise ValidationError(_("This school has already left the network."))
    membership.left_on = left_on or today()
    return save_validated(membership, update_fields=["left_on"])


@transaction.atomic
def add_coordinator(*, network: LearningNetwork, person: User) -> None:
    if network.coordinators.filter(pk=person.pk).exists():
        raise ValidationError({"person": _("This person already coordinates this network.")})
    network.coordinators.add(person)


@transaction.atomic
def remove_coordinator(*, network: LearningNetwork, person: User) -> None:
    if network.coordinators.exclude(pk=person.pk).count() == 0:
        raise ValidationError(_("A network needs at least one coordinator."))
    network.coordinators.remove(person)


@transaction.atomic
def add_network_coach(*, network: LearningNetwork, person: User) -> None:
    if network.coaches.filter(pk=person.pk).exists():
        raise ValidationError({"person": _("This coach already works in this network.")})
    network.coaches.add(person)


@transaction.atomic
def remove_network_coach(*, network: LearningNetwork, person: User) -> None:
    network.coaches.remove(person)
