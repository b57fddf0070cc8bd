"""The derivation rules: each fires once for its event, only across schools where the rule
says so, and deriving the ledger again from history records nothing twice."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from capacity.models import Contribution
from casestudies import services as case_services
from discussions import services as room_services
from netwerk.models import NetworkMembership
from schools.models import SchoolMembership, SchoolRole
from tests.capacity.conftest import NEW_CYCLE, case_for, evaluate, proposal_by, publish
from tests.conftest import Demo


def rules(**filters) -> list[str]:
    return sorted(Contribution.objects.filter(**filters).values_list("rule", flat=True))


@pytest.fixture
def room(demo: Demo):
    return room_services.open_theme_room(
        network=demo.network_a, person=demo.coordinator, title="Zittenblijven"
    )


def test_publishing_a_case_shares_knowledge_once_per_network(demo: Demo):
    case = case_for(demo.team1, demo.teacher1)
    publish(case, demo.leader1, [demo.network_a])
    # A second version of the same case is not new knowledge.
    case_services.publish_case(case=case, person=demo.leader1, networks=[demo.network_a])

    contributions = Contribution.objects.filter(rule="case_published")
    assert contributions.count() == 1
    assert contributions[0].school == demo.school1
    assert contributions[0].category == "knowledge"
    assert contributions[0].network == demo.network_a


def test_an_endorsement_from_another_school_co_creates_for_the_authors_school(demo: Demo, room):
    proposal = proposal_by(room, demo.teacher1)
    room_services.endorse_proposal(proposal=proposal, person=demo.teacher2)

    (endorsed,) = Contribution.objects.filter(rule="proposal_endorsed")
    assert (endorsed.school, endorsed.counterpart_school) == (demo.school1, demo.school2)
    assert endorsed.category == "cocreation"


def test_a_colleague_or_a_coordinator_endorsing_counts_for_nothing(demo: Demo, room):
    proposal = proposal_by(room, demo.teacher1)
    room_services.endorse_proposal(proposal=proposal, person=demo.leader1)
    room_services.endorse_proposal(proposal=proposal, person=demo.coordinator)
    assert rules() == []


def test_two_people_of_the_same_other_school_count_once(demo: Demo, room):
    proposal = proposal_by(room, demo.teacher1)
    room_services.endorse_proposal(proposal=proposal, person=demo.teacher2)
    room_services.endorse_proposal(proposal=proposal, person=demo.user("leader2"))
    assert rules() == ["proposal_endorsed"]


def test_an_adoption_by_another_school_co_creates_and_spreads_the_solution(demo: Demo, room):
    proposal = proposal_by(room, demo.teacher1)
    room_services.adopt_proposal(
        proposal=proposal, school_id=demo.school2.pk, person=demo.teacher2, new_cycle=NEW_CYCLE
    )
    assert rules(school=demo.school1, counterpart_school=demo.school2) == [
        "proposal_adopted",
        "solution_adopted",
    ]
    assert set(Contribution.objects.values_list("category", flat=True)) == {
        "cocreation",
        "capacity",
    }


def test_adopting_a_proposal_of_ones_own_school_counts_for_nothing(demo: Demo, room):
    proposal = proposal_by(room, demo.teacher1)
    room_services.adopt_proposal(
        proposal=proposal, school_id=demo.school1.pk, person=demo.leader1, new_cycle=NEW_CYCLE
    )
    assert rules() == []


def test_a_schools_first_evaluated_cycle_after_joining_counts_once(demo: Demo):
    first = case_for(demo.team1, demo.teacher1, "Eerste cyclus")
    second = case_for(demo.team1, demo.teacher1, "Tweede cyclus")
    evaluate(second, datetime.date(2025, 11, 1))
    evaluate(first, datetime.date(2025, 10, 1))  # earlier, recorded later

    (completed,) = Contribution.objects.filter(rule="first_cycle_completed")
    assert completed.school == demo.school1
    assert completed.category == "capacity"
    # The first evaluation recorded won: the ledger never rewrites a recorded row.
    assert completed.occurred_on == datetime.date(2025, 11, 1)


def test_an_evaluation_from_before_joining_is_not_a_cycle_after_joining(demo: Demo):
    membership = NetworkMembership.objects.get(network=demo.network_a, school=demo.school1)
    case = case_for(demo.team1, demo.teacher1)
    evaluate(case, membership.joined_on - datetime.timedelta(days=1))
    assert rules() == []


def test_deriving_from_history_gives_the_hooks_ledger_and_is_idempotent(demo: Demo, room):
    case = case_for(demo.team1, demo.teacher1)
    publish(case, demo.leader1, [demo.network_a])
    evaluate(case, datetime.date(2025, 10, 1))
    proposal = proposal_by(room, demo.teacher1)
    room_services.endorse_proposal(proposal=proposal, person=demo.teacher2)
    room_services.adopt_proposal(
        proposal=proposal, school_id=demo.school2.pk, person=demo.teacher2, new_cycle=NEW_CYCLE
    )
    from_hooks = sorted(Contribution.objects.values_list("rule", "source_key", "school_id"))
    assert len(from_hooks) == 5

    Contribution.objects.all().delete()  # a network from before the ledger existed
    call_command("derive_contributions")
    assert sorted(Contribution.objects.values_list("rule", "source_key", "school_id")) == (
        from_hooks
    )
    call_command("derive_contributions", network=demo.network_a.pk)
    assert Contribution.objects.count() == 5


def test_a_person_in_two_schools_speaks_for_the_first_in_the_network(demo: Demo, room):
    SchoolMembership.objects.create(
        person=demo.teacher2, school=demo.school3, role=SchoolRole.TEACHER
    )
    proposal = proposal_by(room, demo.teacher1)
    room_services.endorse_proposal(proposal=proposal, person=demo.teacher2)
    (endorsed,) = Contribution.objects.filter(rule="proposal_endorsed")
    assert endorsed.counterpart_school == min(
        [demo.school2, demo.school3], key=lambda school: school.pk
    )
