"""A measure's page: its run chart with the signals in words, the actions that mark it and
their effect, the data table beside it, and forms to add points by hand or from CSV.
Each view: access helper → form (shape) → service → response."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from casestudies import access as case_access
from casestudies import services
from casestudies.measurecsv import decode
from casestudies.models import Dataset, DatasetStatus, Measure
from casestudies.services import runs
from casestudies.services.evidence import dataset_columns
from frontend import forms as page_forms
from frontend.measure_charts import (
    EFFECT_WORDS,
    control_svg,
    measure_svg,
    shown_value,
    signals_in_words,
)
from frontend.measure_forms import DatasetPointsForm, ImportForm, PointForm


@login_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = case_access.measure_for_editor(request.user, pk)
    datasets = accepted_datasets(request, measure)
    bound: dict[str, Form] = {}
    if request.method == "POST":
        outcome = _handle(request, measure, datasets)
        if isinstance(outcome, HttpResponse):
            return outcome
        bound[request.POST["action"]] = outcome
    forms = {
        "point": PointForm(),
        "import": ImportForm(),
        "dataset": dataset_form(request, datasets),
    } | bound
    return render(
        request,
        "cases/measure.html",
        measure_context(measure) | {"forms": forms, "datasets": datasets},
    )


def accepted_datasets(request: HttpRequest, measure: Measure) -> list[Dataset]:
    """The case's school's accepted datasets that this person may see."""
    visible = case_access.datasets_visible_to(request.user)
    school = measure.case.datateam.school_id
    return list(visible.filter(school_id=school, status=DatasetStatus.ACCEPTED).order_by("-pk"))


def dataset_form(
    request: HttpRequest, datasets: list[Dataset], data: Any = None
) -> DatasetPointsForm:
    """The form with the columns of the chosen dataset (`?dataset=`), else the newest."""
    wanted = (data or request.GET).get("dataset")
    chosen = next((d for d in datasets if str(d.pk) == wanted), datasets[0] if datasets else None)
    columns = dataset_columns(chosen) if chosen else []
    choices = [(d.pk, d.title) for d in datasets]
    initial = {"dataset": chosen.pk} if chosen else {}
    return DatasetPointsForm(data, datasets=choices, columns=columns, initial=initial)


def _handle(request: HttpRequest, measure: Measure, datasets: list[Dataset]) -> HttpResponse | Form:
    action = request.POST.get("action")
    if action == "dataset":
        form: Form = dataset_form(request, datasets, request.POST)
        by_pk = {d.pk: d for d in datasets}
        saved = page_forms.submit(
            form,
            lambda data: services.points_from_dataset(
                measure=measure, **data | {"dataset": by_pk[data["dataset"]]}
            ),
        )
        message = _("The measurements have been computed from the dataset.")
    elif action == "point":
        form = PointForm(request.POST)
        saved = page_forms.submit(form, lambda data: services.record_point(measure=measure, **data))
        message = _("The measurement has been saved.")
    elif action == "import":
        form = ImportForm(request.POST, request.FILES)
        saved = page_forms.submit(
            form,
            lambda data: services.import_points(measure=measure, text=decode(data["file"].read())),
        )
        message = _("The measurements have been imported.")
    else:
        raise Http404
    if not saved:
        return form
    messages.success(request, message)
    return redirect("measure-detail", pk=measure.pk)


def measure_context(measure: Measure) -> dict[str, Any]:
    reading = runs.read_measure(measure)
    chart = runs.run_chart_data(reading)
    actions = runs.marking_actions(measure)
    dates = [p.date for p in reading.shown]
    return {
        "measure": measure,
        "case": measure.case,
        "chart": chart,
        "svg": measure_svg(
            dict(chart),
            name=measure.name,
            unit=measure.unit,
            frozen=reading.baseline_count is not None,
            run_dates=[
                reading.shown[i].date.isoformat()
                for i in reading.chart.run_indices
                if "shift" in chart["signals"]
            ],
            marks=runs.action_marks(actions),
        ),
        "control_svg": control_svg(
            reading.control, dates, reading.values, measure.name, measure.unit
        )
        if reading.control
        else "",
        "signal_words": signals_in_words(dict(chart)),
        "points": [(p, shown_value(float(p.value), small=False)) for p in reading.points],
        "actions": [
            (f"A{n}", action, *EFFECT_WORDS[runs.action_effect(reading, action)])
            for n, action in enumerate(actions, 1)
        ],
    }
