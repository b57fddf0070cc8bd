from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from netwerk.models import LearningNetwork, NetworkMembership
from schools.models import Datateam, School, User

ACCOUNTS = ["coordinator", "coach", "leader1", "teacher1", "teacher2", "outsider"]


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_sets_the_password():
    call_command("seed_demo", "--password", "first-pass-1")
    counts = (
        User.objects.count(),
        School.objects.count(),
        Datateam.objects.count(),
        NetworkMembership.objects.count(),
    )
    call_command("seed_demo", "--password", "second-pass-2")
    assert counts == (
        User.objects.count(),
        School.objects.count(),
        Datateam.objects.count(),
        NetworkMembership.objects.count(),
    )
    for username in ACCOUNTS:
        assert authenticate(username=username, password="second-pass-2") is not None


@pytest.mark.django_db
def test_the_demo_has_cases_in_different_stages_two_published_in_network_a():
    from casestudies.models import CaseStudy, HypothesisStatus, Publication

    call_command("seed_demo")
    call_command("seed_demo")
    assert CaseStudy.objects.count() == 3
    published = Publication.objects.filter(networks__coordinators__username="coordinator")
    assert published.count() == 2
    reading = CaseStudy.objects.get(theme="basic_skills")
    assert reading.hypotheses.filter(status=HypothesisStatus.REJECTED).exists()
    assert reading.evaluation.goal_reached is True
    assert CaseStudy.objects.filter(publications__isnull=True).count() == 1


@pytest.mark.django_db
def test_the_demo_accounts_hold_the_documented_roles():
    call_command("seed_demo")
    network_a = LearningNetwork.objects.get(coordinators__username="coordinator")
    members_a = set(network_a.memberships.values_list("school__name", flat=True))
    coach = User.objects.get(username="coach")
    coached = set(coach.coach_assignments.values_list("school__name", flat=True))
    assert len(coached) == 2
    assert coached <= members_a
    school1 = School.objects.get(memberships__person__username="leader1")
    assert school1.name in members_a
    assert Datateam.objects.filter(
        school=school1, memberships__person__username="teacher1"
    ).exists()
    school2 = School.objects.get(datateams__memberships__person__username="teacher2")
    assert school2.name in members_a
    assert school2 != school1
    outsider_school = School.objects.get(memberships__person__username="outsider")
    networks = set(outsider_school.network_memberships.values_list("network__name", flat=True))
    assert network_a.name not in networks
    assert len(networks) == 1
    assert {"NL", "BE"} <= set(School.objects.values_list("country", flat=True))
