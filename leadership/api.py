"""Leadership reflection API: the same steps as the pages, through the same services."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from leadership import access, services
from leadership.blocks import BUILDING_BLOCKS, ESSENTIALS
from leadership.evidence import school_facts
from leadership.models import Reflection
from leadership.reports import comparison, leadership_trends, own_ratings, respondents
from leadership.serializers import (
    BlockRatingsInputSerializer,
    BuildingBlockSerializer,
    DiscussionSerializer,
    EssentialsInputSerializer,
    ReflectionSerializer,
    TrendSerializer,
)
from netwerk.periods import Period, parse_past_period, recent_periods
from schools.models import School, User
from schools.services import today

PERIODS_LISTED = 6


@extend_schema(responses=BuildingBlockSerializer(many=True))
@api_view(["GET"])
def building_blocks(request: Request) -> Response:
    """The five building blocks of leadership for data use, with reflection questions."""
    data = [
        {
            "code": b.code,
            "name": str(b.name),
            "summary": str(b.summary),
            "questions": [str(q) for q in b.questions],
        }
        for b in BUILDING_BLOCKS
    ]
    return Response(BuildingBlockSerializer(data, many=True).data)


class ReflectionViewSet(viewsets.GenericViewSet[Reflection]):
    """A school's leadership reflection per half year: for its leaders and datateam
    members, read-only for its data coaches, 404 for everyone else."""

    serializer_class = ReflectionSerializer
    lookup_field = "period"
    lookup_value_regex = r"\d{4}-\d{4}-[12]"
    pagination_class = None  # at most six recent periods

    def get_queryset(self) -> Any:
        return Reflection.objects.none()  # every answer is built from the school below

    @extend_schema(responses=ReflectionSerializer(many=True))
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The recent periods, newest first."""
        school = self._school()
        periods = reversed(recent_periods(today(), PERIODS_LISTED))
        return Response([self._state(school, p) for p in periods])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        school = self._school()
        return Response(self._state(school, self._period()))

    @extend_schema(request=BlockRatingsInputSerializer, responses=ReflectionSerializer)
    @action(detail=True, methods=["post"], serializer_class=BlockRatingsInputSerializer)
    def ratings(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Rate all five blocks; rating again replaces your ratings until the period opens."""
        school = self._school()
        if access.rater_group(request.user, school) is None:
            raise Http404
        body = BlockRatingsInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        period = self._period()
        services.rate_building_blocks(
            school=school, person=_person(request), period=period.code, ratings=body.as_ratings()
        )
        return Response(self._state(school, period), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ReflectionSerializer)
    @action(detail=True, methods=["post"], url_path="open")
    def open_for_discussion(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        school, reflection = self._for_leader()
        services.open_for_discussion(reflection=reflection, person=_person(request))
        return Response(self._state(school, self._period()))

    @extend_schema(request=DiscussionSerializer, responses=ReflectionSerializer)
    @action(detail=True, methods=["post"], serializer_class=DiscussionSerializer)
    def discussion(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        school, reflection = self._for_leader()
        body = DiscussionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.record_discussion(
            reflection=reflection,
            person=_person(request),
            notes=body.validated_data["discussion_notes"],
            next_steps=body.validated_data["next_steps"],
        )
        return Response(self._state(school, self._period()))

    @extend_schema(request=EssentialsInputSerializer, responses=ReflectionSerializer)
    @action(detail=True, methods=["post"], serializer_class=EssentialsInputSerializer)
    def essentials(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        school, reflection = self._for_leader()
        body = EssentialsInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.check_essentials(
            reflection=reflection,
            person=_person(request),
            in_place=body.validated_data["in_place"],
            notes=body.validated_data.get("notes"),
        )
        return Response(self._state(school, self._period()))

    @extend_schema(request=None, responses=TrendSerializer(many=True))
    @action(detail=False, methods=["get"], serializer_class=TrendSerializer)
    def trends(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Both groups' mean per block, over the periods opened for discussion."""
        table = leadership_trends(self._school())
        rows = [
            {
                "block": row["item"],
                "period": row["period"],
                "leaders_mean": _number(row["leaders_mean"]),
                "leaders_n": row["leaders_n"],
                "team_mean": _number(row["team_mean"]),
                "team_n": row["team_n"],
            }
            for row in table.to_dict("records")
        ]
        return Response(TrendSerializer(rows, many=True).data)

    def _school(self) -> School:
        return access.school_for_reflection(self.request.user, self.kwargs["school_pk"])

    def _period(self) -> Period:
        try:
            return parse_past_period(self.kwargs["period"], today=today())
        except ValidationError as invalid:
            raise Http404 from invalid

    def _for_leader(self) -> tuple[School, Reflection]:
        school = self._school()
        if not access.is_leader(self.request.user, school):
            raise Http404
        reflection = Reflection.objects.filter(school=school, period=self._period().code).first()
        if reflection is None:
            raise ValidationError(_("Nobody has rated this period yet."))
        return school, reflection

    def _state(self, school: School, period: Period) -> dict[str, Any]:
        reflection = Reflection.objects.filter(school=school, period=period.code).first()
        is_open = reflection is not None and reflection.is_open
        checks = {c.essential: c for c in reflection.essentials.all()} if reflection else {}
        state = {
            "period": period.code,
            "is_open": is_open,
            "opened_at": reflection.opened_at if reflection else None,
            "respondents": respondents(reflection),
            "my_group": access.rater_group(self.request.user, school),
            "my_ratings": [
                {"block": r.block, "level": r.level, "note": r.note}
                for r in own_ratings(reflection, _person(self.request)).values()
            ],
            "comparison": comparison(reflection) if reflection and is_open else None,
            "discussion_notes": reflection.discussion_notes if reflection else "",
            "next_steps": reflection.next_steps if reflection else "",
            "essentials": [
                {
                    "essential": e.code,
                    "in_place": checks[e.code].in_place if e.code in checks else False,
                    "note": checks[e.code].note if e.code in checks else "",
                }
                for e in ESSENTIALS
            ],
            "facts": school_facts(school, period),
        }
        return dict(ReflectionSerializer(state).data)


def _number(value: object) -> float | None:
    number = float(str(value))
    return None if math.isnan(number) else number


def _person(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user
