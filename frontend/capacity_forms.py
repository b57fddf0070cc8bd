"""Forms of the ledger and dashboard pages: shape only; the services decide."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from capacity.periods import Filters, chosen_filters, period_errors, recent_school_years
from capacity.rules import Category
from schools.models import School, Sector

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MANUAL_RULE_CHOICES = [
    ("manual", _("A contribution recorded by hand")),
    ("coach_trained", _("An internal data coach trained")),
]


class SchoolChoiceField(forms.ModelChoiceField[School]):
    """Schools shown by the label partners see (given as `labels`), never a hidden name."""

    def __init__(self, *args: Any, labels: dict[int, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.labels = labels or {}

    def label_from_instance(self, obj: School) -> str:
        return self.labels.get(obj.pk, obj.anonymous_label)


def _school_years() -> list[tuple[str, Any]]:
    return [("", _("Choose a school year"))] + [
        (str(year), f"{year}-{year + 1}") for year in recent_school_years()
    ]


class PeriodForm(forms.Form):
    """A school year, or a date range; the range wins when both are given."""

    schooljaar = forms.TypedChoiceField(
        label=_("School year"), choices=_school_years, coerce=int, required=False, empty_value=None
    )
    van = forms.DateField(label=_("From"), widget=DATE, required=False)
    tot = forms.DateField(label=_("Until"), widget=DATE, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, error in period_errors(data.get("van"), data.get("tot")).items():
            self.add_error(field, error)
        return data

    def filters(self, *, earliest: datetime.date) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return chosen_filters(
            earliest=earliest,
            school_year_start=data.get("schooljaar"),
            start=data.get("van"),
            end=data.get("tot"),
            sector=data.get("sector") or "",
        )


class NetworkDashboardForm(PeriodForm):
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("All sectors")), *Sector.choices], required=False
    )


class LedgerFilterForm(PeriodForm):
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All categories")), *Category.choices], required=False
    )
    school = SchoolChoiceField(label=_("School"), queryset=School.objects.none(), required=False)

    def __init__(self, *args: Any, schools: Any, labels: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["school"]
        assert isinstance(field, SchoolChoiceField)
        field.queryset, field.labels = schools, labels


class ManualContributionForm(forms.Form):
    rule = forms.ChoiceField(label=_("What"), choices=MANUAL_RULE_CHOICES)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", "—"), *Category.choices],
        required=False,
        help_text=_("For a trained data coach the category is always capacity at scale."),
    )
    school = SchoolChoiceField(label=_("School"), queryset=School.objects.none(), required=False)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    description = forms.CharField(label=_("Description"), max_length=300)

    def __init__(self, *args: Any, schools: Any, labels: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["school"]
        assert isinstance(field, SchoolChoiceField)
        field.queryset, field.labels = schools, labels
