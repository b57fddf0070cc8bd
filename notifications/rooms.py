"""Notifications about rooms: mentions, replies and proposals on a school's own case.
They follow the rooms' domain events (notifications.subscribers), after commit."""

from __future__ import annotations

from django.urls import reverse

from casestudies.access import people_on_case
from discussions.access import people_of
from discussions.models import Message, MessageReport, Poll, Proposal
from netwerk.models import LearningNetwork
from notifications.models import Kind
from notifications.services import Event, excerpt, notify
from schools.models import User


def message_posted(*, message: Message, mentioned: list[User]) -> None:
    """Whoever the message mentions, and the author of the message it replies to. Called
    again after an edit, it reaches only the people newly mentioned."""
    room = message.room
    # The room page scrolls to the message named in the fragment once it has loaded.
    url = reverse("room-detail", args=[room.pk]) + f"#bericht-{message.seq}"

    def event(kind: Kind) -> Event:
        return Event(
            kind=kind,
            key=f"message:{message.pk}",
            title=room.title,
            url=url,
            summary=excerpt(message.body),
            actor=message.author,
        )

    notify(event=event(Kind.MENTION), recipients=mentioned)
    target = message.reply_to
    if target is not None and target.author_id not in {person.pk for person in mentioned}:
        notify(event=event(Kind.REPLY), recipients=people_of(room).filter(pk=target.author_id))


def proposal_created(*, proposal: Proposal) -> None:
    """The people working on the case a case room discusses, who can enter that room."""
    room = proposal.room
    if room.case_study is None:
        return
    recipients = people_on_case(room.case_study).filter(pk__in=people_of(room).values("pk"))
    notify(
        event=Event(
            kind=Kind.PROPOSAL_ON_YOUR_CASE,
            key=f"proposal:{proposal.pk}",
            title=room.title,
            url=reverse("room-detail", args=[room.pk]) + "#h-proposals",
            summary=excerpt(proposal.title),
            actor=proposal.author,
        ),
        recipients=recipients,
    )


def poll_closed(*, poll: Poll, closed_by: User) -> None:
    """Everyone the room is open to hears the outcome: in an anonymous poll nobody knows
    who took part, so the room's people are its participants."""
    room = poll.room
    notify(
        event=Event(
            kind=Kind.POLL_CLOSED,
            key=f"poll:{poll.pk}",
            title=room.title,
            url=reverse("room-detail", args=[room.pk]) + f"#peiling-{poll.pk}",
            summary=excerpt(f"{poll.title}: {poll.outcome}"),
            actor=closed_by,
        ),
        recipients=people_of(room),
    )


def message_reported(*, report: MessageReport) -> None:
    """The coordinators of the room's network; the reason stays in the moderation list."""
    room = report.message.room
    coordinators = LearningNetwork.coordinators.through.objects.filter(
        learningnetwork_id=room.network_id
    ).values("user_id")
    notify(
        event=Event(
            kind=Kind.MESSAGE_REPORTED,
            key=f"report:{report.pk}",
            title=room.title,
            url=reverse("room-detail", args=[room.pk]) + "#h-moderation",
            summary="",
            actor=report.reporter,
        ),
        recipients=people_of(room).filter(pk__in=coordinators),
    )
