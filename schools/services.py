"""Every change to people, schools, coach assignments and datateams goes through here."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schools.models import (
    CoachAssignment,
    Datateam,
    DatateamMembership,
    School,
    SchoolMembership,
    SchoolRole,
    TeamRole,
    User,
)

M = TypeVar("M", bound=models.Model)

# The usual composition of a datateam; deviating is allowed but worth a warning.
TEACHERS_RANGE = (4, 6)
LEADERS_RANGE = (1, 2)

TEAM_ROLE_FOR_SCHOOL_ROLE = {
    SchoolRole.LEADER: TeamRole.LEADER,
    SchoolRole.TEACHER: TeamRole.TEACHER,
    SchoolRole.QUALITY_OFFICER: TeamRole.QUALITY_OFFICER,
    SchoolRole.INTERNAL_COACH: TeamRole.COACH,
}


def save_validated(instance: M, *, update_fields: list[str] | None = None) -> M:
    """full_clean() then save(); a constraint lost to a concurrent write still reads as a
    validation error, never as a server error."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save(update_fields=update_fields)
    except IntegrityError as error:
        raise ValidationError(_("This conflicts with a change made at the same time.")) from error
    return instance


def today() -> datetime.date:
    return timezone.localdate()


@transaction.atomic
def create_school(*, name: str, country: str, sector: str, code: str, region: str) -> School:
    school = School(name=name.strip(), country=country, sector=sector, code=code, region=region)
    if School.objects.filter(country=country, code=code.strip().upper()).exists():
        # Named on the code field, where the person can correct it.
        raise ValidationError({"code": School._meta.constraints[0].violation_error_message})
    return save_validated(school)


@transaction.atomic
def update_school(
    *,
    school: School,
    name: str | None = None,
    sector: str | None = None,
    region: str | None = None,
) -> School:
    changes = {"name": name, "sector": sector, "region": region}
    fields = [field for field, value in changes.items() if value is not None]
    for field in fields:
        setattr(school, field, changes[field])
    return save_validated(school, update_fields=fields or None)


@transaction.atomic
def add_school_role(*, school: School, person: User, role: str) -> SchoolMembership:
    return save_validated(SchoolMembership(school=school, person=person, role=role))


@transaction.atomic
def remove_school_role(*, membership: SchoolMembership) -> None:
    still_at_school = SchoolMembership.objects.filter(
        school=membership.school, person=membership.person
    ).exclude(pk=membership.pk)
    if not still_at_school.exists():
        DatateamMembership.objects.filter(
            person=membership.person, datateam__school=membership.school
        ).delete()
    membership.delete()


@transaction.atomic
def assign_coach(
    *, coach: User, school: School, started_on: datetime.date | None = None
) -> CoachAssignment:
    if SchoolMembership.objects.filter(person=coach, school=school).exists():
        raise ValidationError(
            {"coach": _("This person works at the school; make them an internal data coach.")}
        )
    assignment = CoachAssignment(coach=coach, school=school, started_on=started_on or today())
    return save_validated(assignment)


@transaction.atomic
def end_coach_assignment(
    *, assignment: CoachAssignment, ended_on: datetime.date | None = None
) -> CoachAssignment:
    if assignment.ended_on is not None:
        raise ValidationError(_("This assignment has already ended."))
    ended_on = ended_on or today()
    if ended_on < assignment.started_on:
        raise ValidationError({"ended_on": _("An assignment cannot end before it started.")})
    assignment.ended_on = ended_on
    return save_validated(assignment, update_fields=["ended_on"])


@transaction.atomic
def create_datateam(*, school: School, name: str, problem: str = "") -> Datateam:
    return save_validated(Datateam(school=school, name=name.strip(), problem=problem))


@transaction.atomic
def update_datateam(
    *, datateam: Datateam, name: str | None = None, problem: str | None = None
) -> Datateam:
    if name is not None:
        datateam.name = name.strip()
    if problem is not None:
        datateam.problem = problem
    return save_validated(datateam)


@transaction.atomic
def add_datateam_member(
    *, datateam: Datateam, person: User, role: str | None = None
) -> DatateamMembership:
    """Add a person of the team's own school (or one of its assigned coaches)."""
    role = role or default_team_role(datateam.school, person)
    if role is None or not belongs_to_school(
        datateam.school, person, as_coach=role == TeamRole.COACH
    ):
        raise ValidationError(
            {
                "person": _("Only people of %(school)s can join its datateams.")
                % {"school": datateam.school.name}
            }
        )
    return save_validated(DatateamMembership(datateam=datateam, person=person, role=role))


@transaction.atomic
def remove_datateam_member(*, membership: DatateamMembership) -> None:
    membership.delete()


def belongs_to_school(school: School, person: User, *, as_coach: bool = False) -> bool:
    if SchoolMembership.objects.filter(school=school, person=person).exists():
        return True
    return (
        as_coach
        and CoachAssignment.objects.filter(
            school=school, coach=person, ended_on__isnull=True
        ).exists()
    )


def default_team_role(school: School, person: User) -> str | None:
    """The team role that follows from the person's role at the school."""
    roles = set(
        SchoolMembership.objects.filter(school=school, person=person).values_list("role", flat=True)
    )
    for school_role in (
        SchoolRole.LEADER,
        SchoolRole.QUALITY_OFFICER,
        SchoolRole.INTERNAL_COACH,
        SchoolRole.TEACHER,
    ):
        if school_role in roles:
            return TEAM_ROLE_FOR_SCHOOL_ROLE[school_role]
    if CoachAssignment.objects.filter(school=school, coach=person, ended_on__isnull=True).exists():
        return TeamRole.COACH
    return None


def composition_warnings(datateam: Datateam) -> list[str]:
    """Advice when a team deviates from 4 to 6 teachers and 1 or 2 leaders; never a refusal."""
    counts = dict(
        datateam.memberships.values_list("role").annotate(n=models.Count("pk")).order_by()
    )
    warnings: list[str] = []
    warnings += _range_warning(
        counts.get(TeamRole.TEACHER, 0),
        TEACHERS_RANGE,
        lambda n: ngettext(
            "The team has %(n)d teacher; a datateam usually has 4 to 6.",
            "The team has %(n)d teachers; a datateam usually has 4 to 6.",
            n,
        ),
    )
    warnings += _range_warning(
        counts.get(TeamRole.LEADER, 0),
        LEADERS_RANGE,
        lambda n: ngettext(
            "The team has %(n)d school leader; a datateam usually has 1 or 2.",
            "The team has %(n)d school leaders; a datateam usually has 1 or 2.",
            n,
        ),
    )
    return warnings


def _range_warning(count: int, bounds: tuple[int, int], message: Callable[[int], str]) -> list[str]:
    low, high = bounds
    if low <= count <= high:
        return []
    return [message(count) % {"n": count}]


@transaction.atomic
def update_profile(*, person: User, first_name: str, last_name: str, email: str) -> User:
    """A person's own name and e-mail address (the address stays unique, in any case)."""
    email = email.strip()
    taken = User.objects.filter(email__iexact=email).exclude(pk=person.pk)
    if email and taken.exists():
        raise ValidationError({"email": _("Another person already uses this e-mail address.")})
    person.first_name = first_name.strip()
    person.last_name = last_name.strip()
    person.email = email
    return save_validated(person, update_fields=["first_name", "last_name", "email"])
