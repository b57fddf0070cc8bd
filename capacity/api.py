"""Contributions API: the ledger of a person's networks, manual entries, and the network
and school dashboards as JSON tables, CSV or XLSX."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from capacity import access as capacity_access
from capacity import services
from capacity.dashboard import network_dashboard, network_start
from capacity.exports import XLSX_TYPE
from capacity.models import Contribution
from capacity.periods import Filters, chosen_filters
from capacity.school_dashboard import school_dashboard, school_start
from capacity.serializers import (
    ContributionSerializer,
    DashboardQuerySerializer,
    DashboardSerializer,
    ExportQuerySerializer,
    ManualContributionSerializer,
)
from capacity.tables import Dashboard
from netwerk import access as network_access
from schools import access as school_access
from schools.models import User


class ContributionFilter(django_filters.FilterSet):  # type: ignore[misc]
    occurred_after = django_filters.DateFilter(field_name="occurred_on", lookup_expr="gte")
    occurred_before = django_filters.DateFilter(field_name="occurred_on", lookup_expr="lte")

    class Meta:
        model = Contribution
        fields = ["network", "school", "category", "rule"]


class ContributionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Contribution]
):
    """Contributions in the person's networks; coordinators and coaches record by hand."""

    serializer_class = ContributionSerializer
    filterset_class = ContributionFilter
    ordering_fields = ["occurred_on", "created_at"]

    def get_queryset(self) -> QuerySet[Contribution]:
        return Contribution.objects.filter(
            network__in=network_access.networks_for(self.request.user)
        )

    @extend_schema(request=ManualContributionSerializer, responses={201: ContributionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        shape = ManualContributionSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = dict(shape.validated_data)
        network = capacity_access.network_for_recorder(request.user, data.pop("network").pk)
        assert isinstance(request.user, User)
        contribution = services.record_manual_contribution(
            network=network, recorded_by=request.user, **data
        )
        return Response(ContributionSerializer(contribution).data, status=status.HTTP_201_CREATED)


def _filters(
    request: Request, serializer_class: type[DashboardQuerySerializer], earliest: datetime.date
) -> tuple[Filters, dict[str, Any]]:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    filters = chosen_filters(
        earliest=earliest,
        school_year_start=data.get("schooljaar"),
        start=data.get("van"),
        end=data.get("tot"),
        sector=data.get("sector", ""),
    )
    return filters, data


def _json(dashboard: Dashboard) -> Response:
    filters = dashboard.filters
    return Response(
        {
            "filters": {"start": filters.start, "end": filters.end, "sector": filters.sector},
            "tables": [
                {
                    "key": table.key,
                    "title": table.title,
                    "note": table.note,
                    "columns": table.columns,
                    "rows": table.rows,
                }
                for table in dashboard.tables
            ],
        }
    )


def _file(dashboard: Dashboard, data: dict[str, Any], stem: str) -> HttpResponse:
    exported = dashboard.export(fmt=data["type"], key=data["table"], stem=stem)
    if exported is None:
        raise Http404
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


EXPORT_RESPONSES = {
    (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
    (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
}


class NetworkDashboardView(APIView):
    """The network dashboard's tables; small cells hidden, schools as partners see them."""

    @extend_schema(parameters=[DashboardQuerySerializer], responses=DashboardSerializer)
    def get(self, request: Request, pk: int) -> Response:
        network = network_access.network_for_member(request.user, pk)
        filters, _data = _filters(request, DashboardQuerySerializer, network_start(network))
        return _json(network_dashboard(network, filters, with_charts=False))


class NetworkDashboardExportView(APIView):
    @extend_schema(parameters=[ExportQuerySerializer], responses=EXPORT_RESPONSES)
    def get(self, request: Request, pk: int) -> HttpResponse:
        network = network_access.network_for_member(request.user, pk)
        filters, data = _filters(request, ExportQuerySerializer, network_start(network))
        dashboard = network_dashboard(network, filters, with_charts=False)
        return _file(dashboard, data, f"netwerk-{network.pk}-dashboard")


class SchoolDashboardView(APIView):
    """A school's own dashboard, for its people and its assigned coaches."""

    @extend_schema(parameters=[DashboardQuerySerializer], responses=DashboardSerializer)
    def get(self, request: Request, pk: int) -> Response:
        school = school_access.school_for_member(request.user, pk)
        filters, _data = _filters(request, DashboardQuerySerializer, school_start(school))
        return _json(school_dashboard(school, filters, with_charts=False))


class SchoolDashboardExportView(APIView):
    @extend_schema(parameters=[ExportQuerySerializer], responses=EXPORT_RESPONSES)
    def get(self, request: Request, pk: int) -> HttpResponse:
        school = school_access.school_for_member(request.user, pk)
        filters, data = _filters(request, ExportQuerySerializer, school_start(school))
        dashboard = school_dashboard(school, filters, with_charts=False)
        return _file(dashboard, data, f"school-{school.pk}-dashboard")
