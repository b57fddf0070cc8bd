"""What worked where: the network's interventions, the schools that tried them and their
measured outcomes, for the network's members only, with CSV and XLSX downloads."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from capacity.exports import XLSX_TYPE, to_csv, to_xlsx
from casestudies.models import Theme
from discussions.evidence import COACHES, OUTCOMES, EvidenceFilters, Intervention, evidence_map
from discussions.evidence_api import MAX_QUERY, filters_from
from discussions.models import MeasuredEffect
from netwerk import access as network_access
from schools.models import Sector

OUTCOME_LABELS = {
    **{effect.value: effect.label for effect in MeasuredEffect},
    "pending": gettext_lazy("Not evaluated yet"),
}
COACH_LABELS = {
    "internal": gettext_lazy("Internal data coach"),
    "external": gettext_lazy("External data coach"),
    "none": gettext_lazy("No data coach"),
}


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
    interventions = evidence_map(network, filters)
    context = {
        "network": network,
        "form": form,
        "interventions": interventions,
        "outcome_labels": OUTCOME_LABELS,
        "coach_labels": COACH_LABELS,
        "query": request.GET.urlencode(),
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
            _("Data coach"): ", ".join(str(COACH_LABELS[kind]) for kind in trial.coach),
            _("Outcome"): str(OUTCOME_LABELS.get(trial.outcome, trial.outcome)),
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
