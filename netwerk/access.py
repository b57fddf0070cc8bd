"""Who may see and manage learning networks, and which schools' public profiles.

Network content is for network members only: coordinators, the network's coaches and the
people of its active member schools. Coordinators manage the network but get no access to
school-private data through it (that is schools.access). Missing and forbidden are both
Http404.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from netwerk.models import InvitedRole, LearningNetwork, NetworkMembership
from schools.access import (
    AnyUser,
    active_person,
    get_or_404,
    schools_managed_by,
    schools_with_private_access,
)
from schools.models import School, SchoolMembership, User


def member_schools(network: LearningNetwork | int) -> QuerySet[School]:
    """The network's active member schools, by name."""
    active = NetworkMembership.objects.active().filter(network=network)
    return School.objects.filter(pk__in=active.values("school_id")).order_by("name")


def schools_of_person_in_network(
    person: User, network: LearningNetwork | int, *, roles: Collection[str] = ()
) -> QuerySet[School]:
    """The person's own schools that are active members of the network: the schools they
    speak for there (with `roles`, only where they hold one of those roles)."""
    own = SchoolMembership.objects.filter(person=person)
    if roles:
        own = own.filter(role__in=roles)
    return member_schools(network).filter(pk__in=own.values("school_id"))


def networks_of_school(school: School | int) -> QuerySet[LearningNetwork]:
    """The networks the school is an active member of (where it may publish), by name."""
    active = NetworkMembership.objects.active().filter(school=school)
    return LearningNetwork.objects.filter(pk__in=active.values("network_id")).order_by("name")


def networks_for(user: AnyUser) -> QuerySet[LearningNetwork]:
    person = active_person(user)
    if person is None:
        return LearningNetwork.objects.none()
    own_schools = SchoolMembership.objects.filter(person=person).values("school_id")
    through_school = NetworkMembership.objects.active().filter(school_id__in=own_schools)
    return (
        LearningNetwork.objects.filter(
            Q(coordinators=person)
            | Q(coaches=person)
            | Q(pk__in=through_school.values("network_id"))
        )
        .distinct()
        .order_by("name")
    )


def member_of_network(person: User, network_column: str) -> RawSQL:
    """networks_for's rule as one SQL condition on a network id column (a quoted
    `"table"."column"` of the query it goes into), for the websocket handshake, where
    building networks_for's ORM query costs three times what running it does.
    tests/netwerk/test_access_matrix.py holds the two equal for every person and room."""
    sql = member_of_network_sql(network_column, "%s")
    return RawSQL(sql, (person.pk,) * 3, output_field=BooleanField())  # noqa: S611


def member_of_network_sql(network_column: str, person_column: str) -> str:
    """member_of_network's condition as text, with the person's id taken from a column
    (or a `%s` placeholder, three times). Only table names and the caller's constants go
    into it."""
    coordinators = LearningNetwork.coordinators.through._meta.db_table
    coaches = LearningNetwork.coaches.through._meta.db_table
    memberships = NetworkMembership._meta.db_table
    roles = SchoolMembership._meta.db_table
    return f"""(
        EXISTS (SELECT 1 FROM "{coordinators}" c
                WHERE c."learningnetwork_id" = {network_column} AND c."user_id" = {person_column})
        OR EXISTS (SELECT 1 FROM "{coaches}" k
                   WHERE k."learningnetwork_id" = {network_column}
                         AND k."user_id" = {person_column})
        OR EXISTS (SELECT 1 FROM "{memberships}" m JOIN "{roles}" r ON r."school_id" = m."school_id"
                   WHERE m."network_id" = {network_column} AND m."left_on" IS NULL
                         AND r."person_id" = {person_column})
    )"""  # noqa: S608


def people_of_network(network_id: int) -> QuerySet[User]:
    """Everyone networks_for admits to this network: its coordinators and coaches and the
    people of its active member schools."""
    schools = NetworkMembership.objects.active().filter(network_id=network_id)
    in_schools = SchoolMembership.objects.filter(school_id__in=schools.values("school_id"))
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(coordinated_networks=network_id)
            | Q(coached_networks=network_id)
            | Q(pk__in=in_schools.values("person_id"))
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def networks_coordinated_by(user: AnyUser) -> QuerySet[LearningNetwork]:
    person = active_person(user)
    if person is None:
        return LearningNetwork.objects.none()
    return LearningNetwork.objects.filter(coordinators=person)


def network_for_member(user: AnyUser, pk: object) -> LearningNetwork:
    return get_or_404(networks_for(user), pk)


def network_for_coordinator(user: AnyUser, pk: object) -> LearningNetwork:
    return get_or_404(networks_coordinated_by(user), pk)


def is_coordinator(user: AnyUser, network: LearningNetwork) -> bool:
    return networks_coordinated_by(user).filter(pk=network.pk).exists()


def can_register_schools(user: AnyUser) -> bool:
    """Coordinators register the schools they want to invite; staff may too."""
    person = active_person(user)
    if person is None:
        return False
    return person.is_staff or networks_coordinated_by(person).exists()


def schools_visible_to(user: AnyUser) -> QuerySet[School]:
    """Schools whose public profile (name, sector, region, networks) this person may see:
    their own and coached schools, and the active members of their networks."""
    in_my_networks = NetworkMembership.objects.active().filter(network__in=networks_for(user))
    return (
        School.objects.filter(
            Q(pk__in=schools_with_private_access(user).values("pk"))
            | Q(pk__in=in_my_networks.values("school_id"))
        )
        .distinct()
        .order_by("name")
    )


def school_for_viewer(user: AnyUser, pk: object) -> School:
    return get_or_404(schools_visible_to(user), pk)


def membership_for_coordinator(user: AnyUser, pk: object) -> NetworkMembership:
    memberships = NetworkMembership.objects.filter(network__in=networks_coordinated_by(user))
    return get_or_404(memberships.select_related("network", "school"), pk)


# Whom a school leader invites: the school's staff and an external coach; a network's
# coordinator invites the leaders of its member schools.
ROLES_A_LEADER_INVITES = frozenset(
    {
        InvitedRole.TEACHER,
        InvitedRole.QUALITY_OFFICER,
        InvitedRole.INTERNAL_COACH,
        InvitedRole.COACH,
    }
)
ROLES_A_COORDINATOR_INVITES = frozenset({InvitedRole.LEADER})


def schools_coordinated_by(user: AnyUser) -> QuerySet[School]:
    """The active member schools of the networks this person coordinates."""
    members = NetworkMembership.objects.active().filter(network__in=networks_coordinated_by(user))
    return School.objects.filter(pk__in=members.values("school_id"))


def invitable_roles(user: AnyUser, school: School) -> frozenset[str]:
    """The roles this person may invite someone into at this school (empty: none)."""
    roles: frozenset[str] = frozenset()
    if schools_managed_by(user).filter(pk=school.pk).exists():
        roles |= ROLES_A_LEADER_INVITES
    if schools_coordinated_by(user).filter(pk=school.pk).exists():
        roles |= ROLES_A_COORDINATOR_INVITES
    return roles


def schools_for_inviter(user: AnyUser) -> QuerySet[School]:
    """Schools for which this person may send at least one kind of invitation."""
    return (
        School.objects.filter(
            Q(pk__in=schools_managed_by(user).values("pk"))
            | Q(pk__in=schools_coordinated_by(user).values("pk"))
        )
        .distinct()
        .order_by("name")
    )
