"""The audit log hears of every read and every sharing of a school's private data from the
services that do it (casestudies.events), inside their transaction: a read or a
publication that is not logged does not happen."""

from __future__ import annotations

from casestudies.events import (
    CasePublished,
    CaseViewed,
    DatasetDownloaded,
    DatasetViewed,
    PublicationWithdrawn,
)
from discussions.events import MemberRemoved, MessageHidden
from netwerk.events import Delivery, subscribe
from privacy.audit import record
from privacy.models import AuditEvent

IN_TRANSACTION = Delivery.IN_TRANSACTION


@subscribe(CaseViewed, delivery=IN_TRANSACTION)
def case_viewed(event: CaseViewed) -> None:
    record(event.person, AuditEvent.Action.VIEW, event.case, school=event.school_id, via=event.via)


@subscribe(DatasetViewed, delivery=IN_TRANSACTION)
def dataset_viewed(event: DatasetViewed) -> None:
    action = AuditEvent.Action.VIEW
    record(event.person, action, event.dataset, school=event.school_id, via=event.via)


@subscribe(DatasetDownloaded, delivery=IN_TRANSACTION)
def dataset_downloaded(event: DatasetDownloaded) -> None:
    action = AuditEvent.Action.DOWNLOAD
    record(event.person, action, event.dataset, school=event.school_id, via=event.via)


@subscribe(CasePublished, delivery=IN_TRANSACTION)
def case_published(event: CasePublished) -> None:
    publication = event.publication
    school = publication.case.datateam.school_id
    record(event.person, AuditEvent.Action.PUBLISH, publication, school=school)


@subscribe(PublicationWithdrawn, delivery=IN_TRANSACTION)
def publication_withdrawn(event: PublicationWithdrawn) -> None:
    publication = event.publication
    school = publication.case.datateam.school_id
    record(event.person, AuditEvent.Action.WITHDRAW, publication, school=school)


# --- Moderation in rooms: a network's, not a school's --------------------------------------


@subscribe(MessageHidden, delivery=IN_TRANSACTION)
def message_hidden(event: MessageHidden) -> None:
    message = event.message
    network = message.room.network_id
    action = AuditEvent.Action.HIDE_MESSAGE
    record(event.moderator, action, message, school=None, network=network, detail=event.reason)


@subscribe(MemberRemoved, delivery=IN_TRANSACTION)
def member_removed(event: MemberRemoved) -> None:
    removal = event.removal
    network = removal.room.network_id
    action = AuditEvent.Action.REMOVE_FROM_ROOM
    record(removal.removed_by, action, removal, school=None, network=network, detail=removal.reason)
