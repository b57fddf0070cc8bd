"""Room API. Each endpoint: access helper → serializer (shape) → service → response, with
the same services as the websocket, so a message posted here is broadcast the same way."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casestudies import access as case_access
from casestudies.cycles import Part
from casestudies.models import CaseStudy
from discussions import access, broadcast, serializers, services
from discussions.models import Adoption, DocumentVersion, Room
from discussions.services import documents
from netwerk.access import network_for_coordinator
from schools.models import User

MENTION_SUGGESTIONS = 8
ERROR_STATUS = {
    "invalid": status.HTTP_400_BAD_REQUEST,
    "too_large": status.HTTP_400_BAD_REQUEST,
    "forbidden": status.HTTP_403_FORBIDDEN,
    "rate_limited": status.HTTP_429_TOO_MANY_REQUESTS,
}


def person_of(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


def valid(serializer_class: type[Any], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class RoomAPIView(APIView):
    """Turns the services' refusals into the protocol's codes with a fitting status."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, services.RoomError):
            refusal = {"code": exc.code, "detail": exc.detail}
            return Response(refusal, status=ERROR_STATUS.get(exc.code, 400))
        if isinstance(exc, services.VersionConflict):
            current = broadcast.proposal_payload(exc.current)
            conflict = {"code": "conflict", "detail": str(exc), "current": current}
            return Response(conflict, status=status.HTTP_409_CONFLICT)
        return super().handle_exception(exc)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # Whoever may not see the room (or its message or proposal) gets 404 before the
        # input is read: a 400 for a body would tell them the room exists.
        self.target()

    def target(self) -> object:
        return self.room()

    def room(self) -> Room:
        if "_room" not in self.__dict__:
            self._room = access.room_for_member(self.request.user, self.kwargs["room_id"])
        return self._room


class RoomList(generics.ListAPIView[Room]):
    """The rooms this person may enter."""

    serializer_class = serializers.RoomSerializer
    filterset_fields = ["network", "kind", "status"]

    def get_queryset(self) -> QuerySet[Room]:
        return access.rooms_for(self.request.user)

    @extend_schema(
        request=serializers.RoomCreateSerializer, responses={201: serializers.RoomSerializer}
    )
    def post(self, request: Request) -> Response:
        data = valid(serializers.RoomCreateSerializer, request.data)
        network = network_for_coordinator(request.user, data["network"])
        room = services.open_theme_room(
            network=network, person=person_of(request), title=data["title"]
        )
        return Response(serializers.RoomSerializer(room).data, status=status.HTTP_201_CREATED)


class RoomDetail(RoomAPIView):
    @extend_schema(responses=serializers.RoomSerializer)
    def get(self, request: Request, room_id: int) -> Response:
        return Response(serializers.RoomSerializer(self.room()).data)


class RoomMembers(RoomAPIView):
    """The people of the room, whom a message may @mention; `?q=` finds the first few whose
    name or username matches what is typed after the `@` (a network has thousands)."""

    @extend_schema(
        parameters=[serializers.MemberQuerySerializer],
        responses=serializers.MemberSerializer(many=True),
    )
    def get(self, request: Request, room_id: int) -> Response:
        people = access.members_for_member(request.user, room_id)
        query = valid(serializers.MemberQuerySerializer, request.query_params).get("q")
        if query is not None:
            people = access.members_matching(people, query)[:MENTION_SUGGESTIONS]
        return Response(serializers.MemberSerializer(people, many=True).data)


class RoomStatus(RoomAPIView):
    """A coordinator closes, archives or reopens a room."""

    CHANGES = {
        "close": services.close_room,
        "archive": services.archive_room,
        "reopen": services.reopen_room,
    }

    @extend_schema(request=None, responses=serializers.RoomSerializer)
    def post(self, request: Request, room_id: int, change: str) -> Response:
        room = access.room_for_coordinator(request.user, room_id)
        room = self.CHANGES[change](room=room)
        return Response(serializers.RoomSerializer(room).data)


class MessageList(RoomAPIView):
    @extend_schema(parameters=[serializers.HistoryQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, room_id: int) -> Response:
        """History after a seq, oldest first; follow `next_after_seq` for the next page."""
        query = valid(serializers.HistoryQuerySerializer, request.query_params)
        room = self.room()
        topic = services.clean_topic(query["topic"]) if "topic" in query else None
        page = services.messages_after(
            room=room, after_seq=query["after_seq"], limit=query["limit"], topic=topic
        )
        results = broadcast.message_payloads(page)
        more = len(page) == query["limit"] and page[-1].seq != room.last_seq
        return Response(
            {
                "results": results,
                "last_seq": room.last_seq,
                "next_after_seq": page[-1].seq if more else None,
            }
        )

    @extend_schema(request=serializers.MessageSendSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int) -> Response:
        """Post like message.send: 201 with the ack (200 for a repeated client_id), or 202
        when the text is held for a personal-data check (confirm to release it)."""
        data = valid(serializers.MessageSendSerializer, request.data)
        posted = services.post_message(room=self.room(), author=person_of(request), **data)
        return message_reply(posted.message, created=posted.created)


class MessageDetail(RoomAPIView):
    def message(self) -> Any:
        return access.message_for_member(self.request.user, self.room(), self.kwargs["pk"])

    def target(self) -> object:
        return self.message()

    @extend_schema(request=serializers.MessageEditSerializer, responses=OpenApiTypes.OBJECT)
    def patch(self, request: Request, room_id: int, pk: int) -> Response:
        data = valid(serializers.MessageEditSerializer, request.data)
        message = services.edit_message(
            message=self.message(), editor=person_of(request), body=data["body"]
        )
        return Response(broadcast.message_payload(message))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, room_id: int, pk: int) -> Response:
        services.delete_message(message=self.message(), person=person_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MessageConfirm(MessageDetail):
    # An action on the object: only POST, not the parent's GET, PATCH or DELETE.
    http_method_names = ["post", "options"]

    @extend_schema(request=serializers.MessageConfirmSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int, pk: int) -> Response:
        data = valid(serializers.MessageConfirmSerializer, request.data)
        message = services.confirm_message(
            message=self.message(), author=person_of(request), body=data.get("body")
        )
        return message_reply(message, created=True)


class MessageReaction(MessageDetail):
    # An action on the object: only POST, not the parent's GET, PATCH or DELETE.
    http_method_names = ["post", "options"]

    @extend_schema(request=serializers.ReactionSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int, pk: int) -> Response:
        data = valid(serializers.ReactionSerializer, request.data)
        message = services.react(message=self.message(), person=person_of(request), **data)
        return Response(broadcast.message_payload(message))


class MessagePin(MessageDetail):
    # An action on the object: only POST, not the parent's GET, PATCH or DELETE.
    http_method_names = ["post", "options"]

    @extend_schema(request=serializers.PinSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int, pk: int) -> Response:
        data = valid(serializers.PinSerializer, request.data)
        message = services.pin_message(
            message=self.message(), person=person_of(request), pinned=data["pinned"]
        )
        return Response(broadcast.message_payload(message))


def message_reply(message: Any, *, created: bool) -> Response:
    if message.held:
        held = {"held": True, "client_id": message.client_id, "id": message.pk}
        return Response({**held, "findings": message.held_findings}, status=202)
    ack = {"client_id": message.client_id, "id": message.pk, "seq": message.seq}
    return Response(ack, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ProposalList(RoomAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, operation_id="rooms_proposals_list")
    def get(self, request: Request, room_id: int) -> Response:
        proposals = broadcast.proposals_for_payload(self.room().proposals.all())
        return Response({"results": [broadcast.proposal_payload(p) for p in proposals]})

    @extend_schema(request=serializers.ProposalCreateSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int) -> Response:
        data = valid(serializers.ProposalCreateSerializer, request.data)
        created = services.create_proposal(room=self.room(), author=person_of(request), **data)
        code = status.HTTP_201_CREATED if created.created else status.HTTP_200_OK
        return Response(broadcast.proposal_payload(created.proposal), status=code)


class ProposalDetail(RoomAPIView):
    def proposal(self) -> Any:
        return access.proposal_for_member(self.request.user, self.room(), self.kwargs["pk"])

    def target(self) -> object:
        return self.proposal()

    @extend_schema(responses=OpenApiTypes.OBJECT, operation_id="rooms_proposals_retrieve")
    def get(self, request: Request, room_id: int, pk: int) -> Response:
        return Response(broadcast.proposal_payload(self.proposal()))

    @extend_schema(request=serializers.ProposalEditSerializer, responses=OpenApiTypes.OBJECT)
    def patch(self, request: Request, room_id: int, pk: int) -> Response:
        """Edit, naming the version the edit is based on; 409 with the current version when
        someone saved in between."""
        data = valid(serializers.ProposalEditSerializer, request.data)
        proposal = services.edit_proposal(
            proposal=self.proposal(),
            editor=person_of(request),
            base_version=data["version"],
            title=data["title"],
            body=data.get("body"),
        )
        return Response(broadcast.proposal_payload(proposal))


class ProposalVersions(ProposalDetail):
    """The versions kept of the proposal's text (co-edited live), newest first."""

    http_method_names = ["get", "options"]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, room_id: int, pk: int) -> Response:
        proposal = self.proposal()
        document = documents.open_document(room=proposal.room, target=proposal)
        versions = documents.document_versions(document=document)
        return Response({"results": [version_payload(v) for v in versions]})


class ProposalVersionRestore(ProposalDetail):
    http_method_names = ["post", "options"]

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int, pk: int, version_id: int) -> Response:
        """Make an older version the current text: one more edit, merged with what others
        write at that moment; 404 for a version of another document."""
        proposal = self.proposal()
        document = documents.open_document(room=proposal.room, target=proposal)
        version = get_object_or_404(document.versions, pk=version_id)
        documents.restore_version(version=version, person=person_of(request))
        documents.review_document(document_id=document.pk)
        proposal.refresh_from_db()
        return Response(broadcast.proposal_payload(proposal))


def version_payload(version: DocumentVersion) -> dict[str, Any]:
    made_by = version.made_by
    return {
        "id": version.pk,
        "text": version.text,
        "created_at": version.created_at.isoformat(),
        "made_by": broadcast.person(made_by) if made_by is not None else None,
        "restored_from": version.restored_from_id,
    }


class ProposalEndorse(ProposalDetail):
    # An action on the object: only POST, not the parent's GET, PATCH or DELETE.
    http_method_names = ["post", "options"]

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int, pk: int) -> Response:
        proposal = services.endorse_proposal(proposal=self.proposal(), person=person_of(request))
        return Response(broadcast.proposal_payload(proposal))


class ProposalWorkedOut(ProposalDetail):
    # An action on the object: only POST, not the parent's GET, PATCH or DELETE.
    http_method_names = ["post", "options"]

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int, pk: int) -> Response:
        proposal = services.mark_worked_out(proposal=self.proposal())
        return Response(broadcast.proposal_payload(proposal))


class ProposalAdopt(ProposalDetail):
    # An action on the object: only POST, not the parent's GET, PATCH or DELETE.
    http_method_names = ["post", "options"]

    @extend_schema(request=serializers.AdoptSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int, pk: int) -> Response:
        """Adopt into a running cycle of the school (`case`) or a new one (`new_cycle`):
        201 with the proposal and the `action` added to that cycle's action plan."""
        data = valid(serializers.AdoptSerializer, request.data)
        person = person_of(request)
        adoption = services.adopt_proposal(
            proposal=self.proposal(),
            school_id=data["school"],
            person=person,
            case=chosen_case(person, data),
            new_cycle=new_cycle(person, data),
            start_date=data.get("start_date"),
        )
        payload = broadcast.proposal_payload(adoption.proposal)
        action = adopted_action(adoption)
        return Response({**payload, "action": action}, status=201)


def chosen_case(person: User, data: dict[str, Any]) -> CaseStudy | None:
    """A running cycle of the school the person works on; any other case is 404."""
    if "case" not in data:
        return None
    return case_access.running_case_of_school(person, data["school"], data["case"])


def new_cycle(person: User, data: dict[str, Any]) -> services.NewCycle | None:
    """The cycle to start; a chosen datateam the person may not start on is 404."""
    if "new_cycle" not in data:
        return None
    new, team_id = data["new_cycle"], data["new_cycle"].get("datateam")
    team = None
    if team_id is not None:
        team = case_access.datateam_to_start_on(person, data["school"], team_id)
    return services.NewCycle(title=new["title"], datateam=team)


def adopted_action(adoption: Adoption) -> dict[str, Any] | None:
    """Where the adoption landed: the action in the chosen cycle's action plan (the
    adopter works on that cycle, so it may be named to them)."""
    action = adoption.action
    if action is None:
        return None
    case = action.case
    step = case.cycle.step_for_part(Part.ACTION_PLAN).number
    return {
        "id": action.pk,
        "case": {"id": case.pk, "title": case.title},
        "url": f"{reverse('case-detail', args=[case.pk])}?stap={step}",
    }


class ProposalEvaluate(ProposalDetail):
    # An action on the object: only POST, not the parent's GET, PATCH or DELETE.
    http_method_names = ["post", "options"]

    @extend_schema(request=serializers.EvaluateSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int, pk: int) -> Response:
        data = valid(serializers.EvaluateSerializer, request.data)
        adoption = services.evaluate_adoption(
            proposal=self.proposal(),
            school_id=data["school"],
            person=person_of(request),
            outcome=data["outcome"],
        )
        return Response(broadcast.proposal_payload(adoption.proposal))
