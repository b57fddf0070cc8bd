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
from casestudies.models import Measure
from casestudies.services import runs
from frontend import forms as page_forms
from frontend.measure_charts import (
    EFFECT_WORDS,
    control_svg,
    measure_svg,
    shown_value,
    signals_in_words,
)
from frontend.measure_forms import ImportForm, PointForm


@login_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = case_access.measure_for_editor(request.user, pk)
    bound: dict[str, Form] = {}
    if request.method == "POST":
        outcome = _handle(request, measure)
        if isinstance(outcome, HttpResponse):
            return outcome
        bound[request.POST["action"]] = outcome
    forms = {"point": PointForm(), "import": ImportForm()} | bound
    return render(request, "cases/measure.html", measure_context(measure) | {"forms": forms})


def _handle(request: HttpRequest, measure: Measure) -> HttpResponse | Form:
    action = request.POST.get("action")
    if action == "point":
        form: Form = PointForm(request.POST)
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
