"""Proposals: made in a room, edited, worked out and endorsed by partners (adoptions:
discussions.services.adoptions)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from discussions.events import ProposalChanged, ProposalCreated, ProposalEndorsed
from discussions.models import (
    Endorsement,
    Proposal,
    ProposalRevision,
    ProposalStatus,
    Room,
)
from discussions.services import documents
from discussions.services.rules import (
    RoomError,
    check_body,
    check_client_id,
    check_no_personal_data,
    check_open,
    check_open_now,
    check_proposal_without_personal_data,
    check_rate,
    clean_title,
    lock,
    reply_target,
)
from netwerk.events import emit
from netwerk.markdown import render_markdown
from schools.models import User

ADOPTED_ACTION_DAYS = 60


class VersionConflict(Exception):
    """A proposal edit based on an old version; carries the current proposal."""

    def __init__(self, current: Proposal) -> None:
        super().__init__(f"Proposal {current.pk} is at version {current.version}")
        self.current = current


@dataclass(frozen=True)
class Created:
    proposal: Proposal
    created: bool


def create_proposal(
    *,
    room: Room,
    author: User,
    client_id: str,
    title: str,
    body: str = "",
    from_message: int | None = None,
) -> Created:
    check_client_id(client_id)
    title = clean_title(title)
    check_body(body, allow_empty=True)
    check_no_personal_data(title, body)
    with transaction.atomic():
        locked = lock(room)
        existing = Proposal.objects.filter(room=room, author=author, client_id=client_id).first()
        if existing is not None:
            return Created(existing, created=False)
        check_open(locked)
        check_rate(author)
        proposal = Proposal(
            room=room,
            author=author,
            client_id=client_id,
            title=title,
            body=body,
            body_html=render_markdown(body),
            from_message=reply_target(room, from_message),
        )
        proposal.full_clean(validate_unique=False, validate_constraints=False)
        proposal.save()
        ProposalRevision.objects.create(
            proposal=proposal, version=1, title=title, body=body, edited_by=author
        )
        emit(ProposalCreated(proposal=proposal))
    return Created(proposal, created=True)


@transaction.atomic
def edit_proposal(
    *, proposal: Proposal, editor: User, base_version: int, title: str, body: str | None = None
) -> Proposal:
    """Save a new title (a new version), or raise VersionConflict with the current one
    when the edit was based on an older version. A new text, when given, goes into the
    shared document as one more edit (documents.write_text): it merges with what others
    are writing at that moment."""
    title = clean_title(title)
    if body is not None:
        check_body(body, allow_empty=True)
    check_no_personal_data(title, body or "")
    check_open_now(proposal.room)
    proposal = Proposal.objects.select_for_update().select_related("author").get(pk=proposal.pk)
    if proposal.version != base_version:
        raise VersionConflict(proposal)
    if body is not None:
        document = documents.open_document(room=proposal.room, target=proposal)
        documents.write_text(document=document, text=body, person=editor)
        proposal.refresh_from_db(fields=["body"])
        proposal.body_html = render_markdown(proposal.body)
    proposal.title = title
    proposal.version += 1
    proposal.save(update_fields=["title", "body_html", "version", "updated_at"])
    ProposalRevision.objects.create(
        proposal=proposal, version=proposal.version, title=title, body=proposal.body,
        edited_by=editor,
    )  # fmt: skip
    emit(ProposalChanged(proposal=proposal))
    return proposal


@transaction.atomic
def mark_worked_out(*, proposal: Proposal) -> Proposal:
    check_open_now(proposal.room)
    if proposal.status != ProposalStatus.IDEA:
        raise RoomError("invalid", _("Only an idea can be marked as worked out."))
    check_proposal_without_personal_data(proposal)
    proposal.status = ProposalStatus.WORKED_OUT
    proposal.save(update_fields=["status", "updated_at"])
    emit(ProposalChanged(proposal=proposal))
    return proposal


@transaction.atomic
def endorse_proposal(*, proposal: Proposal, person: User) -> Proposal:
    check_open_now(proposal.room)
    if proposal.author_id == person.pk:  # support comes from partners
        raise RoomError("invalid", _("You cannot endorse your own proposal."))
    if Endorsement.objects.filter(proposal=proposal, person=person).exists():
        raise RoomError("invalid", _("You have already endorsed this proposal."))
    endorsement = Endorsement.objects.create(proposal=proposal, person=person)
    emit(ProposalEndorsed(proposal=proposal, endorsement=endorsement))
    return proposal
