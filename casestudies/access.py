"""Who may see and act on datasets, case studies and publications.

A dataset is school-private: raw or anonymised, it is seen only by the school's members and
its assigned coaches; only the school's leaders accept an anonymised version. A case
study's working copy stays with its school; partners see only published snapshots.
Missing and forbidden are both Http404."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from casestudies.models import CaseStudy, Dataset, Measure, Publication
from netwerk.access import networks_for
from netwerk.models import LearningNetwork
from schools.access import (
    AnyUser,
    active_coach_school_ids,
    active_person,
    can_manage_datateams,
    datateam_for_member,
    get_or_404,
    schools_managed_by,
    schools_with_private_access,
    schools_with_team_management,
)
from schools.models import CoachAssignment, Datateam, SchoolMembership, SchoolRole, User


def datasets_visible_to(user: AnyUser) -> QuerySet[Dataset]:
    return Dataset.objects.filter(school__in=schools_with_private_access(user)).select_related(
        "school", "uploaded_by"
    )


def dataset_for_member(user: AnyUser, pk: object) -> Dataset:
    return get_or_404(datasets_visible_to(user), pk)


def dataset_for_leader(user: AnyUser, pk: object) -> Dataset:
    return get_or_404(Dataset.objects.filter(school__in=schools_managed_by(user)), pk)


def can_accept(user: AnyUser, dataset: Dataset) -> bool:
    return schools_managed_by(user).filter(pk=dataset.school_id).exists()


def cases_visible_to(user: AnyUser) -> QuerySet[CaseStudy]:
    """A working copy is seen by its datateam, the school's leaders and internal coaches,
    and the school's assigned external coaches: never by partners."""
    person = active_person(user)
    if person is None:
        return CaseStudy.objects.none()
    staff_roles = SchoolMembership.objects.filter(
        person=person, role__in=[SchoolRole.LEADER, SchoolRole.INTERNAL_COACH]
    ).values("school_id")
    return (
        CaseStudy.objects.filter(
            Q(datateam__memberships__person=person)
            | Q(datateam__school_id__in=staff_roles)
            | Q(datateam__school_id__in=active_coach_school_ids(person))
        )
        .distinct()
        .select_related("datateam__school")
    )


def people_on_case(case: CaseStudy) -> QuerySet[User]:
    """The people cases_visible_to shows this working copy to: its datateam, the school's
    leaders and internal coaches, and the school's assigned external coaches."""
    school_id = case.datateam.school_id
    staff = SchoolMembership.objects.filter(
        school_id=school_id, role__in=[SchoolRole.LEADER, SchoolRole.INTERNAL_COACH]
    )
    coaches = CoachAssignment.objects.filter(school_id=school_id, ended_on__isnull=True)
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(datateam_memberships__datateam_id=case.datateam_id)
            | Q(pk__in=staff.values("person_id"))
            | Q(pk__in=coaches.values("coach_id"))
        )
        .distinct()
    )


def people_of_datateam(case: CaseStudy) -> QuerySet[User]:
    """The people of the case's datateam: who may own one of its actions."""
    return User.objects.filter(
        is_active=True, datateam_memberships__datateam_id=case.datateam_id
    ).order_by("first_name", "last_name", "pk")


def in_datateam(case: CaseStudy, person: User) -> bool:
    return people_of_datateam(case).filter(pk=person.pk).exists()


def case_for_editor(user: AnyUser, pk: object) -> CaseStudy:
    return get_or_404(cases_visible_to(user), pk)


def can_start_case(user: AnyUser, team: Datateam) -> bool:
    """Starting a case on a datateam: its members, and whoever may manage the school's
    datateams (leaders, internal and assigned coaches)."""
    person = active_person(user)
    if person is None:
        return False
    in_team = team.memberships.filter(person=person).exists()
    return in_team or can_manage_datateams(person, team.school)


def datateam_for_case_starter(user: AnyUser, pk: object) -> Datateam:
    """The datateam, for someone who may start a case on it (404 for anyone else)."""
    team = datateam_for_member(user, pk)
    if not can_start_case(user, team):
        raise Http404
    return team


def running_cases_of_school(user: AnyUser, school_id: int) -> QuerySet[CaseStudy]:
    """The school's cycles still under way (no evaluation yet) whose working copy this
    person may edit: the cycles an adopted proposal may join."""
    running = cases_visible_to(user).filter(evaluation__isnull=True)
    return running.filter(datateam__school_id=school_id).order_by("title", "pk")


def running_case_of_school(user: AnyUser, school_id: int, pk: object) -> CaseStudy:
    """One of those cycles; a case of another school, or one finished, is 404."""
    return get_or_404(running_cases_of_school(user, school_id), pk)


def datateams_for_case_starter(user: AnyUser, school_id: int) -> QuerySet[Datateam]:
    """The school's datateams on which this person may start a case (can_start_case as a
    query)."""
    person = active_person(user)
    if person is None:
        return Datateam.objects.none()
    managed = schools_with_team_management(person).values("pk")
    teams = Datateam.objects.filter(school_id=school_id).filter(
        Q(memberships__person=person) | Q(school_id__in=managed)
    )
    return teams.distinct().select_related("school").order_by("pk")


def datateam_to_start_on(user: AnyUser, school_id: int, pk: object = None) -> Datateam | None:
    """The datateam a new cycle of this school starts on: the one chosen (404 when the
    person may not start a case on it), else the person's own team, else the first they
    may start on; None when there is none."""
    teams = datateams_for_case_starter(user, school_id)
    if pk is not None:
        return get_or_404(teams, pk)
    person = active_person(user)
    return teams.filter(memberships__person=person).first() or teams.first()


def case_for_leader(user: AnyUser, pk: object) -> CaseStudy:
    """Approving and publishing: a leader of the case's own school; for everyone else,
    also those who may read the case, it does not exist (404)."""
    led = CaseStudy.objects.filter(datateam__school__in=schools_managed_by(user))
    return get_or_404(led.select_related("datateam__school"), pk)


def can_lead(user: AnyUser, case: CaseStudy) -> bool:
    """Approving, publishing and withdrawing: a leader of the case's own school."""
    return schools_managed_by(user).filter(pk=case.datateam.school_id).exists()


def publications_visible_to(user: AnyUser) -> QuerySet[Publication]:
    """Partners see the newest version of each case published to one of their networks,
    unless it was withdrawn; never the working copy."""
    # The person's networks are read first, in a query of their own: a handful of ids is a
    # plan PostgreSQL gets right, where the rule as a subquery was re-run for every row.
    # The ids themselves, not a query of the networks by those ids, go into the rule: the
    # plan then reads the network links through their index (docs/benchmarks.md).
    network_ids = list(networks_for(user).values_list("pk", flat=True))
    return publications_shared_with(network_ids).order_by("-published_at")


def publications_shared_with(
    networks: QuerySet[LearningNetwork] | list[int],
) -> QuerySet[Publication]:
    """The newest, not withdrawn version of each case published to one of these networks."""
    # EXISTS rather than a join, so that a publication in several of these networks is one
    # row without a DISTINCT over whole rows (snapshot included); "no newer shown version"
    # rather than "the newest version's pk", so that PostgreSQL can answer it as an anti-join.
    in_networks = Publication.networks.through.objects.filter(
        publication=OuterRef("pk"), learningnetwork__in=networks
    )
    newer = Publication.objects.filter(
        case=OuterRef("case"), version__gt=OuterRef("version"), withdrawn_at__isnull=True
    )
    return Publication.objects.filter(
        Exists(in_networks), ~Exists(newer), withdrawn_at__isnull=True
    )


def publication_for_member(user: AnyUser, pk: object) -> Publication:
    return get_or_404(publications_visible_to(user), pk)


def publication_for_leader(user: AnyUser, pk: object) -> Publication:
    """Withdrawing: a leader of the published case's school (others: 404)."""
    led = publications_visible_to(user).filter(case__datateam__school__in=schools_managed_by(user))
    return get_or_404(led, pk)


def measure_for_editor(user: AnyUser, pk: object) -> Measure:
    """A measure of a case whose working copy the person may edit (others: 404)."""
    measures = Measure.objects.filter(case__in=cases_visible_to(user))
    return get_or_404(measures.select_related("case__datateam__school"), pk)
