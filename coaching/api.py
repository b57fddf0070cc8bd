"""Coach profile API: the same steps as the pages, through the same services."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from coaching import access, cockpit, services
from coaching.competencies import COMPETENCIES, LEVEL_NAMES
from coaching.models import CoachProfile
from coaching.reports import competency_growth
from coaching.serializers import (
    CoachProfileSerializer,
    CockpitSerializer,
    CompetencySerializer,
    EvidenceInputSerializer,
    EvidenceSerializer,
    FeedbackReceiptSerializer,
    GrowthRowSerializer,
    RatingsInputSerializer,
    SelfAssessmentSerializer,
)
from schools.models import User


@extend_schema(responses=CompetencySerializer(many=True))
@api_view(["GET"])
def competencies(request: Request) -> Response:
    """The nine data-coach competencies with their four-level rubric."""
    data = [
        {
            "code": c.code,
            "name": str(c.name),
            "summary": str(c.summary),
            "levels": [
                {"level": n, "name": str(name), "descriptor": str(c.descriptor(n))}
                for n, name in LEVEL_NAMES.items()
            ],
        }
        for c in COMPETENCIES
    ]
    return Response(CompetencySerializer(data, many=True).data)


class CoachProfileViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[CoachProfile],
):
    """Data coach profiles: seen by the coach, their networks' coordinators and the leaders
    of the schools they coach. Team members of coached schools may only give feedback."""

    serializer_class = CoachProfileSerializer

    def get_queryset(self) -> QuerySet[CoachProfile]:
        return access.profiles_visible_to(self.request.user)

    def get_object(self) -> CoachProfile:
        return access.profile_for_viewer(self.request.user, self.kwargs["pk"])

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = services.create_coach_profile(
            person=_person(request),
            kind=serializer.validated_data["kind"],
            introduction=serializer.validated_data.get("introduction", ""),
        )
        return Response(self.get_serializer(profile).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], request=None, responses=SelfAssessmentSerializer(many=True))
    @extend_schema(
        methods=["post"], request=RatingsInputSerializer, responses=SelfAssessmentSerializer
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="self-assessments",
        serializer_class=SelfAssessmentSerializer,
    )
    def self_assessments(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Saving again for the same period replaces the ratings of that period."""
        if request.method == "GET":
            profile = self.get_object()
            rows = profile.self_assessments.prefetch_related("ratings", "evidence")
            return Response(SelfAssessmentSerializer(rows, many=True).data)
        profile = access.profile_for_owner(request.user, kwargs["pk"])
        body = RatingsInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        assessment = services.save_self_assessment(
            profile=profile, period=body.validated_data["period"], ratings=body.as_ratings()
        )
        return Response(SelfAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EvidenceInputSerializer, responses=EvidenceSerializer)
    @action(detail=True, methods=["post"], serializer_class=EvidenceInputSerializer)
    def evidence(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        profile = access.profile_for_owner(request.user, kwargs["pk"])
        body = EvidenceInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        assessment = profile.self_assessments.filter(period=data.pop("period")).first()
        if assessment is None:
            raise ValidationError({"period": _("Save a self-assessment for this period first.")})
        evidence = services.add_evidence(assessment=assessment, **data)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RatingsInputSerializer, responses=FeedbackReceiptSerializer)
    @action(detail=True, methods=["post"], serializer_class=RatingsInputSerializer)
    def feedback(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A datateam member of a coached school rates the coach once per period."""
        profile = access.profile_for_feedback(request.user, kwargs["pk"])
        body = RatingsInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        feedback = services.give_feedback(
            profile=profile,
            giver=_person(request),
            period=body.validated_data["period"],
            ratings=body.as_ratings(),
        )
        return Response(FeedbackReceiptSerializer(feedback).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=GrowthRowSerializer(many=True))
    @action(detail=True, methods=["get"], serializer_class=GrowthRowSerializer)
    def growth(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Per competency and period: the self-assessed level and the teams' mean."""
        table = competency_growth(self.get_object())
        rows = [
            {
                "competency": row["item"],
                "period": row["period"],
                "self_level": _number(row["self_mean"]),
                "team_mean": _number(row["team_mean"]),
                "team_n": row["team_n"],
            }
            for row in table.to_dict("records")
        ]
        return Response(GrowthRowSerializer(rows, many=True).data)


def _number(value: object) -> float | None:
    number = float(str(value))
    return None if math.isnan(number) else number


def _person(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


@extend_schema(
    responses=CockpitSerializer,
    parameters=[
        OpenApiParameter("school", int, description="Only this school (404 if not coached)."),
        OpenApiParameter("sort", str, description="days, activity, overdue, … ('-' descending)."),
    ],
)
@api_view(["GET"])
def coaching_overview(request: Request) -> Response:
    """Every cycle of every school you coach, with what needs your attention."""
    school_id = request.query_params.get("school")
    school = cockpit.coached_school(request.user, school_id) if school_id is not None else None
    sort = request.query_params.get("sort", cockpit.DEFAULT_SORT)
    return Response({"cycles": cockpit.overview(request.user, school=school, sort=sort)})
