"""Room API routes, included under /api/ by netwerk.urls."""

from __future__ import annotations

from django.urls import path

from discussions import api, api_decisions
from discussions.evidence_api import NetworkEvidence

room = "rooms/<int:room_id>/"
message = f"{room}messages/<int:pk>/"
proposal = f"{room}proposals/<int:pk>/"
poll = f"{room}polls/<int:pk>/"

urlpatterns = [
    path("rooms/", api.RoomList.as_view(), name="api-rooms"),
    path("networks/<int:pk>/evidence/", NetworkEvidence.as_view(), name="api-network-evidence"),
    path(room, api.RoomDetail.as_view(), name="api-room"),
    *[
        path(
            f"{room}{change}/",
            api.RoomStatus.as_view(),
            {"change": change},
            name=f"api-room-{change}",
        )
        for change in ("close", "archive", "reopen")
    ],
    path(f"{room}members/", api.RoomMembers.as_view(), name="api-room-members"),
    path(f"{room}messages/", api.MessageList.as_view(), name="api-room-messages"),
    path(message, api.MessageDetail.as_view(), name="api-room-message"),
    path(f"{message}confirm/", api.MessageConfirm.as_view(), name="api-room-message-confirm"),
    path(f"{message}reactions/", api.MessageReaction.as_view(), name="api-room-message-react"),
    path(f"{message}pin/", api.MessagePin.as_view(), name="api-room-message-pin"),
    path(f"{room}proposals/", api.ProposalList.as_view(), name="api-room-proposals"),
    path(proposal, api.ProposalDetail.as_view(), name="api-room-proposal"),
    path(f"{proposal}endorse/", api.ProposalEndorse.as_view(), name="api-proposal-endorse"),
    path(f"{proposal}worked-out/", api.ProposalWorkedOut.as_view(), name="api-proposal-worked-out"),
    path(f"{proposal}adopt/", api.ProposalAdopt.as_view(), name="api-proposal-adopt"),
    path(f"{proposal}evaluate/", api.ProposalEvaluate.as_view(), name="api-proposal-evaluate"),
    path(f"{room}polls/", api_decisions.PollList.as_view(), name="api-room-polls"),
    path(poll, api_decisions.PollDetail.as_view(), name="api-room-poll"),
    path(f"{poll}vote/", api_decisions.PollVote.as_view(), name="api-room-poll-vote"),
    path(f"{poll}close/", api_decisions.PollClose.as_view(), name="api-room-poll-close"),
    path(f"{room}topics/", api_decisions.TopicList.as_view(), name="api-room-topics"),
    path(f"{room}topics/resolve/", api_decisions.TopicResolve.as_view(), name="api-topic-resolve"),
    path(f"{room}topics/mute/", api_decisions.TopicMute.as_view(), name="api-topic-mute"),
    path(f"{room}topics/move/", api_decisions.TopicMove.as_view(), name="api-topic-move"),
    path(f"{message}report/", api_decisions.MessageReportView.as_view(), name="api-message-report"),
    path(f"{message}hide/", api_decisions.MessageHide.as_view(), name="api-message-hide"),
    path(
        f"{room}members/<int:person_id>/remove/",
        api_decisions.MemberRemove.as_view(),
        name="api-room-member-remove",
    ),
    path(f"{room}moderation/", api_decisions.Moderation.as_view(), name="api-room-moderation"),
    path(f"{proposal}versions/", api.ProposalVersions.as_view(), name="api-proposal-versions"),
    path(
        f"{proposal}versions/<int:version_id>/restore/",
        api.ProposalVersionRestore.as_view(),
        name="api-proposal-version-restore",
    ),
]
