"""Each kind reaches the people it concerns, never the person who acted, never someone
who may not see the thing, and only once per event."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from casestudies import services as case_services
from casestudies.access import cases_visible_to, people_on_case
from discussions import services as room_services
from meetings.models import NetworkSession
from netwerk.access import networks_for, people_of_network
from notifications.daily import run_daily
from notifications.models import Kind, Notification
from notifications.services import Choice, set_preferences
from schools.models import User
from tests.notifications.conftest import World, post, received, recipients

SCHOOL1_CASE_PEOPLE = {
    "leader1",
    "teacher1",
    "s1_teacher_a",
    "s1_teacher_b",
    "s1_teacher_c",
    "s1_quality",
    "coach",
}


def test_a_mention_notifies_the_person_mentioned_with_a_link_to_the_room(world: World, committed):
    demo = world.demo
    with committed():
        message = post(world.room, demo.teacher2, "Wat vind jij, @teacher1? En @teacher2?")
    [notification] = received(demo.teacher1, Kind.MENTION)
    assert notification.url == f"/ruimtes/{world.room.pk}/#bericht-{message.seq}"
    assert notification.actor == demo.teacher2
    assert notification.key == f"message:{message.pk}"
    assert notification.headline == "Jeroen Smit mentioned you in “Zittenblijven in havo 4”"
    assert notification.summary.startswith("Wat vind jij, @teacher1?")
    assert recipients(Kind.MENTION) == {"teacher1"}  # not the author mentioning himself


def test_someone_outside_the_network_is_never_notified_of_a_mention(world: World, committed):
    with committed():
        post(world.room, world.demo.teacher2, "Vraag voor @outsider en @teacher1")
    assert received(world.demo.outsider) == []
    assert recipients(Kind.MENTION) == {"teacher1"}


def test_nothing_is_written_when_the_transaction_rolls_back(world: World, committed):
    def post_then_fail() -> None:
        with transaction.atomic():
            post(world.room, world.demo.teacher2, "@teacher1 kijk even")
            raise RuntimeError

    with committed(), pytest.raises(RuntimeError):
        post_then_fail()
    assert Notification.objects.count() == 0


def test_a_reply_notifies_the_author_of_the_message_replied_to(world: World, committed):
    demo = world.demo
    with committed():
        question = post(world.room, demo.teacher1, "Hoe doen jullie dat?")
        post(world.room, demo.teacher2, "Met mentorgesprekken.", reply_to=question.pk)
        post(world.room, demo.teacher1, "Dank je!", reply_to=question.pk)  # own message
    [reply] = received(demo.teacher1, Kind.REPLY)
    assert reply.headline == "Jeroen Smit replied to your message in “Zittenblijven in havo 4”"
    assert recipients(Kind.REPLY) == {"teacher1"}


def test_a_reply_that_also_mentions_notifies_once_as_a_mention(world: World, committed):
    demo = world.demo
    with committed():
        question = post(world.room, demo.teacher1, "Hoe doen jullie dat?")
        post(world.room, demo.teacher2, "@teacher1 zo!", reply_to=question.pk)
    assert [n.kind for n in received(demo.teacher1)] == [Kind.MENTION]


def test_a_held_message_notifies_only_once_its_author_releases_it(world: World, committed):
    demo = world.demo
    with committed():
        held = post(world.room, demo.teacher2, "@teacher1 bel Piet de Vries op 0612345678")
    assert held.held
    assert received(demo.teacher1) == []
    with committed():
        room_services.confirm_message(
            message=held, author=demo.teacher2, body="@teacher1 bel even met de mentor"
        )
    assert len(received(demo.teacher1, Kind.MENTION)) == 1


def test_an_edit_notifies_only_the_people_newly_mentioned(world: World, committed):
    demo = world.demo
    with committed():
        message = post(world.room, demo.teacher2, "@teacher1 een vraag")
    with committed():
        room_services.edit_message(
            message=message, editor=demo.teacher2, body="@teacher1 en @leader1 een vraag"
        )
    assert len(received(demo.teacher1, Kind.MENTION)) == 1
    assert len(received(demo.leader1, Kind.MENTION)) == 1


def test_a_proposal_in_a_case_room_notifies_the_people_working_on_that_case(
    world: World, committed
):
    demo = world.demo
    with committed():
        proposal = room_services.create_proposal(
            room=world.case_room,
            author=demo.teacher2,
            client_id="p1",
            title="Mentorgesprek voor elke twijfelaar",
        ).proposal
    assert recipients(Kind.PROPOSAL_ON_YOUR_CASE) == SCHOOL1_CASE_PEOPLE
    notification = received(demo.teacher1, Kind.PROPOSAL_ON_YOUR_CASE)[0]
    assert notification.summary == "Mentorgesprek voor elke twijfelaar"
    assert notification.url == f"/ruimtes/{world.case_room.pk}/#h-proposals"
    assert notification.key == f"proposal:{proposal.pk}"


def test_a_proposal_by_someone_on_the_case_does_not_notify_them(world: World, committed):
    with committed():
        room_services.create_proposal(
            room=world.case_room, author=world.demo.teacher1, client_id="p1", title="Idee"
        )
    assert recipients(Kind.PROPOSAL_ON_YOUR_CASE) == SCHOOL1_CASE_PEOPLE - {"teacher1"}


def test_a_proposal_in_a_theme_room_notifies_nobody(world: World, committed):
    with committed():
        room_services.create_proposal(
            room=world.room, author=world.demo.teacher2, client_id="p1", title="Idee"
        )
    assert Notification.objects.count() == 0


def new_case(world: World, title: str = "Rekenen in de onderbouw"):
    return case_services.start_case_study(
        datateam=world.demo.team1,
        person=world.demo.teacher1,
        title=title,
        theme="basic_skills",
        template="five_steps",
    )


def test_a_case_submitted_for_review_waits_for_the_schools_leaders(world: World, committed):
    demo = world.demo
    case = new_case(world)
    with committed():
        case_services.submit_for_review(case=case, person=demo.teacher1)
    assert recipients(Kind.APPROVAL_WAITING) == {"leader1"}
    [notification] = received(demo.leader1, Kind.APPROVAL_WAITING)
    assert notification.url == f"/casussen/{case.pk}/#h-sharing"
    assert notification.headline == "“Rekenen in de onderbouw” is waiting for your approval"


def test_a_leader_submitting_is_not_told_about_their_own_submission(world: World, committed):
    case = new_case(world)
    with committed():
        case_services.submit_for_review(case=case, person=world.demo.leader1)
    assert Notification.objects.count() == 0


def test_a_case_submitted_again_after_changes_is_a_new_request(world: World, committed):
    case = new_case(world)
    with committed():
        case_services.submit_for_review(case=case, person=world.demo.teacher1)
    case.sharing_status = "draft"
    case.save(update_fields=["sharing_status", "updated_at"])
    with committed():
        case_services.submit_for_review(case=case, person=world.demo.teacher1)
    assert len(received(world.demo.leader1, Kind.APPROVAL_WAITING)) == 2


def test_actions_due_within_a_week_are_announced_once_to_the_people_on_the_case(
    world: World, committed
):
    today = timezone.localdate()
    due = case_services.add_action(
        case=world.case, description="Mentorgesprekken plannen", owner="Lotte", due_date=today
    )
    case_services.add_action(
        case=world.case,
        description="Later",
        owner="Lotte",
        due_date=today + datetime.timedelta(days=10),
    )
    done = case_services.add_action(
        case=world.case, description="Klaar", owner="Lotte", due_date=today
    )
    case_services.set_action_status(action=done, status="done")
    with committed():
        run_daily(now=timezone.now(), digests=False)
        run_daily(now=timezone.now() + datetime.timedelta(days=1), digests=False)
    notifications = Notification.objects.filter(kind=Kind.ACTION_DUE)
    assert set(notifications.values_list("key", flat=True)) == {f"action:{due.pk}"}
    assert recipients(Kind.ACTION_DUE) == SCHOOL1_CASE_PEOPLE
    [mine] = received(world.demo.teacher1, Kind.ACTION_DUE)
    assert mine.summary == "Mentorgesprekken plannen"
    assert mine.url == f"/casussen/{world.case.pk}/#h-actions"


def session(world: World, *, starts_in: datetime.timedelta, **extra) -> NetworkSession:
    starts_at = timezone.now() + starts_in
    return NetworkSession.objects.create(
        network=world.demo.network_a,
        title="Bijeenkomst datagebruik",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        **extra,
    )


def test_a_session_in_the_coming_week_is_announced_once_to_the_networks_people(
    world: World, committed
):
    soon = session(world, starts_in=datetime.timedelta(days=3))
    session(world, starts_in=datetime.timedelta(days=10))
    session(world, starts_in=datetime.timedelta(days=2), status=NetworkSession.Status.CANCELLED)
    with committed():
        run_daily(now=timezone.now(), digests=False)
        run_daily(now=timezone.now() + datetime.timedelta(hours=24), digests=False)
    expected = set(people_of_network(world.demo.network_a.pk).values_list("username", flat=True))
    assert recipients(Kind.UPCOMING_SESSION) == expected
    assert "outsider" not in expected
    assert "coordinator" in expected
    assert set(Notification.objects.values_list("key", flat=True)) == {f"session:{soon.pk}"}
    [mine] = received(world.demo.teacher2, Kind.UPCOMING_SESSION)
    assert mine.headline.startswith("Network session “Bijeenkomst datagebruik” on ")
    assert mine.url == f"/bijeenkomsten/{soon.pk}/"


def test_a_kind_switched_off_entirely_is_not_written(world: World, committed):
    demo = world.demo
    set_preferences(person=demo.teacher1, kinds={Kind.MENTION: Choice(in_app=False, digest=False)})
    with committed():
        post(world.room, demo.teacher2, "@teacher1 en @leader1")
    assert received(demo.teacher1) == []
    assert len(received(demo.leader1)) == 1


def test_a_kind_wanted_only_by_email_is_kept_out_of_the_app(world: World, committed, client):
    demo = world.demo
    set_preferences(person=demo.teacher1, kinds={Kind.MENTION: Choice(in_app=False, digest=True)})
    with committed():
        post(world.room, demo.teacher2, "@teacher1 kijk even")
    [notification] = received(demo.teacher1)
    assert not notification.in_app
    client.force_login(demo.teacher1)
    assert client.get("/api/notifications/").json()["count"] == 0


@pytest.mark.parametrize("helper", ["case", "network"])
def test_the_recipient_helpers_agree_with_the_access_rules(world: World, helper: str):
    for person in User.objects.all():
        if helper == "case":
            for case in type(world.case).objects.all():
                sees = cases_visible_to(person).filter(pk=case.pk).exists()
                assert sees == people_on_case(case).filter(pk=person.pk).exists(), (person, case)
        else:
            for network in (world.demo.network_a, world.demo.network_b):
                sees = networks_for(person).filter(pk=network.pk).exists()
                listed = people_of_network(network.pk).filter(pk=person.pk).exists()
                assert sees == listed, (person, network)
