"""What happens in rooms, as domain events (netwerk.events). The live broadcast
(discussions.broadcast), notifications and the contributions ledger subscribe; the room
services never call them."""

from __future__ import annotations

from dataclasses import dataclass

from discussions.models import (
    Adoption,
    Endorsement,
    Message,
    MessageReport,
    Poll,
    Proposal,
    Room,
    RoomRemoval,
    SharedDocument,
    Topic,
)
from netwerk.events import DomainEvent
from schools.models import User


@dataclass(frozen=True, kw_only=True)
class RoomChanged(DomainEvent):
    """Opened, closed, archived or reopened."""

    room: Room


@dataclass(frozen=True, kw_only=True)
class MessagePosted(DomainEvent):
    """A message everyone in the room may now read: posted, or released from hold.
    `mentioned` are the room's people it names as @username."""

    message: Message
    mentioned: tuple[User, ...] = ()


@dataclass(frozen=True, kw_only=True)
class MessageChanged(DomainEvent):
    """A live message deleted, pinned, unpinned or reacted to."""

    message: Message


@dataclass(frozen=True, kw_only=True)
class MessageEdited(MessageChanged):
    mentioned: tuple[User, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ProposalCreated(DomainEvent):
    proposal: Proposal


@dataclass(frozen=True, kw_only=True)
class ProposalChanged(DomainEvent):
    """A new version, a new status, an endorsement, an adoption or an outcome."""

    proposal: Proposal


@dataclass(frozen=True, kw_only=True)
class ProposalEndorsed(ProposalChanged):
    endorsement: Endorsement


@dataclass(frozen=True, kw_only=True)
class ProposalAdopted(ProposalChanged):
    adoption: Adoption


# --- Decisions: polls --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PollChanged(DomainEvent):
    """A poll opened, voted in or closed: its results changed."""

    poll: Poll


@dataclass(frozen=True, kw_only=True)
class PollCreated(PollChanged):
    pass


@dataclass(frozen=True, kw_only=True)
class PollVoted(PollChanged):
    pass


@dataclass(frozen=True, kw_only=True)
class PollClosed(PollChanged):
    closed_by: User


# --- Topics and moderation ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TopicChanged(DomainEvent):
    """A topic resolved or reopened."""

    topic: Topic


@dataclass(frozen=True, kw_only=True)
class MessagesMoved(DomainEvent):
    """A coordinator moved messages to another topic."""

    room: Room
    messages: tuple[Message, ...]
    moved_by: User


@dataclass(frozen=True, kw_only=True)
class MessageReported(DomainEvent):
    report: MessageReport


@dataclass(frozen=True, kw_only=True)
class MessageHidden(MessageChanged):
    """A coordinator hid the message; `reason` goes to the audit log, not to the room."""

    moderator: User
    reason: str


@dataclass(frozen=True, kw_only=True)
class MemberRemoved(DomainEvent):
    removal: RoomRemoval


@dataclass(frozen=True, kw_only=True)
class DocumentEdited(DomainEvent):
    """A shared document changed by the server itself (a restored version, a text sent
    through the API): `update` is the Yjs update its open editors need."""

    document: SharedDocument
    update: bytes
