"""Forms of the measures pages: shape only; the services decide."""

from __future__ import annotations

from typing import Any

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


AGGREGATION_CHOICES = [
    ("mean", _("Mean of the column")),
    ("percentage", _("Percentage of rows with the value")),
    ("count", _("Number of rows with the value")),
]


class DatasetPointsForm(forms.Form):
    """A point per period of an accepted dataset; the columns are the chosen dataset's."""

    dataset = forms.TypedChoiceField(label=_("Dataset"), coerce=int)
    column = forms.ChoiceField(label=_("Column to measure"))
    aggregation = forms.ChoiceField(label=_("Aggregation"), choices=AGGREGATION_CHOICES)
    equals = forms.CharField(
        label=_("Value to count (percentage or count)"), max_length=200, required=False
    )
    period_column = forms.ChoiceField(label=_("Date or period column"))

    def __init__(
        self, *args: Any, datasets: list[tuple[int, str]], columns: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dataset"].choices = datasets  # type: ignore[attr-defined]
        for name in ("column", "period_column"):
            self.fields[name].choices = [(c, c) for c in columns]  # type: ignore[attr-defined]
