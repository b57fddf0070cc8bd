"""Rooms and their content. Messages (and what reveals them: revisions, mentions,
reactions) are for superusers only and read-only, so an abusive message can be found; a
room is closed with the action here, through discussions.services."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from discussions import services
from discussions.decision_models import Poll, PollOption, Vote
from discussions.models import (
    Adoption,
    DocumentUpdate,
    DocumentVersion,
    Endorsement,
    Mention,
    Message,
    MessageRevision,
    Proposal,
    ProposalRevision,
    Reaction,
    Room,
    SharedDocument,
)
from discussions.moderation_models import MessageReport, RoomRemoval, Topic, TopicMute
from schools.admin_base import ServiceOnlyAdmin, SuperuserOnlyAdmin, apply_to_each

ROOM_HINT = _("Members post, edit and delete in the room itself; close a room with the action.")
PROPOSAL_HINT = _("Proposals are written, endorsed and adopted in their room.")


@admin.register(Room)
class RoomAdmin(ServiceOnlyAdmin[Room]):
    change_hint = ROOM_HINT
    list_display = ["title", "network", "kind", "status", "last_seq", "created_at"]
    list_filter = ["kind", "status", "network"]
    search_fields = ["title", "network__name"]
    list_select_related = ["network"]
    actions = ["close"]

    @admin.action(description=_("Close the selected rooms"), permissions=["act"])
    def close(self, request: HttpRequest, queryset: QuerySet[Room]) -> None:
        apply_to_each(self, request, queryset, lambda row: services.close_room(room=row))


@admin.register(Message)
class MessageAdmin(SuperuserOnlyAdmin[Message]):
    change_hint = ROOM_HINT
    list_display = [
        "room",
        "seq",
        "topic",
        "author",
        "created_at",
        "held",
        "deleted_at",
        "hidden_at",
    ]
    list_filter = [
        "held",
        "pinned",
        ("deleted_at", admin.EmptyFieldListFilter),
        ("hidden_at", admin.EmptyFieldListFilter),
        "room__network",
    ]
    search_fields = ["body", "author__username", "author__last_name", "room__title"]
    list_select_related = ["room", "author"]
    exclude = ["body_html"]


@admin.register(MessageRevision)
class MessageRevisionAdmin(SuperuserOnlyAdmin[MessageRevision]):
    change_hint = ROOM_HINT
    list_display = ["message", "replaced_at"]
    list_filter = ["replaced_at"]
    search_fields = ["body", "message__body"]


@admin.register(Mention)
class MentionAdmin(SuperuserOnlyAdmin[Mention]):
    change_hint = ROOM_HINT
    list_display = ["message", "person"]
    list_filter = ["message__room__network"]
    search_fields = ["person__username", "person__last_name"]


@admin.register(Reaction)
class ReactionAdmin(SuperuserOnlyAdmin[Reaction]):
    change_hint = ROOM_HINT
    list_display = ["message", "person", "emoji", "created_at"]
    list_filter = ["emoji"]
    search_fields = ["person__username", "person__last_name"]


@admin.register(Proposal)
class ProposalAdmin(ServiceOnlyAdmin[Proposal]):
    change_hint = PROPOSAL_HINT
    list_display = ["title", "room", "author", "status", "version", "created_at"]
    list_filter = ["status", "room__network"]
    search_fields = ["title", "body", "room__title"]
    list_select_related = ["room", "author"]
    exclude = ["body_html", "from_message"]


@admin.register(ProposalRevision)
class ProposalRevisionAdmin(ServiceOnlyAdmin[ProposalRevision]):
    change_hint = PROPOSAL_HINT
    list_display = ["proposal", "version", "edited_by", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["title", "body", "proposal__title"]


@admin.register(SharedDocument)
class SharedDocumentAdmin(ServiceOnlyAdmin[SharedDocument]):
    change_hint = PROPOSAL_HINT
    list_display = ["name", "room", "last_seq", "snapshot_seq", "updated_at"]
    list_filter = ["room__network", "updated_at"]
    search_fields = ["name", "text", "room__title"]
    list_select_related = ["room"]
    exclude = ["snapshot"]


@admin.register(DocumentUpdate)
class DocumentUpdateAdmin(SuperuserOnlyAdmin[DocumentUpdate]):
    change_hint = PROPOSAL_HINT
    list_display = ["document", "seq", "author", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["document__name", "author__username", "client_id"]
    list_select_related = ["document", "author"]
    exclude = ["update"]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ServiceOnlyAdmin[DocumentVersion]):
    change_hint = PROPOSAL_HINT
    list_display = ["document", "made_by", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["text", "document__name"]
    list_select_related = ["document", "made_by"]


@admin.register(Endorsement)
class EndorsementAdmin(ServiceOnlyAdmin[Endorsement]):
    change_hint = PROPOSAL_HINT
    list_display = ["proposal", "person", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["proposal__title", "person__username"]


@admin.register(Adoption)
class AdoptionAdmin(ServiceOnlyAdmin[Adoption]):
    change_hint = PROPOSAL_HINT
    list_display = ["proposal", "school", "adopted_by", "created_at", "evaluated_at"]
    list_filter = [("evaluated_at", admin.EmptyFieldListFilter)]
    search_fields = ["proposal__title", "school__name"]
    exclude = ["action"]  # an action of a school's private action plan


# --- Decisions ----------------------------------------------------------------------------

POLL_HINT = _("Polls are opened, voted in and closed in their room.")


@admin.register(Poll)
class PollAdmin(ServiceOnlyAdmin[Poll]):
    change_hint = POLL_HINT
    list_display = ["title", "room", "kind", "author", "closes_at", "closed_at"]
    list_filter = ["kind", "anonymous", ("closed_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "outcome", "room__title"]
    list_select_related = ["room", "author"]


@admin.register(PollOption)
class PollOptionAdmin(ServiceOnlyAdmin[PollOption]):
    change_hint = POLL_HINT
    list_display = ["label", "poll", "starts_at"]
    list_filter = ["poll__kind"]
    search_fields = ["label", "poll__title"]


@admin.register(Vote)
class VoteAdmin(SuperuserOnlyAdmin[Vote]):
    change_hint = POLL_HINT
    list_display = ["poll", "voter"]
    list_filter = ["poll__kind"]
    search_fields = ["poll__title"]
    exclude = ["voter_key"]


# --- Topics and moderation ----------------------------------------------------------------

MODERATION_HINT = _(
    "Coordinators hide reported messages and remove people in the room itself; the reason "
    "of each hiding is in the audit log."
)


@admin.register(MessageReport)
class MessageReportAdmin(SuperuserOnlyAdmin[MessageReport]):
    change_hint = MODERATION_HINT
    list_display = ["message", "reporter", "created_at", "handled_at"]
    list_filter = [("handled_at", admin.EmptyFieldListFilter), "message__room__network"]
    search_fields = ["reason", "message__body", "reporter__username", "message__room__title"]
    list_select_related = ["message", "reporter"]


@admin.register(RoomRemoval)
class RoomRemovalAdmin(ServiceOnlyAdmin[RoomRemoval]):
    change_hint = MODERATION_HINT
    list_display = ["room", "person", "removed_by", "created_at"]
    list_filter = ["room__network"]
    search_fields = ["room__title", "person__username", "person__last_name"]
    list_select_related = ["room", "person", "removed_by"]


@admin.register(Topic)
class TopicAdmin(ServiceOnlyAdmin[Topic]):
    change_hint = ROOM_HINT
    list_display = ["name", "room", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "room__title"]


@admin.register(TopicMute)
class TopicMuteAdmin(SuperuserOnlyAdmin[TopicMute]):
    change_hint = ROOM_HINT
    list_display = ["name", "room", "person"]
    list_filter = ["room__network"]
    search_fields = ["name", "person__username"]
