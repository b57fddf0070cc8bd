"""A browser enters a room with its session cookie exactly when Django would let it in on a
page: on PostgreSQL the room websocket checks the session on the event loop, elsewhere
(and for what only Django can check) in a database thread; both must agree with
django.contrib.auth.get_user."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.models import Session
from django.utils import timezone

from schools.models import User
from tests.conftest import client_for
from tests.discussions.conftest import Rooms, socket

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


class OwnLookupBackend(ModelBackend):
    """A backend that finds people its own way: the event loop cannot check for it."""

    def get_user(self, user_id: int) -> User | None:
        return super().get_user(user_id)


OWN_LOOKUP = f"{__name__}.OwnLookupBackend"


def session_socket(rooms: Rooms, key: str):
    return socket(f"/ws/rooms/{rooms.room.pk}/", [(b"cookie", f"sessionid={key}".encode())])


async def closing_code(rooms: Rooms, key: str) -> int | None:
    """4401/4403 when the room refuses the connection, None when it greets it."""
    communicator = session_socket(rooms, key)
    connected, _ = await communicator.connect()
    assert connected
    frame = await communicator.receive_output(timeout=5)
    if frame["type"] == "websocket.close":
        return int(frame["code"])
    assert '"type": "hello"' in frame["text"]
    await communicator.disconnect()
    return None


@sync_to_async
def log_in(user: User, backend: str | None = None) -> str:
    client = client_for(None)
    client.force_login(user, backend=backend)
    return str(client.cookies["sessionid"].value)


def change_password(user: User) -> None:
    user.set_password("een-heel-nieuw-wachtwoord")
    user.save()


def deactivate(user: User) -> None:
    User.objects.filter(pk=user.pk).update(is_active=False)


def expire(user: User) -> None:
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))


def log_out(user: User) -> None:
    Session.objects.all().delete()


def tamper(user: User) -> None:
    session = Session.objects.get()
    data = session.session_data
    Session.objects.update(session_data=data[:-3] + ("abc" if data[-3:] != "abc" else "xyz"))


@pytest.mark.parametrize("after_login", [change_password, deactivate, expire, log_out, tamper])
async def test_a_session_that_no_longer_signs_in_is_refused_with_4401(
    rooms: Rooms, after_login: Callable[[User], None]
):
    teacher = rooms.demo.teacher1
    await sync_to_async(Session.objects.all().delete)()
    key = await log_in(teacher)
    assert await closing_code(rooms, key) is None
    await sync_to_async(after_login)(teacher)
    assert await closing_code(rooms, key) == 4401


async def test_a_session_of_a_non_member_is_refused_with_4403_and_an_unknown_one_with_4401(
    rooms: Rooms,
):
    assert await closing_code(rooms, await log_in(rooms.demo.outsider)) == 4403
    assert await closing_code(rooms, "no-such-session-key") == 4401
    assert await closing_code(rooms, "") == 4401
    assert await closing_code(rooms, '"\\000abcdefghij"') == 4401  # unquotes to a NUL


async def test_a_session_signed_before_the_secret_key_changed_enters_through_the_fallback(
    rooms: Rooms, settings
):
    key = await log_in(rooms.demo.teacher2)
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 50
    assert await closing_code(rooms, key) == 4401
    settings.SECRET_KEY_FALLBACKS = [old]
    assert await closing_code(rooms, key) is None


async def test_a_backend_with_its_own_look_up_and_another_session_engine_are_left_to_django(
    rooms: Rooms, settings
):
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, OWN_LOOKUP]
    key = await log_in(rooms.demo.teacher1, backend=OWN_LOOKUP)
    assert await closing_code(rooms, key) is None
    await sync_to_async(change_password)(rooms.demo.teacher1)
    assert await closing_code(rooms, key) == 4401

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    key = await log_in(rooms.demo.teacher2)
    assert not await Session.objects.filter(session_key=key).aexists()
    assert await closing_code(rooms, key) is None
    assert await closing_code(rooms, key[:-4] + "AAAA") == 4401
