"""Decisions in rooms: polls, votes and outcomes.

Kinds: a *proposal* (agree, abstain, disagree, block; a block needs a reason), a *score*
(1 to 5 for each option), a *dot vote* (up to N dots spread over the options) and a *time
poll* (the times that suit; the closer chooses the winning time, which plans a network
session).

A person votes once per poll: voting again replaces the vote. The vote is found again by
`voter_key`, an HMAC-SHA256 of the poll's and the person's ids under a key derived from
the site's SECRET_KEY (`salted_hmac`). An anonymous poll stores only that key, never the
voter: whoever reads the database cannot tell who voted what without also holding the
secret key (the platform holds both, so anonymity is towards other people, not towards
the platform itself)."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from discussions.decision_models import Poll, PollKind, PollOption, Stance, Vote
from discussions.events import PollClosed, PollCreated, PollVoted
from discussions.models import Room
from discussions.services.rules import (
    RoomError,
    check_no_personal_data,
    check_open_now,
    check_storable,
    clean_title,
)
from meetings.access import can_plan
from meetings.models import NetworkSession
from meetings.services import plan_session, record_decision
from meetings.services.sessions import has_started
from netwerk.access import is_coordinator
from netwerk.events import emit
from schools.models import User

MAX_OPTIONS = 20
MAX_DOTS = 100
MAX_DETAILS_CHARS = 10_000
MAX_OUTCOME_CHARS = 2000
MAX_REASON_CHARS = 2000
MAX_OPEN_DAYS = 366
SCORE_RANGE = range(1, 6)
KEY_SALT = "netwerk.discussions.poll-vote"


@dataclass(frozen=True)
class NewOption:
    label: str = ""
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None


def voter_key(poll_id: int, person_id: int) -> str:
    """The keyed hash that finds a person's vote in a poll again (see the module)."""
    return salted_hmac(KEY_SALT, f"{poll_id}:{person_id}", algorithm="sha256").hexdigest()


# --- Creating ----------------------------------------------------------------------------


def create_poll(
    *,
    room: Room,
    author: User,
    kind: str,
    title: str,
    closes_at: datetime.datetime,
    details: str = "",
    options: list[NewOption] | None = None,
    dots: int | None = None,
    anonymous: bool = False,
    hide_results: bool = False,
    location: str = "",
    online_url: str = "",
) -> Poll:
    """Open a poll in the room. Everything is checked before anything is saved."""
    options = options or []
    if kind not in PollKind.values:
        raise RoomError("invalid", _("Choose a kind of poll."))
    title = clean_title(title)
    details = _check_text(details, MAX_DETAILS_CHARS)
    _check_closing(closes_at)
    dots = _check_options(kind, options, dots)
    location, online_url = _check_place(kind, location, online_url)
    check_no_personal_data(title, details, *[o.label for o in options])
    with transaction.atomic():
        check_open_now(room)
        poll = Poll.objects.create(
            room=room,
            author=author,
            kind=kind,
            title=title,
            details=details,
            dots=dots,
            anonymous=anonymous,
            hide_results=hide_results,
            closes_at=closes_at,
            location=location,
            online_url=online_url,
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, position=n, **_option_fields(kind, option))
            for n, option in enumerate(options)
        )
        emit(PollCreated(poll=poll))
    return poll


def _check_text(text: object, limit: int) -> str:
    if not isinstance(text, str):
        raise RoomError("invalid", _("Text expected."))
    if len(text) > limit:
        raise RoomError("too_large", _("The text is longer than %d characters.") % limit)
    check_storable(text)
    return text.strip()


def _check_place(kind: str, location: str, online_url: str) -> tuple[str, str]:
    """A time poll plans a session, which needs a place or a link (as sessions do)."""
    if kind != PollKind.TIME:
        return "", ""
    location, online_url = _check_text(location, 200), _check_text(online_url, 200)
    if online_url and not online_url.startswith(("https://", "http://")):
        raise RoomError("invalid", _("Give a web address for the online meeting."))
    if not location and not online_url:
        raise RoomError("invalid", _("Give a place, an online meeting link, or both."))
    return location, online_url


def _check_closing(closes_at: datetime.datetime) -> None:
    now = timezone.now()
    if closes_at <= now:
        raise RoomError("invalid", _("The closing time must be in the future."))
    if closes_at > now + datetime.timedelta(days=MAX_OPEN_DAYS):
        raise RoomError("invalid", _("A poll closes within a year."))


def _check_options(kind: str, options: list[NewOption], dots: int | None) -> int | None:
    """The options a kind needs; returns the dots a dot vote hands out (else None)."""
    if kind == PollKind.PROPOSAL:
        if options:
            raise RoomError("invalid", _("A proposal poll has fixed choices and no options."))
        return None
    if kind == PollKind.TIME and not options:
        raise RoomError("invalid", _("A time poll needs at least one time to choose from."))
    if kind != PollKind.TIME and len(options) < 2:
        raise RoomError("invalid", _("Give at least two options."))
    if len(options) > MAX_OPTIONS:
        raise RoomError("invalid", _("Give at most %d options.") % MAX_OPTIONS)
    for option in options:
        _check_option(kind, option)
    if kind == PollKind.TIME:
        times = [(o.starts_at, o.ends_at) for o in options]
        if len(set(times)) != len(times):
            raise RoomError("invalid", _("Each time may be offered once."))
    else:
        labels = [o.label.strip().casefold() for o in options]
        if len(set(labels)) != len(labels):
            raise RoomError("invalid", _("Each option may be given once."))
    if kind != PollKind.DOTS:
        return None
    if dots is None or not 1 <= dots <= MAX_DOTS:
        raise RoomError("invalid", _("A dot vote hands out 1 to %d dots.") % MAX_DOTS)
    return dots


def _check_option(kind: str, option: NewOption) -> None:
    if kind == PollKind.TIME:
        if option.starts_at is None or option.ends_at is None:
            raise RoomError("invalid", _("Each time needs a start and an end."))
        if option.ends_at <= option.starts_at:
            raise RoomError("invalid", _("A time must end after it starts."))
        if option.starts_at <= timezone.now():
            raise RoomError("invalid", _("Offer times in the future."))
        return
    label = option.label.strip()
    if not label or len(label) > 200:
        raise RoomError("invalid", _("Each option needs a label of at most 200 characters."))
    check_storable(label)


def _option_fields(kind: str, option: NewOption) -> dict[str, Any]:
    if kind == PollKind.TIME:
        assert option.starts_at is not None
        label = option.label.strip() or option.starts_at.isoformat()
        return {"label": label[:200], "starts_at": option.starts_at, "ends_at": option.ends_at}
    return {"label": option.label.strip()}


# --- Voting ------------------------------------------------------------------------------


def is_open_for_votes(poll: Poll, now: datetime.datetime | None = None) -> bool:
    return poll.closed_at is None and poll.closes_at > (now or timezone.now())


@transaction.atomic
def vote(*, poll: Poll, person: User, choices: object, reason: object = "") -> Poll:
    """Cast or replace the person's vote. The poll's row lock orders a vote against the
    poll's closing: a vote either lands before the close or is refused."""
    locked = Poll.objects.select_for_update().get(pk=poll.pk)
    if not is_open_for_votes(locked):
        raise RoomError("forbidden", _("This poll is closed: votes are no longer taken."))
    reason = _check_text(reason if reason is not None else "", MAX_REASON_CHARS)
    option_ids = set(locked.options.values_list("pk", flat=True))
    clean = _check_choices(locked, option_ids, choices, reason)
    check_no_personal_data(reason)
    check_open_now(locked.room)
    Vote.objects.update_or_create(
        poll=locked,
        voter_key=voter_key(locked.pk, person.pk),
        defaults={
            "voter": None if locked.anonymous else person,
            "choices": clean,
            "reason": reason,
        },
    )
    emit(PollVoted(poll=locked))
    return locked


def _check_choices(
    poll: Poll, option_ids: set[int], choices: object, reason: str
) -> dict[str, Any]:
    if not isinstance(choices, dict):
        raise RoomError("invalid", _("choices must be an object."))
    if poll.kind == PollKind.PROPOSAL:
        stance = choices.get("stance")
        if stance not in Stance.values or len(choices) != 1:
            raise RoomError("invalid", _("Choose agree, abstain, disagree or block."))
        if stance == Stance.BLOCK and not reason:
            raise RoomError("invalid", _("A block needs a reason."))
        return {"stance": stance}
    numbers = _option_numbers(option_ids, choices)
    if poll.kind == PollKind.SCORE:
        if set(numbers) != {str(pk) for pk in option_ids}:
            raise RoomError("invalid", _("Give every option a score."))
        if any(value not in SCORE_RANGE for value in numbers.values()):
            raise RoomError("invalid", _("A score is a whole number from 1 to 5."))
    elif poll.kind == PollKind.DOTS:
        spent = sum(numbers.values())
        if any(value < 0 for value in numbers.values()) or not 0 < spent <= (poll.dots or 0):
            raise RoomError(
                "invalid", _("Spread 1 to %d dots over the options.") % (poll.dots or 0)
            )
    elif any(value not in (0, 1) for value in numbers.values()) or not any(numbers.values()):
        raise RoomError("invalid", _("Choose at least one time that suits you."))
    return {key: value for key, value in numbers.items() if value}


def _option_numbers(option_ids: set[int], choices: dict[Any, Any]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for key, value in choices.items():
        if not str(key).isdigit() or int(key) not in option_ids:
            raise RoomError("invalid", _("That is not an option of this poll."))
        if isinstance(value, bool) or not isinstance(value, int):
            raise RoomError("invalid", _("Each choice is a whole number."))
        numbers[str(int(key))] = value
    return numbers


# --- Closing -----------------------------------------------------------------------------


@transaction.atomic
def close_poll(
    *, poll: Poll, person: User, outcome: object, chosen_option: int | None = None
) -> Poll:
    """The closer writes the outcome. In the room of a session that has started it becomes
    a decision of that session (decisions are recorded once a session has started); a time
    poll's chosen time plans a network session; otherwise the outcome stays pinned in the
    room. Whoever may not plan a session cannot close a time poll."""
    locked = Poll.objects.select_for_update().select_related("room__network").get(pk=poll.pk)
    if locked.closed_at is not None:
        raise RoomError("forbidden", _("This poll is closed already."))
    network = locked.room.network
    if person.pk != locked.author_id and not is_coordinator(person, network):
        raise RoomError("forbidden", _("Only the poll's author or a coordinator closes it."))
    if locked.kind == PollKind.TIME and not can_plan(person, network):
        raise RoomError("forbidden", _("Only someone who plans sessions closes a time poll."))
    text = _check_text(outcome if outcome is not None else "", MAX_OUTCOME_CHARS)
    if not text:
        raise RoomError("invalid", _("Write the outcome."))
    check_no_personal_data(text)
    option = _chosen(locked, chosen_option)
    now = timezone.now()
    locked.closed_at, locked.closed_by, locked.outcome = now, person, text
    locked.chosen_option = option
    session = locked.room.network_session
    with meetings_rules():
        if option is not None:
            locked.planned_session = _plan(locked, option, person)
        if session is not None and has_started(session):
            locked.decision = record_decision(session=session, text=text, person=person)
    locked.save(
        update_fields=[
            "closed_at",
            "closed_by",
            "outcome",
            "chosen_option",
            "planned_session",
            "decision",
        ]
    )
    emit(PollClosed(poll=locked, closed_by=person))
    return locked


def _chosen(poll: Poll, option_id: int | None) -> PollOption | None:
    if poll.kind != PollKind.TIME:
        return None
    option = poll.options.filter(pk=option_id).first() if option_id is not None else None
    if option is None:
        raise RoomError("invalid", _("Choose the winning time."))
    return option


def _plan(poll: Poll, option: PollOption, person: User) -> NetworkSession:
    assert option.starts_at is not None
    assert option.ends_at is not None
    return plan_session(
        network=poll.room.network,
        title=poll.title,
        starts_at=option.starts_at,
        ends_at=option.ends_at,
        created_by=person,
        location=poll.location,
        online_url=poll.online_url,
    )


@contextlib.contextmanager
def meetings_rules() -> Iterator[None]:
    """A session's rules refusing (a cancelled session, a time in the past): the room's
    refusal, with the session's words, and the whole close rolled back."""
    try:
        yield
    except ValidationError as error:
        raise RoomError("invalid", " ".join(str(m) for m in error.messages)) from error
