"""Statements that single out pupils without a name reach no partner: a message is held
for its author, like a name; a proposal, an edit or an outcome is refused with the words
quoted. The warning names everything found."""

from __future__ import annotations

import pytest

from discussions import services
from tests.conftest import client_for
from tests.discussions.conftest import Rooms, joined, next_of, token_socket

SMALL_GROUP = "In klas 3B zijn 2 zittenblijvers, allebei met dyslexie."
ONLY_ONE = "De enige zittenblijver in havo 4B is de zoon van de conciërge."


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("body", "findings"),
    [
        (SMALL_GROUP, ["small_group", "special_category"]),
        (ONLY_ONE, ["only_one", "relation"]),
        ("Jan Jansen heeft BSN 123456789 en blijft zitten.", ["bsn", "name"]),
    ],
)
async def test_a_message_that_singles_out_pupils_is_held_with_every_finding(
    rooms: Rooms, body: str, findings: list[str]
):
    author = token_socket(rooms, "teacher1")
    await joined(author)
    await author.send_json_to({"type": "message.send", "client_id": "h", "body": body})
    held = await next_of(author, "message.held")
    assert held["findings"] == findings
    await author.disconnect()


def test_a_general_message_about_a_policy_goes_through(rooms: Rooms):
    posted = services.post_message(
        room=rooms.room,
        author=rooms.demo.teacher1,
        client_id="policy",
        body="Ons dyslexiebeleid in de onderbouw werkt goed; in klas 3 zitten 28 leerlingen.",
    )
    assert not posted.message.held


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["de enige leerling van een soort", "“De enige zittenblijver”"]),
        ("en", ["the only pupil of a kind", "a pupil known through a relative"]),
    ],
)
def test_a_proposal_that_singles_out_pupils_is_refused_with_the_words_quoted(
    rooms: Rooms, language: str, expected: list[str]
):
    client = client_for(rooms.demo.teacher1)
    client.cookies["django_language"] = language
    response = client.post(
        f"/api/rooms/{rooms.room.pk}/proposals/",
        {"client_id": "p", "title": "Aanpak zittenblijven", "body": ONLY_ONE},
        content_type="application/json",
    )
    assert response.status_code == 400
    detail = str(response.json())
    assert all(words in detail for words in expected), detail


def test_an_outcome_that_singles_out_pupils_is_refused(rooms: Rooms):
    with pytest.raises(services.RoomError) as refused:
        services.edit_message(
            message=services.post_message(
                room=rooms.room, author=rooms.demo.teacher1, client_id="m", body="Eerst dit."
            ).message,
            editor=rooms.demo.teacher1,
            body=SMALL_GROUP,
        )
    assert refused.value.code == "invalid"
    assert "2 zittenblijvers" in refused.value.detail
