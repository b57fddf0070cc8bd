"""Who takes part in a school's leadership reflection.

Its leaders and the members of its datateams take part; its data coaches (assigned
external coaches and its internal coaches) may read along. Nobody else: missing and
forbidden are both Http404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from leadership.models import RaterGroup
from schools.access import AnyUser, active_coach_school_ids, active_person, get_or_404
from schools.models import DatateamMembership, School, SchoolMembership, SchoolRole


def schools_for_reflection(user: AnyUser) -> QuerySet[School]:
    person = active_person(user)
    if person is None:
        return School.objects.none()
    roles = SchoolMembership.objects.filter(
        person=person, role__in=[SchoolRole.LEADER, SchoolRole.INTERNAL_COACH]
    )
    teams = DatateamMembership.objects.filter(person=person)
    return School.objects.filter(
        Q(pk__in=roles.values("school_id"))
        | Q(pk__in=teams.values("datateam__school_id"))
        | Q(pk__in=active_coach_school_ids(person))
    ).distinct()


def school_for_reflection(user: AnyUser, pk: object) -> School:
    return get_or_404(schools_for_reflection(user), pk)


def rater_group(user: AnyUser, school: School) -> str | None:
    """Leaders rate as leaders (also when they sit in a datateam); datateam members as the
    team; anyone else only reads."""
    person = active_person(user)
    if person is None:
        return None
    if is_leader(person, school):
        return RaterGroup.LEADERS
    if DatateamMembership.objects.filter(person=person, datateam__school=school).exists():
        return RaterGroup.TEAM
    return None


def is_leader(user: AnyUser, school: School) -> bool:
    person = active_person(user)
    return (
        person is not None
        and SchoolMembership.objects.filter(
            person=person, school=school, role=SchoolRole.LEADER
        ).exists()
    )
