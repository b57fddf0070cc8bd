"""Dataset API: the same steps as the pages, through the same services."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from casestudies import access, services
from casestudies.models import Dataset
from casestudies.serializers import DatasetSerializer, DatasetUploadSerializer, RolesSerializer
from casestudies.services import reads
from netwerk.parsers import JSONParser
from schools import access as school_access
from schools.models import User


class DatasetViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Dataset]
):
    """Uploads of pupil data and their anonymised versions; school-private."""

    serializer_class = DatasetSerializer
    filterset_fields = ["school", "status"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Dataset]:
        return access.datasets_visible_to(self.request.user)

    def get_object(self) -> Dataset:
        return access.dataset_for_member(self.request.user, self.kwargs["pk"])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        dataset = reads.view_dataset(person=request.user, pk=kwargs["pk"], via="api")
        return Response(self.get_serializer(dataset).data)

    @extend_schema(request=DatasetUploadSerializer, responses={201: DatasetSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        upload = DatasetUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        school = school_access.school_for_member(request.user, data["school"].pk)
        dataset = services.upload_dataset(
            school=school,
            person=self._person(request),
            uploaded_file=data["file"],
            title=data["title"],
        )
        return Response(DatasetSerializer(dataset).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RolesSerializer, responses={202: DatasetSerializer})
    @action(detail=True, methods=["post"], serializer_class=RolesSerializer)
    def roles(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        dataset = self.get_object()
        serializer = RolesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dataset = services.confirm_roles(dataset=dataset, **serializer.validated_data)
        return Response(DatasetSerializer(dataset).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses=DatasetSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        dataset = access.dataset_for_leader(request.user, kwargs["pk"])
        dataset = services.accept_dataset(dataset=dataset, person=self._person(request))
        return Response(DatasetSerializer(dataset).data)

    @extend_schema(request=None, responses=DatasetSerializer)
    @action(detail=True, methods=["post"])
    def discard(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        dataset = services.discard_dataset(dataset=self.get_object())
        return Response(DatasetSerializer(dataset).data)

    @extend_schema(responses={200: OpenApiResponse(description="The anonymised CSV file")})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, *args: Any, **kwargs: Any) -> FileResponse:
        _dataset, file = reads.download_dataset(person=request.user, pk=kwargs["pk"], via="api")
        return FileResponse(file, as_attachment=True, filename="anonymised.csv")

    def _person(self, request: Request) -> User:
        assert isinstance(request.user, User)
        return request.user
