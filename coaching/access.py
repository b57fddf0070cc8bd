"""Who may see a data coach's profile, and who may give a coach feedback.

A profile (self-assessments, team feedback, growth) is seen by the coach themself, the
coordinators of a network the coach works in, and the leaders of the schools the coach
coaches. Feedback is given by members of the datateams at the schools the coach coaches.
Missing and forbidden are both Http404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from casestudies.models import TeamMeeting
from coaching.models import CoachKind, CoachProfile
from netwerk.models import NetworkMembership
from schools.access import AnyUser, active_person, get_or_404
from schools.models import (
    CoachAssignment,
    DatateamMembership,
    School,
    SchoolMembership,
    SchoolRole,
    User,
)


def coaching_any_of(schools: QuerySet[School]) -> Q:
    """The condition "the profile's person coaches one of these schools"."""
    assignments = CoachAssignment.objects.filter(ended_on__isnull=True, school__in=schools)
    internal = SchoolMembership.objects.filter(role=SchoolRole.INTERNAL_COACH, school__in=schools)
    return Q(person__in=assignments.values("coach_id")) | Q(person__in=internal.values("person_id"))


def coached_schools(profile: CoachProfile) -> QuerySet[School]:
    """Schools this coach works with now: assigned ones, and their own as internal coach."""
    return _schools_coached(profile.person)


def schools_coached_by(user: AnyUser) -> QuerySet[School]:
    """The schools a signed-in person coaches now; a school whose assignment has ended is
    not among them."""
    person = active_person(user)
    return School.objects.none() if person is None else _schools_coached(person)


def _schools_coached(person: User) -> QuerySet[School]:
    assigned = CoachAssignment.objects.filter(coach=person, ended_on__isnull=True)
    internal = SchoolMembership.objects.filter(person=person, role=SchoolRole.INTERNAL_COACH)
    return School.objects.filter(
        Q(pk__in=assigned.values("school_id")) | Q(pk__in=internal.values("school_id"))
    ).distinct()


def meetings_for_evidence(profile: CoachProfile) -> QuerySet[TeamMeeting]:
    """Datateam meetings the coach attended at a school they coach: evidence they may cite."""
    return TeamMeeting.objects.filter(
        attendees=profile.person, case__datateam__school__in=coached_schools(profile)
    ).select_related("case")


def coach_kinds(person: User) -> set[str]:
    """How this person coaches now: internal at their own school, external by assignment."""
    kinds: set[str] = set()
    if SchoolMembership.objects.filter(person=person, role=SchoolRole.INTERNAL_COACH).exists():
        kinds.add(CoachKind.INTERNAL)
    if CoachAssignment.objects.filter(coach=person, ended_on__isnull=True).exists():
        kinds.add(CoachKind.EXTERNAL)
    return kinds


def profiles_visible_to(user: AnyUser) -> QuerySet[CoachProfile]:
    person = active_person(user)
    if person is None:
        return CoachProfile.objects.none()
    led = School.objects.filter(memberships__person=person, memberships__role=SchoolRole.LEADER)
    coordinated_schools = School.objects.filter(
        pk__in=NetworkMembership.objects.active()
        .filter(network__coordinators=person)
        .values("school_id")
    )
    return (
        CoachProfile.objects.filter(
            Q(person=person)
            | Q(person__coached_networks__coordinators=person)
            | coaching_any_of(led)
            | coaching_any_of(coordinated_schools)
        )
        .distinct()
        .select_related("person")
    )


def profile_for_viewer(user: AnyUser, pk: object) -> CoachProfile:
    return get_or_404(profiles_visible_to(user), pk)


def own_profile(user: AnyUser) -> CoachProfile | None:
    person = active_person(user)
    if person is None:
        return None
    return CoachProfile.objects.filter(person=person).first()


def profile_for_owner(user: AnyUser, pk: object) -> CoachProfile:
    person = active_person(user)
    return get_or_404(CoachProfile.objects.filter(person=person).select_related("person"), pk)


def profiles_for_feedback(user: AnyUser) -> QuerySet[CoachProfile]:
    """Coaches of the schools where this person is in a datateam; never themself."""
    person = active_person(user)
    if person is None:
        return CoachProfile.objects.none()
    team_schools = School.objects.filter(datateams__memberships__person=person)
    return (
        CoachProfile.objects.filter(coaching_any_of(team_schools))
        .exclude(person=person)
        .distinct()
        .select_related("person")
    )


def profile_for_feedback(user: AnyUser, pk: object) -> CoachProfile:
    return get_or_404(profiles_for_feedback(user), pk)


def coached_memberships(profile: CoachProfile, user: AnyUser) -> QuerySet[DatateamMembership]:
    """The person's places in datateams this coach coaches."""
    person = active_person(user)
    return DatateamMembership.objects.filter(
        person=person, datateam__school__in=coached_schools(profile)
    ).select_related("datateam__school")
