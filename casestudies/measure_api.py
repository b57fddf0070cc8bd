"""Measures API: points by hand, from CSV or from a dataset, and the run chart; through
the same access helper and services as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from casestudies import access, services
from casestudies.measure_serializers import (
    DatasetPointsSerializer,
    MeasureSerializer,
    PointImportSerializer,
    PointSerializer,
    RunChartSerializer,
)
from casestudies.measurecsv import decode
from casestudies.models import Measure
from casestudies.services import runs


class MeasureViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet[Measure]):
    """A measure of a case study, for the case's editors (everyone else: 404)."""

    serializer_class = MeasureSerializer
    queryset = Measure.objects.none()  # for the schema only: get_object reads through access
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_object(self) -> Measure:
        return access.measure_for_editor(self.request.user, self.kwargs["pk"])

    @extend_schema(request=PointSerializer, responses={201: PointSerializer})
    @action(detail=True, methods=["post"])
    def points(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        measure = self.get_object()
        serializer = PointSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        point = services.record_point(measure=measure, **serializer.validated_data)
        return Response(PointSerializer(point).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PointImportSerializer, responses={201: PointSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="import")
    def import_csv(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        measure = self.get_object()
        serializer = PointImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        text = data["text"] if "text" in data else decode(data["file"].read())
        points = services.import_points(measure=measure, text=text)
        return Response(PointSerializer(points, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DatasetPointsSerializer, responses={201: PointSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="from-dataset")
    def from_dataset(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        measure = self.get_object()
        serializer = DatasetPointsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        dataset = access.dataset_for_member(request.user, data.pop("dataset"))
        points = services.points_from_dataset(measure=measure, dataset=dataset, **data)
        return Response(PointSerializer(points, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=RunChartSerializer)
    @action(detail=True, methods=["get"], url_path="run-chart")
    def run_chart(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        reading = runs.read_measure(self.get_object())
        return Response(runs.run_chart_data(reading))
