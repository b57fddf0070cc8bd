"""Who may see and change school-private data.

School-private data (the school's people, datateams and everything they work on) is
visible to the school's own members and to the external coaches assigned to it, nobody
else: not network coordinators, not partner schools, not staff through the pages.
Every helper raises Http404 for both "missing" and "not allowed".
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from schools.models import (
    CoachAssignment,
    Datateam,
    School,
    SchoolMembership,
    SchoolRole,
    User,
)

AnyUser = User | AnonymousUser
M = TypeVar("M", bound=Model)

# Roles that may manage a school's datateams.
TEAM_MANAGER_ROLES = (SchoolRole.LEADER, SchoolRole.INTERNAL_COACH)


def active_person(user: AnyUser) -> User | None:
    if isinstance(user, User) and user.is_authenticated and user.is_active:
        return user
    return None


def active_coach_school_ids(user: User) -> QuerySet[CoachAssignment, int]:
    return CoachAssignment.objects.filter(coach=user, ended_on__isnull=True).values_list(
        "school_id", flat=True
    )


def schools_with_private_access(user: AnyUser) -> QuerySet[School]:
    """Schools whose private data this person may see: own schools and coached schools."""
    person = active_person(user)
    if person is None:
        return School.objects.none()
    member_of = SchoolMembership.objects.filter(person=person).values("school_id")
    return School.objects.filter(
        Q(pk__in=member_of) | Q(pk__in=active_coach_school_ids(person))
    ).distinct()


def schools_managed_by(user: AnyUser) -> QuerySet[School]:
    """Schools whose profile and roles this person may change: school leaders only."""
    person = active_person(user)
    if person is None:
        return School.objects.none()
    led = SchoolMembership.objects.filter(person=person, role=SchoolRole.LEADER)
    return School.objects.filter(pk__in=led.values("school_id"))


def schools_with_team_management(user: AnyUser) -> QuerySet[School]:
    """Schools whose datateams this person may set up: leaders, internal and assigned coaches."""
    person = active_person(user)
    if person is None:
        return School.objects.none()
    roles = SchoolMembership.objects.filter(person=person, role__in=TEAM_MANAGER_ROLES)
    return School.objects.filter(
        Q(pk__in=roles.values("school_id")) | Q(pk__in=active_coach_school_ids(person))
    ).distinct()


def school_for_member(user: AnyUser, pk: object) -> School:
    return get_or_404(schools_with_private_access(user), pk)


def school_for_leader(user: AnyUser, pk: object) -> School:
    return get_or_404(schools_managed_by(user), pk)


def can_see_private_data(user: AnyUser, school: School) -> bool:
    return schools_with_private_access(user).filter(pk=school.pk).exists()


def can_manage_school(user: AnyUser, school: School) -> bool:
    return schools_managed_by(user).filter(pk=school.pk).exists()


def can_manage_datateams(user: AnyUser, school: School) -> bool:
    return schools_with_team_management(user).filter(pk=school.pk).exists()


def datateams_visible_to(user: AnyUser) -> QuerySet[Datateam]:
    return Datateam.objects.filter(school__in=schools_with_private_access(user)).select_related(
        "school"
    )


def datateam_for_member(user: AnyUser, pk: object) -> Datateam:
    return get_or_404(datateams_visible_to(user), pk)


def datateam_for_manager(user: AnyUser, pk: object) -> Datateam:
    teams = Datateam.objects.filter(school__in=schools_with_team_management(user))
    return get_or_404(teams.select_related("school"), pk)


# Primary keys are PostgreSQL bigints: a number outside them names no object, and a query
# with it would fail in the database rather than find nothing.
MAX_ID = 2**63 - 1


def as_id(value: object) -> int | None:
    """The whole number a client sent as an id, or None when it cannot be one."""
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 < number <= MAX_ID else None


def get_or_404(queryset: QuerySet[M], pk: object) -> M:
    """The object with this primary key from the permitted queryset, else Http404."""
    number = as_id(pk)
    if number is None:
        raise Http404
    try:
        return queryset.get(pk=number)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing
