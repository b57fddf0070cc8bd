"""Who may see and plan network sessions.

A session is seen by the members of its network (netwerk.access: coordinators, the
network's coaches, the people of its active member schools) and by whoever attended it.
Coordinators and the network's coaches plan sessions, record attendance, write minutes and
decisions. Missing and forbidden are both Http404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from casestudies.models import CaseStudy
from meetings.models import CalendarFeed, Decision, NetworkSession
from netwerk.access import member_schools, networks_for, schools_of_person_in_network
from netwerk.models import LearningNetwork
from schools.access import AnyUser, active_person, get_or_404
from schools.models import SchoolRole, User


def sessions_for(user: AnyUser) -> QuerySet[NetworkSession]:
    person = active_person(user)
    if person is None:
        return NetworkSession.objects.none()
    return (
        NetworkSession.objects.filter(
            Q(network__in=networks_for(person)) | Q(attendances__person=person)
        )
        .distinct()
        .select_related("network", "host_school")
    )


def session_for_member(user: AnyUser, pk: object) -> NetworkSession:
    return get_or_404(sessions_for(user), pk)


def sessions_for_feed(token: str) -> QuerySet[NetworkSession]:
    """The sessions behind a secret calendar address: those its owner may see now. An
    unknown (or replaced) secret, or a closed account, is Http404."""
    feed = CalendarFeed.objects.filter(token=token).select_related("person").first()
    if feed is None or active_person(feed.person) is None:
        raise Http404
    return sessions_for(feed.person)


def networks_planned_by(user: AnyUser) -> QuerySet[LearningNetwork]:
    """Networks whose sessions this person plans: coordinators and the network's coaches."""
    person = active_person(user)
    if person is None:
        return LearningNetwork.objects.none()
    return LearningNetwork.objects.filter(Q(coordinators=person) | Q(coaches=person)).distinct()


def network_for_planner(user: AnyUser, pk: object) -> LearningNetwork:
    return get_or_404(networks_planned_by(user), pk)


def session_for_planner(user: AnyUser, pk: object) -> NetworkSession:
    sessions = NetworkSession.objects.filter(network__in=networks_planned_by(user))
    return get_or_404(sessions.select_related("network", "host_school"), pk)


def can_plan(user: AnyUser, network: LearningNetwork) -> bool:
    return networks_planned_by(user).filter(pk=network.pk).exists()


def decision_for_member(user: AnyUser, session: NetworkSession, pk: object) -> Decision:
    decisions = Decision.objects.filter(session=session, session__in=sessions_for(user))
    return get_or_404(decisions.select_related("session__network"), pk)


def cases_for_action_plan(person: User, network: LearningNetwork) -> QuerySet[CaseStudy]:
    """Case studies whose action plan this person may add a network decision to: running
    cycles of the person's schools in the network, which they lead or work on in the
    datateam."""
    led = schools_of_person_in_network(person, network, roles=[SchoolRole.LEADER])
    in_network = member_schools(network)
    return (
        CaseStudy.objects.filter(datateam__school__in=in_network, evaluation__isnull=True)
        .filter(Q(datateam__school__in=led) | Q(datateam__memberships__person=person))
        .distinct()
        .select_related("datateam__school")
        .order_by("datateam__school__name", "title")
    )
