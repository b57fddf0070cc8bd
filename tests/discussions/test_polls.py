"""Polls over the API: the four kinds, replacing a vote, closing with an outcome that
becomes a session decision, a planned session or a pinned room outcome, and the refusals."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from discussions import services
from discussions.decision_models import Poll, Vote
from meetings.models import Decision, NetworkSession
from notifications.models import Kind, Notification
from tests.discussions.conftest import Rooms
from tests.discussions.decisions import get, later, new_poll, post
from tests.meetings.conftest import plan

pytestmark = pytest.mark.django_db


def test_a_proposal_poll_counts_stances_and_a_second_vote_replaces_the_first(rooms: Rooms):
    poll = new_poll(rooms)
    assert poll.status_code == 201, poll.data
    path = f"polls/{poll.data['id']}/vote/"
    post(rooms, "teacher2", path, {"choices": {"stance": "agree"}})
    again = post(rooms, "teacher2", path, {"choices": {"stance": "disagree"}, "reason": "Te vol"})
    assert again.status_code == 200
    assert again.data["results"]["tally"] == {"agree": 0, "abstain": 0, "disagree": 1, "block": 0}
    assert again.data["voted"] is True
    assert Vote.objects.filter(poll_id=poll.data["id"]).count() == 1


def test_a_block_without_a_reason_is_refused_and_nothing_is_saved(rooms: Rooms):
    poll = new_poll(rooms)
    refused = post(
        rooms, "teacher2", f"polls/{poll.data['id']}/vote/", {"choices": {"stance": "block"}}
    )
    assert refused.status_code == 400
    assert refused.data["detail"] == "A block needs a reason."
    assert not Vote.objects.exists()
    blocked = post(
        rooms,
        "teacher2",
        f"polls/{poll.data['id']}/vote/",
        {"choices": {"stance": "block"}, "reason": "Geen roosterruimte"},
    )
    assert blocked.data["results"]["reasons"][0]["reason"] == "Geen roosterruimte"


def test_score_and_dot_votes_are_checked_and_summed(rooms: Rooms):
    options = [{"label": "Mentoruur"}, {"label": "Huiswerkklas"}]
    score = new_poll(rooms, "score", options=options)
    a, b = (o["id"] for o in score.data["options"])
    path = f"polls/{score.data['id']}/vote/"
    assert post(rooms, "teacher1", path, {"choices": {str(a): 6, str(b): 1}}).status_code == 400
    assert post(rooms, "teacher1", path, {"choices": {str(a): 5}}).status_code == 400
    post(rooms, "teacher1", path, {"choices": {str(a): 5, str(b): 2}})
    voted = post(rooms, "teacher2", path, {"choices": {str(a): 4, str(b): 3}})
    assert voted.data["results"]["mean"] == {str(a): 4.5, str(b): 2.5}

    dots = new_poll(rooms, "dots", options=options, dots=3)
    a, b = (o["id"] for o in dots.data["options"])
    path = f"polls/{dots.data['id']}/vote/"
    assert post(rooms, "teacher1", path, {"choices": {str(a): 3, str(b): 1}}).status_code == 400
    assert post(rooms, "teacher1", path, {"choices": {"999999": 1}}).status_code == 400
    voted = post(rooms, "teacher1", path, {"choices": {str(a): 2, str(b): 1}})
    assert voted.data["results"]["tally"] == {str(a): 2, str(b): 1}


@pytest.mark.parametrize(
    ("kind", "extra", "detail"),
    [
        ("time", {}, "A time poll needs at least one time to choose from."),
        ("score", {"options": [{"label": "Alleen"}]}, "Give at least two options."),
        (
            "dots",
            {"options": [{"label": "a"}, {"label": "b"}]},
            "A dot vote hands out 1 to 100 dots.",
        ),
        ("proposal", {"closes_at": later(hours=-1)}, "The closing time must be in the future."),
        ("score", {"options": [{"label": "a"}, {"label": "A"}]}, "Each option may be given once."),
    ],
)
def test_a_poll_that_cannot_work_is_refused_with_a_clear_error(rooms: Rooms, kind, extra, detail):
    refused = new_poll(rooms, kind, **extra)
    assert refused.status_code == 400
    assert refused.data["detail"] == detail
    assert not Poll.objects.exists()


def test_results_stay_hidden_until_the_person_votes(rooms: Rooms):
    poll = new_poll(rooms, hide_results=True)
    post(rooms, "teacher1", f"polls/{poll.data['id']}/vote/", {"choices": {"stance": "agree"}})
    assert get(rooms, "teacher2", f"polls/{poll.data['id']}/").data["results"] is None
    assert get(rooms, "teacher1", f"polls/{poll.data['id']}/").data["results"]["votes"] == 1


def test_an_anonymous_poll_stores_no_voter_and_still_replaces_a_repeated_vote(rooms: Rooms):
    poll = new_poll(rooms, anonymous=True)
    path = f"polls/{poll.data['id']}/vote/"
    post(rooms, "teacher2", path, {"choices": {"stance": "agree"}})
    post(rooms, "teacher2", path, {"choices": {"stance": "abstain"}})
    post(rooms, "teacher1", path, {"choices": {"stance": "agree"}})
    votes = Vote.objects.filter(poll_id=poll.data["id"])
    assert votes.count() == 2
    assert set(votes.values_list("voter", flat=True)) == {None}
    teacher2 = rooms.demo.teacher2
    assert str(teacher2.pk) not in "".join(votes.values_list("voter_key", flat=True))
    results = get(rooms, "teacher1", f"polls/{poll.data['id']}/").data["results"]
    assert results["tally"]["abstain"] == 1
    assert results["voters"] == []


def test_voting_after_the_close_is_refused(rooms: Rooms):
    poll = new_poll(rooms)
    closed = post(rooms, "teacher1", f"polls/{poll.data['id']}/close/", {"outcome": "We gaan door"})
    assert closed.status_code == 200
    refused = post(
        rooms, "teacher2", f"polls/{poll.data['id']}/vote/", {"choices": {"stance": "agree"}}
    )
    assert refused.status_code == 403
    assert refused.data["detail"] == "This poll is closed: votes are no longer taken."
    Poll.objects.filter(pk=poll.data["id"]).update(
        closed_at=None, closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    late = post(
        rooms, "teacher2", f"polls/{poll.data['id']}/vote/", {"choices": {"stance": "agree"}}
    )
    assert late.status_code == 403
    assert not Vote.objects.exists()


def test_only_the_author_or_a_coordinator_closes_and_an_outcome_is_required(rooms: Rooms):
    poll = new_poll(rooms)
    path = f"polls/{poll.data['id']}/close/"
    assert post(rooms, "teacher2", path, {"outcome": "Nee"}).status_code == 403
    assert post(rooms, "teacher1", path, {"outcome": " "}).status_code == 400
    closed = post(rooms, "coordinator", path, {"outcome": "Aangenomen: mentoruur per week"})
    assert closed.data["outcome"] == "Aangenomen: mentoruur per week"
    assert closed.data["open"] is False
    assert post(rooms, "teacher1", path, {"outcome": "Nog eens"}).status_code == 403


def test_closing_a_poll_in_a_session_room_records_the_session_decision(
    rooms: Rooms, django_capture_on_commit_callbacks
):
    session = plan(rooms.demo, days=-1, title="Bijeenkomst doorstroom")
    room = services.open_session_room(session=session, person=rooms.demo.teacher1)
    data = {"kind": "proposal", "title": "Mentoruur", "closes_at": later(days=1)}
    poll = post(rooms, "teacher1", "polls/", data, room=room.pk)
    post(
        rooms,
        "teacher2",
        f"polls/{poll.data['id']}/vote/",
        {"choices": {"stance": "agree"}},
        room=room.pk,
    )
    with django_capture_on_commit_callbacks(execute=True):
        outcome = {"outcome": "Elke week een mentoruur"}
        closed = post(rooms, "teacher1", f"polls/{poll.data['id']}/close/", outcome, room=room.pk)
    decision = Decision.objects.get(session=session)
    assert decision.text == "Elke week een mentoruur"
    assert closed.data["decision"] == decision.pk
    assert closed.data["session"]["id"] == session.pk
    told = Notification.objects.filter(kind=Kind.POLL_CLOSED, key=f"poll:{poll.data['id']}")
    assert rooms.demo.teacher2 in {n.recipient for n in told}
    assert rooms.demo.teacher1 not in {n.recipient for n in told}


def test_a_time_poll_plans_the_network_session_at_the_chosen_time(rooms: Rooms):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=14)
    times = [
        {
            "starts_at": (starts + datetime.timedelta(days=d)).isoformat(),
            "ends_at": (starts + datetime.timedelta(days=d, hours=2)).isoformat(),
        }
        for d in (0, 1)
    ]
    assert new_poll(rooms, "time", username="coordinator", options=times).status_code == 400
    poll = new_poll(rooms, "time", username="coordinator", options=times, location="Utrecht")
    second = poll.data["options"][1]["id"]
    post(rooms, "teacher1", f"polls/{poll.data['id']}/vote/", {"choices": {str(second): 1}})
    path = f"polls/{poll.data['id']}/close/"
    assert post(rooms, "coordinator", path, {"outcome": "Dinsdag"}).status_code == 400
    closed = post(rooms, "coordinator", path, {"outcome": "Dinsdag", "chosen_option": second})
    session = NetworkSession.objects.get(pk=closed.data["session"]["id"])
    assert session.starts_at == starts + datetime.timedelta(days=1)
    assert session.network == rooms.demo.network_a
    assert session.location == "Utrecht"


def test_a_time_poll_is_closed_only_by_someone_who_plans_sessions(rooms: Rooms):
    starts = timezone.now() + datetime.timedelta(days=3)
    times = [
        {
            "starts_at": starts.isoformat(),
            "ends_at": (starts + datetime.timedelta(hours=1)).isoformat(),
        }
    ]
    poll = new_poll(rooms, "time", options=times, location="Utrecht")
    option = poll.data["options"][0]["id"]
    refused = post(
        rooms,
        "teacher1",
        f"polls/{poll.data['id']}/close/",
        {"outcome": "Zo", "chosen_option": option},
    )
    assert refused.status_code == 403
    assert not NetworkSession.objects.filter(title=poll.data["title"]).exists()


def test_a_poll_of_another_networks_room_is_not_found(rooms: Rooms):
    poll = new_poll(rooms)
    assert get(rooms, "outsider", f"polls/{poll.data['id']}/").status_code == 404
    other = get(rooms, "teacher1", f"polls/{poll.data['id']}/", room=rooms.other_network_room.pk)
    assert other.status_code == 404


def test_a_poll_closed_before_its_session_starts_stays_the_rooms_pinned_outcome(rooms: Rooms):
    session = plan(rooms.demo, days=2, title="Bijeenkomst lezen")
    room = services.open_session_room(session=session, person=rooms.demo.teacher1)
    data = {"kind": "proposal", "title": "Leesplan", "closes_at": later(days=1)}
    poll = post(rooms, "teacher1", "polls/", data, room=room.pk)
    closed = post(
        rooms, "teacher1", f"polls/{poll.data['id']}/close/", {"outcome": "Ja"}, room=room.pk
    )
    assert closed.status_code == 200
    assert closed.data["decision"] is None
    assert not Decision.objects.filter(session=session).exists()
