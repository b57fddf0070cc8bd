"""`GET /api/networks/<id>/evidence/`: what worked where, for the network's members
(others: 404). Query parameters `q`, `theme`, `sector`, `outcome` and `coach` filter it;
an unknown value is a 400 that names the values allowed."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypedDict

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casestudies.models import Theme
from discussions.evidence import (
    COACHES,
    OUTCOMES,
    EvidenceFilters,
    Intervention,
    Trial,
    evidence_map,
)
from netwerk.access import network_for_member
from schools.models import Sector

MAX_QUERY = 200


class EvidenceQuery(serializers.Serializer[Any]):
    q = serializers.CharField(required=False, allow_blank=True, max_length=MAX_QUERY, default="")
    theme = serializers.ChoiceField(Theme.choices, required=False, allow_blank=True, default="")
    sector = serializers.ChoiceField(Sector.choices, required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(OUTCOMES, required=False, allow_blank=True, default="")
    coach = serializers.ChoiceField(COACHES, required=False, allow_blank=True, default="")


def filters_from(data: dict[str, Any]) -> EvidenceFilters:
    return EvidenceFilters(
        query=data["q"],
        theme=data["theme"],
        sector=data["sector"],
        outcome=data["outcome"],
        coach=data["coach"],
    )


class InterventionDict(TypedDict):
    key: str
    kind: str
    title: str
    theme: str
    pupils: int | str | None
    schools: list[dict[str, Any]]


def intervention_dict(intervention: Intervention) -> InterventionDict:
    return {
        "key": intervention.key,
        "kind": intervention.kind,
        "title": intervention.title,
        "theme": intervention.theme,
        "pupils": intervention.pupils,
        "schools": [trial_dict(trial) for trial in intervention.trials],
    }


TRIAL_FIELDS = tuple(field.name for field in fields(Trial))


def trial_dict(trial: Trial) -> dict[str, Any]:
    """A school's try as the API shows it: its pupil number as partners may see it."""
    shown = {name: getattr(trial, name) for name in TRIAL_FIELDS}
    del shown["n"]
    shown["n"] = shown.pop("shown_n")
    return shown


class NetworkEvidence(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(name, OpenApiTypes.STR, required=False)
            for name in ("q", "theme", "sector", "outcome", "coach")
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, pk: int) -> Response:
        network = network_for_member(request.user, pk)
        query = EvidenceQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        interventions = evidence_map(network, filters_from(dict(query.validated_data)))
        return Response(
            {
                "network": {"id": network.pk, "name": network.name},
                "count": len(interventions),
                "small_n": _("Numbers from fewer than 10 pupils are not shown."),
                "interventions": [intervention_dict(i) for i in interventions],
            }
        )
