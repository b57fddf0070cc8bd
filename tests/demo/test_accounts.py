"""The demo's accounts, schools, networks and cases; seeding again changes nothing."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils import timezone

from capacity.models import Contribution
from netwerk.models import LearningNetwork
from schools.models import Datateam, School, User
from tests.conftest import row_counts
from tests.demo.conftest import DEMO_PASSWORD, seed

ACCOUNTS = ["coordinator", "coach", "leader1", "teacher1", "teacher2", "outsider"]


def test_seeding_again_adds_nothing_anywhere_and_sets_the_new_password():
    for username in ACCOUNTS:
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None
    before = row_counts()
    assert before[Contribution] > 100  # what two school years of activity left behind
    seed(password="second-pass-2")
    assert row_counts() == before
    for username in ACCOUNTS:
        assert authenticate(username=username, password="second-pass-2") is not None


def test_the_demo_has_cases_in_different_stages_two_published_in_network_a():
    from casestudies.models import CaseStudy, HypothesisStatus, Publication

    assert CaseStudy.objects.count() == 5
    published = Publication.objects.filter(networks__coordinators__username="coordinator")
    assert published.count() == 2
    reading = CaseStudy.objects.get(title="Begrijpend lezen in groep 6 tot en met 8")
    assert reading.hypotheses.filter(status=HypothesisStatus.REJECTED).exists()
    assert reading.evaluation.goal_reached is True
    assert CaseStudy.objects.filter(publications__isnull=True).count() == 3


def test_the_demo_accounts_hold_the_documented_roles():
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


def test_the_demos_teams_and_people_are_there_from_the_networks_first_day():
    """Played from the network's first day: today's home pages list none of them as new."""
    from django.test import Client

    from netwerk.demo import NETWORK_START

    assert {team.created_at.date() for team in Datateam.objects.all()} == {NETWORK_START}
    client = Client()
    client.force_login(User.objects.get(username="teacher1"))
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").text
    assert "New datateam at" not in home
    assert "Nothing new in the last 30 days." in home


def test_the_demos_actions_are_carried_out_as_their_cycles_went():
    """Done where the cycle was evaluated, under way from their start; planned only what
    never started, such as the stalled cycle's overdue action."""
    from casestudies.models import Action, ActionStatus

    actions = list(Action.objects.select_related("case"))
    evaluated = [a for a in actions if hasattr(a.case, "evaluation")]
    assert evaluated
    assert all(a.status == ActionStatus.DONE for a in evaluated)
    assert any(a.status == ActionStatus.IN_PROGRESS for a in actions)
    planned = [a for a in actions if a.status == ActionStatus.PLANNED]
    assert "Verzuim in havo 3" in {a.case.title for a in planned}
    assert all(a.start_date is None or a.start_date > timezone.localdate() for a in planned)


def test_the_demos_room_holds_the_conversation_behind_each_proposal():
    from discussions.models import Message, Proposal

    for proposal in Proposal.objects.all():
        idea = proposal.from_message
        assert idea is not None
        assert idea.created_at <= proposal.created_at
        assert Message.objects.filter(reply_to=idea).exists()
    assert not Message.objects.filter(held=True).exists()
