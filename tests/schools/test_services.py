from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from schools import services
from schools.models import (
    CoachAssignment,
    Country,
    Datateam,
    DatateamMembership,
    School,
    SchoolRole,
    Sector,
    TeamRole,
    User,
)
from tests.conftest import Demo


def new_school(**overrides):
    fields = {
        "name": "Montessori Lyceum Oost",
        "country": Country.NL,
        "sector": Sector.VO,
        "code": "56gh",
        "region": "Amsterdam",
    } | overrides
    return services.create_school(**fields)


@pytest.mark.django_db
def test_it_registers_a_school_with_a_normalised_brin_code():
    school = new_school()
    assert school.code == "56GH"


@pytest.mark.django_db
def test_it_refuses_an_invalid_brin_code_naming_the_field():
    with pytest.raises(ValidationError) as error:
        new_school(code="ABCD")
    assert "code" in error.value.message_dict
    assert School.objects.count() == 0


@pytest.mark.django_db
def test_it_refuses_a_sector_of_another_country():
    with pytest.raises(ValidationError) as error:
        new_school(country=Country.BE, sector=Sector.VO, code="012345")
    assert "sector" in error.value.message_dict


@pytest.mark.django_db
def test_it_refuses_a_duplicate_school():
    new_school()
    with pytest.raises(ValidationError) as error:
        new_school(name="Another name", code="56GH")
    assert "already registered" in str(error.value)
    assert School.objects.count() == 1


@pytest.mark.django_db
def test_the_same_code_may_exist_in_both_countries():
    new_school(country=Country.BE, sector=Sector.SECUNDAIR, code="123456")
    new_school(country=Country.NL, sector=Sector.PO, code="12AB")
    assert School.objects.count() == 2


def test_it_refuses_a_datateam_member_from_another_school(demo: Demo):
    before = DatateamMembership.objects.count()
    with pytest.raises(ValidationError) as error:
        services.add_datateam_member(datateam=demo.team1, person=demo.teacher2)
    assert "person" in error.value.message_dict
    assert DatateamMembership.objects.count() == before


def test_it_refuses_a_person_twice_in_one_datateam(demo: Demo):
    with pytest.raises(ValidationError):
        services.add_datateam_member(datateam=demo.team1, person=demo.teacher1)


def test_an_assigned_coach_can_join_a_datateam_as_coach(demo: Demo):
    membership = services.add_datateam_member(datateam=demo.team1, person=demo.coach)
    assert membership.role == TeamRole.COACH


def test_it_refuses_to_assign_a_coach_twice(demo: Demo):
    before = CoachAssignment.objects.count()
    with pytest.raises(ValidationError) as error:
        services.assign_coach(coach=demo.coach, school=demo.school1)
    assert "already assigned" in str(error.value)
    assert CoachAssignment.objects.count() == before


def test_a_coach_can_be_assigned_again_after_the_assignment_ended(demo: Demo):
    assignment = demo.coach.coach_assignments.get(school=demo.school1)
    services.end_coach_assignment(assignment=assignment)
    services.assign_coach(coach=demo.coach, school=demo.school1)
    assert demo.coach.coach_assignments.filter(school=demo.school1).count() == 2


def test_it_warns_but_does_not_refuse_an_unusual_team(demo: Demo):
    team = services.create_datateam(school=demo.school1, name="Klein team")
    assert len(services.composition_warnings(team)) == 2
    services.add_datateam_member(datateam=team, person=demo.leader1)
    services.add_datateam_member(datateam=team, person=demo.teacher1)
    warnings = services.composition_warnings(team)
    assert warnings == ["The team has 1 teacher; a datateam usually has 4 to 6."]


def test_a_usual_team_gets_no_warnings(demo: Demo):
    assert services.composition_warnings(demo.team1) == []


def test_removing_a_persons_last_role_takes_them_out_of_the_schools_teams(demo: Demo):
    membership = demo.teacher1.school_memberships.get(school=demo.school1)
    services.remove_school_role(membership=membership)
    assert not Datateam.objects.filter(memberships__person=demo.teacher1).exists()


def test_a_person_of_the_school_cannot_be_its_external_coach(demo: Demo):
    with pytest.raises(ValidationError):
        services.assign_coach(coach=demo.teacher1, school=demo.school1)


@pytest.mark.django_db
def test_a_role_is_held_once_per_school():
    school = new_school()
    person = User.objects.create_user("docent", password="x")
    services.add_school_role(school=school, person=person, role=SchoolRole.TEACHER)
    with pytest.raises(ValidationError):
        services.add_school_role(school=school, person=person, role=SchoolRole.TEACHER)
    services.add_school_role(school=school, person=person, role=SchoolRole.INTERNAL_COACH)
