"""The demo network's clock: the demo plays its school years through the services, each
step on the day it happened, so every date the platform records (auto_now fields, the
ledger's dates, the checks that something lies in the past) is the day of that step.

Inside ``played_at(moment)`` Django's clock, ``django.utils.timezone.now`` (and with it
``localdate`` and the ``auto_now`` fields), reads ``moment`` in the thread that entered
the block; every other thread, and this one outside the block, reads the real time. Only
the demo seeding uses it: no request, worker or service path enters such a block.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

_played = threading.local()
_real_now = timezone.now
_installed = threading.Lock()
_blocks = 0  # played blocks open in any thread: Django's clock is ours while one is


def _now() -> datetime.datetime:
    moment: datetime.datetime | None = getattr(_played, "moment", None)
    return moment if moment is not None else _real_now()


@contextmanager
def played_at(moment: datetime.datetime) -> Iterator[None]:
    """Run the block as if it were `moment` (aware, and not in the future)."""
    if timezone.is_naive(moment):
        raise ValueError("The demo's clock needs an aware moment.")
    if moment > _real_now():
        raise ValueError(f"The demo plays what happened, not the future: {moment}.")
    global _blocks
    outer = getattr(_played, "moment", None)
    _played.moment = moment
    with _installed:
        _blocks += 1
        timezone.now = _now
    try:
        yield
    finally:
        _played.moment = outer
        with _installed:
            _blocks -= 1
            if not _blocks:
                timezone.now = _real_now


def school_year_ago(years: int) -> int:
    """The calendar year in which the school year `years` before the current one began
    (school years start on 1 August)."""
    today = timezone.localdate()
    return (today.year if today.month >= 8 else today.year - 1) - years


def played_on(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """`day` at `hour`:`minute` in the platform's time zone, or now if that lies ahead."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    return min(moment, _real_now())
