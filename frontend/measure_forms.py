"""Forms of the measures pages: shape only; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casestudies.models import Direction, MeasureKind
from frontend.case_forms import DATE


class MeasureForm(forms.Form):
    name = forms.CharField(label=_("Measure"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeasureKind.choices)
    direction = forms.ChoiceField(label=_("Desired direction"), choices=Direction.choices)
    baseline_until = forms.DateField(
        label=_("Baseline until (optional)"), widget=DATE, required=False
    )


class PointForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    value = forms.DecimalField(label=_("Value"), localize=True, max_digits=12, decimal_places=3)
    n = forms.IntegerField(label=_("n (number of pupils)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file (datum;waarde;n)"))
