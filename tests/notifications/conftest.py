"""Rooms, a published case of school 1 with its case room, and a way to run the work a
service leaves for after commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from casestudies.demo import seed_demo_cases
from casestudies.models import CaseStudy
from discussions import services as room_services
from discussions.models import Room
from notifications.models import Notification
from schools.models import User
from tests.conftest import Demo


@dataclass
class World:
    demo: Demo
    room: Room
    case: CaseStudy
    case_room: Room


@pytest.fixture
def world(demo: Demo) -> World:
    cache.clear()  # the rooms' rate limit
    seed_demo_cases()
    room = room_services.open_theme_room(
        network=demo.network_a, person=demo.coordinator, title="Zittenblijven in havo 4"
    )
    case = CaseStudy.objects.get(datateam=demo.team1, publications__isnull=False)
    case_room = room_services.open_case_room(
        case=case, network=demo.network_a, person=demo.teacher2
    )
    return World(demo, room, case, case_room)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Use as `with committed():` around service calls whose after-commit work must run."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def post(room: Room, author: User, body: str, **extra):
    return room_services.post_message(
        room=room, author=author, client_id=uuid.uuid4().hex, body=body, **extra
    ).message


def received(person: User, kind: str | None = None) -> list[Notification]:
    notifications = Notification.objects.filter(recipient=person)
    if kind is not None:
        notifications = notifications.filter(kind=kind)
    return list(notifications)


def recipients(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))
