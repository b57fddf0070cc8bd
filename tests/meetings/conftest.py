"""Sessions of the demo network A: one that was held yesterday and one next month."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import services
from meetings.models import NetworkSession
from tests.conftest import Demo


def errors_of(call: Callable[[], object]) -> dict[str, list[str]]:
    """The per-field messages of the ValidationError the call raises."""
    with pytest.raises(ValidationError) as raised:
        call()
    error = raised.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


@dataclass
class Sessions:
    demo: Demo
    past: NetworkSession
    upcoming: NetworkSession


def plan(demo: Demo, *, days: int, title: str, **details: object) -> NetworkSession:
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    values: dict[str, object] = {
        "network": demo.network_a,
        "title": title,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        "created_by": demo.coordinator,
        "location": "Het Baken College, Utrecht",
        "status": NetworkSession.Status.HELD if days < 0 else NetworkSession.Status.UPCOMING,
    }
    return services.plan_session(**(values | details))  # type: ignore[arg-type]


def make_sessions(demo: Demo) -> Sessions:
    return Sessions(
        demo=demo,
        past=plan(demo, days=-1, title="Analyseren en concluderen"),
        upcoming=plan(demo, days=30, title="Doelen voor het nieuwe schooljaar"),
    )


@pytest.fixture
def sessions(demo: Demo) -> Sessions:
    return make_sessions(demo)
