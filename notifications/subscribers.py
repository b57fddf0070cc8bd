"""What notifications hear of: the domain events of case studies and rooms, after they
have committed (netwerk.events). A failure here never undoes what a person did."""

from __future__ import annotations

from casestudies.events import CaseSubmitted, DatasetReady
from discussions.events import (
    MessageEdited,
    MessagePosted,
    MessageReported,
    PollClosed,
    ProposalCreated,
)
from netwerk.events import Delivery, subscribe
from notifications import cases, rooms

AFTER_COMMIT = Delivery.AFTER_COMMIT


@subscribe(CaseSubmitted, delivery=AFTER_COMMIT)
def case_submitted(event: CaseSubmitted) -> None:
    cases.case_submitted(case=event.case, person=event.person)


@subscribe(MessagePosted, delivery=AFTER_COMMIT)
def message_posted(event: MessagePosted) -> None:
    # Most messages mention nobody and reply to nothing: nobody to tell, and no query (the
    # rooms' fast path emits on the event loop, where no query may run).
    if event.mentioned or event.message.reply_to_id is not None:
        rooms.message_posted(message=event.message, mentioned=list(event.mentioned))


@subscribe(MessageEdited, delivery=AFTER_COMMIT)
def message_edited(event: MessageEdited) -> None:
    """Only the people newly mentioned hear of it: a notification's key is per message."""
    rooms.message_posted(message=event.message, mentioned=list(event.mentioned))


@subscribe(ProposalCreated, delivery=AFTER_COMMIT)
def proposal_created(event: ProposalCreated) -> None:
    rooms.proposal_created(proposal=event.proposal)


@subscribe(DatasetReady, delivery=AFTER_COMMIT)
def dataset_ready(event: DatasetReady) -> None:
    cases.dataset_ready(dataset=event.dataset)


@subscribe(PollClosed, delivery=AFTER_COMMIT)
def poll_closed(event: PollClosed) -> None:
    rooms.poll_closed(poll=event.poll, closed_by=event.closed_by)


@subscribe(MessageReported, delivery=AFTER_COMMIT)
def message_reported(event: MessageReported) -> None:
    rooms.message_reported(report=event.report)
