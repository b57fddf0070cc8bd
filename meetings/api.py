"""Network-session API. Members of the network read; coordinators and the network's coaches
plan. Each endpoint: access helper → serializer (shape) → service → response."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from casestudies.access import publications_shared_with
from meetings import access, services
from meetings import serializers as s
from meetings.models import AgendaItem, Attendance, Decision, NetworkSession, PresentedCase
from meetings.services.records import CASE_NOT_ALLOWED
from meetings.services.sessions import NOT_SHARED
from meetings.summary import feedback_summary
from netwerk.models import LearningNetwork
from schools.access import get_or_404
from schools.models import User


def person_of(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


def valid(serializer_class: type[Serializer[Any]], data: Any, **kwargs: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def merged(current: Mapping[str, Any], request: Request) -> dict[str, Any]:
    """A PATCH body laid over the current values, so the service sees the whole item."""
    sent = request.data if isinstance(request.data, Mapping) else {}
    return {**current, **sent}


WHEN = OpenApiParameter(
    "when", str, enum=["upcoming", "past"], description="Upcoming (soonest first) or past."
)


class NetworkSessionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[NetworkSession]
):
    """Sessions of the person's networks (and those they attended)."""

    serializer_class = s.NetworkSessionSerializer
    filterset_fields = ["network", "status"]
    search_fields = ["title", "location"]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self) -> QuerySet[NetworkSession]:
        sessions = access.sessions_for(self.request.user).prefetch_related("facilitators", "rooms")
        when, now = self.request.query_params.get("when"), timezone.now()
        if when == "upcoming":
            return sessions.filter(ends_at__gt=now).order_by("starts_at")
        if when == "past":
            return sessions.filter(ends_at__lte=now).order_by("-starts_at")
        return sessions.order_by("-starts_at")

    @extend_schema(parameters=[WHEN])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_object(self) -> NetworkSession:
        return access.session_for_member(self.request.user, self.kwargs["pk"])

    @extend_schema(request=s.SessionCreateSerializer, responses={201: s.NetworkSessionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid(s.SessionCreateSerializer, request.data)
        network = access.network_for_planner(request.user, data.pop("network"))
        session = services.plan_session(network=network, created_by=person_of(request), **data)
        return Response(self.get_serializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.SessionWriteSerializer, responses=s.NetworkSessionSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = access.session_for_planner(request.user, kwargs["pk"])
        changes = valid(s.SessionWriteSerializer, request.data, partial=True)
        session = services.update_session(
            session=session, changes=cast(services.SessionChanges, changes)
        )
        return Response(self.get_serializer(session).data)

    @extend_schema(request=s.MinutesSerializer, responses=s.NetworkSessionSerializer)
    @action(detail=True, methods=["put"])
    def minutes(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = access.session_for_planner(request.user, kwargs["pk"])
        data = valid(s.MinutesSerializer, request.data)
        session = services.write_minutes(session=session, person=person_of(request), **data)
        return Response(self.get_serializer(session).data)

    @extend_schema(methods=["get"], request=None, responses=s.FeedbackSerializer(many=True))
    @extend_schema(
        methods=["post"], request=s.FeedbackSerializer, responses={201: s.FeedbackSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def feedback(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Your own feedback on the session (a list of at most one); POST gives it, once,
        after the session has started."""
        session = self.get_object()
        person = person_of(request)
        if request.method == "GET":
            own = session.feedback.filter(person=person)
            return Response(s.FeedbackSerializer(own, many=True).data)
        data = valid(s.FeedbackSerializer, request.data)
        feedback = services.give_feedback(session=session, person=person, **data)
        return Response(s.FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.FeedbackSummarySerializer)
    @action(detail=True, methods=["get"], url_path="feedback-summary")
    def feedback_summary(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Counts, means and comments without names, for the session's planners."""
        session = access.session_for_planner(request.user, kwargs["pk"])
        summary = asdict(feedback_summary(session))
        summary["distribution"] = [
            {"rating": r, "usefulness": u, "motivation": m} for r, u, m in summary["distribution"]
        ]
        return Response(s.FeedbackSummarySerializer(summary).data)


class SessionPartViewSet(viewsets.GenericViewSet[Any]):
    """A part of one session, under /api/sessions/<session_pk>/…; the whole list is one
    page (a session has a handful of each)."""

    pagination_class = None
    filter_backends: list[Any] = []

    def member_session(self) -> NetworkSession:
        return access.session_for_member(self.request.user, self.kwargs["session_pk"])

    def planned_session(self) -> NetworkSession:
        return access.session_for_planner(self.request.user, self.kwargs["session_pk"])

    def is_schema(self) -> bool:
        return getattr(self, "swagger_fake_view", False)

    def created(self, instance: Any) -> Response:
        return Response(self.get_serializer(instance).data, status=status.HTTP_201_CREATED)


class AgendaItemViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    SessionPartViewSet,
):
    serializer_class = s.AgendaItemSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[AgendaItem]:
        if self.is_schema():
            return AgendaItem.objects.none()
        return self.member_session().agenda_items.all()

    def item(self) -> AgendaItem:
        return get_or_404(self.planned_session().agenda_items.all(), self.kwargs["pk"])

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.planned_session()
        data = valid(s.AgendaItemSerializer, request.data)
        return self.created(services.add_agenda_item(session=session, **data))

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.item()
        data = valid(s.AgendaItemSerializer, merged(s.AgendaItemSerializer(item).data, request))
        return Response(self.get_serializer(services.update_agenda_item(item=item, **data)).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.remove_agenda_item(item=self.item())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.MoveSerializer, responses=s.AgendaItemSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.item()  # 404 for who may not plan it, before the input is read
        data = valid(s.MoveSerializer, request.data)
        return Response(self.get_serializer(services.move_agenda_item(item=item, **data)).data)


class PresentedCaseViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, SessionPartViewSet
):
    """Published cases presented at the session."""

    serializer_class = s.PresentedCaseSerializer

    def get_queryset(self) -> QuerySet[PresentedCase]:
        if self.is_schema():
            return PresentedCase.objects.none()
        return self.member_session().presented_cases.select_related("publication")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.planned_session()
        data = valid(s.PresentedCaseSerializer, request.data)
        networks = LearningNetwork.objects.filter(pk=session.network_id)
        publication = publications_shared_with(networks).filter(pk=data["publication_id"]).first()
        if publication is None:
            raise ValidationError({"publication": [str(NOT_SHARED)]})
        item_id = data.get("agenda_item_id")
        presented = services.present_case(
            session=session,
            publication=publication,
            agenda_item=None if item_id is None else AgendaItem.objects.filter(pk=item_id).first(),
            note=data.get("note", ""),
        )
        return self.created(presented)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        presented = get_or_404(self.planned_session().presented_cases.all(), kwargs["pk"])
        services.remove_presented_case(presented=presented)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AttendanceViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, SessionPartViewSet
):
    """Who was there. Recorded by the session's planners; each record counts as a
    contribution to the network."""

    serializer_class = s.AttendanceSerializer

    def get_queryset(self) -> QuerySet[Attendance]:
        if self.is_schema():
            return Attendance.objects.none()
        return self.member_session().attendances.select_related("person", "school")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.planned_session()
        data = valid(s.AttendanceSerializer, request.data)
        return self.created(services.record_attendance(session=session, **data))

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        attendance = get_or_404(self.planned_session().attendances.all(), kwargs["pk"])
        services.remove_attendance(attendance=attendance)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DecisionViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    SessionPartViewSet,
):
    """What the network decided; a school takes a decision into its own action plan."""

    serializer_class = s.DecisionSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Decision]:
        if self.is_schema():
            return Decision.objects.none()
        return self.member_session().decisions.all()

    def decision(self) -> Decision:
        return get_or_404(self.planned_session().decisions.all(), self.kwargs["pk"])

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.planned_session()
        data = valid(s.DecisionSerializer, request.data)
        return self.created(
            services.record_decision(session=session, person=person_of(request), **data)
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.decision()
        current = {"text": decision.text, "follow_up": decision.follow_up}
        data = valid(s.DecisionSerializer, merged(current, request))
        data.setdefault("due_date", decision.due_date)
        decision = services.update_decision(decision=decision, **data)
        return Response(self.get_serializer(decision).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.remove_decision(decision=self.decision())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.TakeUpSerializer, responses={201: s.DecisionActionSerializer})
    @action(detail=True, methods=["post"], url_path="to-action")
    def to_action(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add the decision's follow-up to the action plan of one of your school's cases
        (`case`), or of a new cycle (`new_cycle`: its title)."""
        session = self.member_session()
        decision = access.decision_for_member(request.user, session, kwargs["pk"])
        data = valid(s.TakeUpSerializer, request.data)
        person = person_of(request)
        if "case" in data:
            cases = access.cases_for_action_plan(person, session.network)
            data["case"] = cases.filter(pk=data["case"]).first() or _no_case()
        link = services.take_up_decision(decision=decision, person=person, **data)
        return Response(s.DecisionActionSerializer(link).data, status=status.HTTP_201_CREATED)


def _no_case() -> Any:
    raise ValidationError({"case": [str(CASE_NOT_ALLOWED)]})
