"""What worked where: the network's interventions, the schools that tried them and their
measured outcomes, for the network's members only, with CSV and XLSX downloads."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pandas as pd
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from capacity.exports import XLSX_TYPE, to_csv, to_xlsx
from casestudies.models import Theme
from discussions.evidence import (
    COACH_LABELS,
    COACHES,
    OUTCOME_LABELS,
    OUTCOMES,
    EvidenceFilters,
    Intervention,
    evidence_map,
)
from discussions.evidence_api import MAX_QUERY, filters_from
from netwerk import access as network_access
from schools.models import Sector

PAGE_SIZE = 50  # schools' rows per page


def _all(choices: Sequence[tuple[str, object]]) -> list[tuple[str, object]]:
    return [("", gettext_lazy("All")), *choices]


class EvidenceFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=MAX_QUERY)
    theme = forms.ChoiceField(
        label=gettext_lazy("Theme"), choices=_all(Theme.choices), required=False
    )
    sector = forms.ChoiceField(
        label=gettext_lazy("Sector"), choices=_all(Sector.choices), required=False
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=_all([(value, OUTCOME_LABELS[value]) for value in OUTCOMES]),
        required=False,
    )
    coach = forms.ChoiceField(
        label=gettext_lazy("Data coach"),
        choices=_all([(value, COACH_LABELS[value]) for value in COACHES]),
        required=False,
    )


def _filters(request: HttpRequest) -> tuple[EvidenceFilterForm, EvidenceFilters]:
    form = EvidenceFilterForm(request.GET or None)
    return form, filters_from(form.cleaned_data) if form.is_valid() else EvidenceFilters()


@login_required
def what_worked_where(request: HttpRequest, network_pk: int) -> HttpResponse:
    network = network_access.network_for_member(request.user, network_pk)
    form, filters = _filters(request)
    rows = [(i, trial) for i in evidence_map(network, filters) for trial in i.trials]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "network": network,
        "form": form,
        "page": page,
        # A page of rows, grouped again by intervention: (intervention, its trials here).
        "groups": [
            (intervention, [trial for _i, trial in group])
            for intervention, group in itertools.groupby(page, key=lambda row: row[0])
        ],
        "query": query.urlencode(),
    }
    return render(request, "networks/evidence.html", context)


@login_required
def what_worked_where_export(request: HttpRequest, network_pk: int, fmt: str) -> HttpResponse:
    network = network_access.network_for_member(request.user, network_pk)
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    _form, filters = _filters(request)
    table = evidence_table(evidence_map(network, filters))
    stem = f"netwerk-{network.pk}-wat-werkte-waar"
    if fmt == "csv":
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(to_xlsx([(_("What worked where"), table)]), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def evidence_table(interventions: list[Intervention]) -> pd.DataFrame:
    """One row per school per intervention, as the page shows them."""
    rows = [
        {
            _("Intervention"): intervention.title,
            _("Pupils (all schools)"): intervention.pupils,
            _("School"): trial.school,
            _("Sector"): trial.sector_label,
            _("Level"): trial.level,
            _("Theme"): trial.theme_label,
            _("Data coach"): trial.coach_label,
            _("Outcome"): trial.outcome_label,
            _("Goal reached"): _yes_no(trial.goal_reached),
            _("Measure"): trial.measure,
            _("Baseline"): trial.baseline,
            _("Measured"): trial.value,
            _("Change"): trial.change,
            _("Unit"): trial.unit,
            _("Pupils"): trial.shown_n,
            _("Published cases"): ", ".join(case["title"] for case in trial.cases),
        }
        for intervention in interventions
        for trial in intervention.trials
    ]
    return pd.DataFrame(rows)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else _("yes") if value else _("no")
