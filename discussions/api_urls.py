"""Room API routes, included under /api/ by netwerk.urls."""

from __future__ import annotations

from django.urls import path

from discussions import api
from discussions.evidence_api import NetworkEvidence

room = "rooms/<int:room_id>/"
message = f"{room}messages/<int:pk>/"
proposal = f"{room}proposals/<int:pk>/"

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
]
