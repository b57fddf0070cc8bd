"""Who may record contributions by hand and who sees a school's own dashboard.

The ledger and the network dashboard are for network members (netwerk.access); manual
entries for the network's coordinators and coaches; a school's dashboard for the school's
own people and its assigned coaches (schools.access). Missing and forbidden are Http404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from netwerk.models import LearningNetwork
from schools.access import AnyUser, active_person, get_or_404


def networks_recorded_by(user: AnyUser) -> QuerySet[LearningNetwork]:
    """Networks where this person may record contributions: coordinators and coaches."""
    person = active_person(user)
    if person is None:
        return LearningNetwork.objects.none()
    return LearningNetwork.objects.filter(Q(coordinators=person) | Q(coaches=person)).distinct()


def can_record(user: AnyUser, network: LearningNetwork) -> bool:
    return networks_recorded_by(user).filter(pk=network.pk).exists()


def network_for_recorder(user: AnyUser, pk: object) -> LearningNetwork:
    return get_or_404(networks_recorded_by(user), pk)
