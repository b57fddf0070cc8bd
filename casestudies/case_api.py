"""Case-study API: the cycle, its parts, review and publication, and the library, through
the same services and access helpers as the pages."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from casestudies import access, services
from casestudies.library import LibraryFilters, search_library
from casestudies.measure_serializers import MeasureSerializer
from casestudies.models import CaseStudy, Publication
from casestudies.serializers import (
    ActionSerializer,
    CaseStudySerializer,
    DataSourceSerializer,
    EvaluationSerializer,
    GateSerializer,
    GoalSerializer,
    HypothesisSerializer,
    LibraryQuerySerializer,
    PublicationSerializer,
    PublicationSummarySerializer,
    PublishSerializer,
    StepSerializer,
    TeamMeetingSerializer,
)
from casestudies.services import reads
from schools import access as school_access
from schools.models import User


def person(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


class CaseStudyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[CaseStudy],
):
    """Working copies of case studies: the team, its school's leaders and its coaches."""

    serializer_class = CaseStudySerializer
    filterset_fields = ["datateam", "theme", "sharing_status"]
    search_fields = ["title"]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self) -> QuerySet[CaseStudy]:
        return access.cases_visible_to(self.request.user).prefetch_related(
            "steps", "hypotheses", "data_sources", "actions"
        )

    def get_object(self) -> CaseStudy:
        return access.case_for_editor(self.request.user, self.kwargs["pk"])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = reads.view_case(person=request.user, pk=kwargs["pk"], via="api")
        return Response(self.get_serializer(case).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        team = access.datateam_for_case_starter(request.user, data["datateam"].pk)
        case = services.start_case_study(
            datateam=team,
            person=person(request),
            title=data["title"],
            theme=data["theme"],
            template=data["template"],
            year_levels=data.get("year_levels", ""),
        )
        return Response(self.get_serializer(case).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        serializer = self.get_serializer(case, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.update_case_study(
            case=case,
            title=data.get("title"),
            theme=data.get("theme"),
            year_levels=data.get("year_levels"),
        )
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=StepSerializer, responses=StepSerializer)
    @action(detail=True, methods=["patch"], url_path=r"steps/(?P<number>\d+)")
    def step(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        serializer = StepSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if not case.steps.filter(number=kwargs["number"]).exists():
            raise Http404
        step = services.save_step(
            case=case,
            number=int(kwargs["number"]),
            person=person(request),
            **serializer.validated_data,
        )
        return Response(StepSerializer(step).data)

    @extend_schema(request=GoalSerializer, responses=GoalSerializer)
    @action(detail=True, methods=["put"])
    def goal(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._part(request, GoalSerializer, services.set_goal)

    @extend_schema(request=HypothesisSerializer, responses=HypothesisSerializer)
    @action(detail=True, methods=["post"])
    def hypotheses(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        serializer = HypothesisSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        hypothesis = services.add_hypothesis(
            case=case, statement=serializer.validated_data["statement"]
        )
        return Response(HypothesisSerializer(hypothesis).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=HypothesisSerializer, responses=HypothesisSerializer)
    @action(detail=True, methods=["patch"], url_path=r"hypotheses/(?P<hypothesis_pk>\d+)")
    def judge(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        hypothesis = school_access.get_or_404(case.hypotheses.all(), kwargs["hypothesis_pk"])
        serializer = HypothesisSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        hypothesis = services.judge_hypothesis(
            hypothesis=hypothesis,
            status=data.get("status", hypothesis.status),
            evidence=data.get("evidence", ""),
        )
        return Response(HypothesisSerializer(hypothesis).data)

    @extend_schema(request=DataSourceSerializer, responses=DataSourceSerializer)
    @action(detail=True, methods=["post"], url_path="data-sources")
    def data_sources(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._part(request, DataSourceSerializer, services.add_data_source, created=True)

    @extend_schema(request=ActionSerializer, responses=ActionSerializer)
    @action(detail=True, methods=["post"])
    def actions(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()  # 404 for who may not see it, before the input is read
        serializer = ActionSerializer(data=request.data)
        serializer.fields["owner_person"].queryset = access.people_of_datateam(case)  # type: ignore[attr-defined]
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "status"}
        added = services.add_action(case=case, **data)
        return Response(ActionSerializer(added).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TeamMeetingSerializer, responses={201: TeamMeetingSerializer})
    @action(detail=True, methods=["get", "post"])
    def meetings(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The datateam's meeting log of this cycle; a meeting is logged once it took place."""
        case = self.get_object()
        if request.method == "GET":
            logged = case.meetings.prefetch_related("attendees")
            return Response(TeamMeetingSerializer(logged, many=True).data)
        serializer = TeamMeetingSerializer(data=request.data)
        # Anyone else is "no such person": an outsider's id says nothing about who exists.
        serializer.fields["attendees"].child_relation.queryset = access.people_on_case(case)  # type: ignore[attr-defined]
        serializer.is_valid(raise_exception=True)
        meeting = services.log_team_meeting(
            case=case, person=person(request), **serializer.validated_data
        )
        return Response(TeamMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeasureSerializer, responses={201: MeasureSerializer})
    @action(detail=True, methods=["get", "post"])
    def measures(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        if request.method == "GET":
            return Response(MeasureSerializer(case.measures.all(), many=True).data)
        serializer = MeasureSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        measure = services.add_measure(case=case, **serializer.validated_data)
        return Response(MeasureSerializer(measure).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EvaluationSerializer, responses=EvaluationSerializer)
    @action(detail=True, methods=["put"])
    def evaluation(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._part(request, EvaluationSerializer, services.record_evaluation)

    @extend_schema(request=None, responses=GateSerializer)
    @action(detail=True, methods=["get"])
    def gate(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        result = services.check_publication_gate(self.get_object())
        return Response(
            {
                "passed": result.passed,
                "reasons": result.reasons,
                "findings": [asdict(finding) for finding in result.findings],
            }
        )

    @extend_schema(request=None, responses=CaseStudySerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = services.submit_for_review(case=self.get_object(), person=person(request))
        return Response(self.get_serializer(case).data)

    @extend_schema(request=None, responses=CaseStudySerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = access.case_for_leader(request.user, self.kwargs["pk"])
        case = services.approve_case(case=case, person=person(request))
        return Response(self.get_serializer(case).data)

    @extend_schema(request=PublishSerializer, responses=PublicationSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # 404 for who may not publish it, before the input is read
        case = access.case_for_leader(request.user, self.kwargs["pk"])
        serializer = PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        publication = services.publish_case(
            case=case, person=person(request), **serializer.validated_data
        )
        return Response(PublicationSerializer(publication).data, status=status.HTTP_201_CREATED)

    def _part(
        self,
        request: Request,
        serializer_class: type[serializers.ModelSerializer[Any]],
        service: Any,
        *,
        created: bool = False,
    ) -> Response:
        case = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "goal_reached"}
        saved = service(case=case, **data)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(serializer_class(saved).data, status=code)


class PublicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Publication]
):
    """Published snapshots in the person's networks: the case library."""

    serializer_class = PublicationSerializer

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Publication]]:
        if self.action == "list":
            return PublicationSummarySerializer
        return PublicationSerializer

    def get_queryset(self) -> QuerySet[Publication]:
        visible = access.publications_visible_to(self.request.user)
        if self.action != "list":
            return visible
        query = LibraryQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        if "network" in params:
            visible = visible.filter(networks=params["network"])
        results = search_library(visible, LibraryFilters.from_query(params))
        return results.defer("snapshot", "search_text").prefetch_related("networks")

    def get_object(self) -> Publication:
        return access.publication_for_member(self.request.user, self.kwargs["pk"])

    @extend_schema(parameters=[LibraryQuerySerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        publication = access.publication_for_leader(request.user, self.kwargs["pk"])
        services.withdraw_publication(publication=publication, person=person(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
