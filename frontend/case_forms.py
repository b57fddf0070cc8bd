"""Forms of the case-study pages: shape only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casestudies.access import people_of_datateam, people_on_case
from casestudies.cycles import TEMPLATE_CHOICES
from casestudies.models import (
    ActionStatus,
    Analysis,
    Dataset,
    DataSource,
    DataSourceKind,
    Hypothesis,
    HypothesisStatus,
    Measure,
    QualityRating,
    StepStatus,
    Theme,
)
from casestudies.models.cases import MAX_NARRATIVE_CHARS, MAX_SKIP_REASON_CHARS
from netwerk.models import LearningNetwork
from schools.models import Sector, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StartCaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    template = forms.ChoiceField(label=_("Cycle"), choices=TEMPLATE_CHOICES)
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    year_levels = forms.CharField(label=_("Year levels"), max_length=100, required=False)


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label=_("What the team did and found (markdown)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=MAX_NARRATIVE_CHARS,
    )


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(choices=StepStatus.choices)
    skip_reason = forms.CharField(
        label=_("Reason for moving on without it"),
        max_length=MAX_SKIP_REASON_CHARS,
        required=False,
    )


def _smart_needs(what: Promise) -> dict[str, str]:
    """The service's own words for a missing part, in the reader's language."""
    message = lazy(lambda: gettext("A SMART goal needs %(what)s.") % {"what": what}, str)()
    return {"required": message}


class GoalForm(forms.Form):
    description = forms.CharField(
        label=_("Goal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Concrete: how many pupils now, in which year and department, and what "
            "counts as better by when."
        ),
    )
    # Required as set_goal requires them: a SMART goal has an indicator, target and deadline.
    indicator = forms.CharField(
        label=_("Indicator"),
        max_length=200,
        error_messages=_smart_needs(_("a measurable indicator")),
    )
    population_year = forms.CharField(label=_("Year"), max_length=50, required=False)
    population_department = forms.CharField(label=_("Department"), max_length=100, required=False)
    population_level = forms.CharField(label=_("Level"), max_length=50, required=False)
    baseline_value = forms.DecimalField(label=_("Baseline"), required=False, localize=True)
    baseline_date = forms.DateField(label=_("Baseline measured on"), required=False, widget=DATE)
    target_value = forms.DecimalField(
        label=_("Target"), localize=True, error_messages=_smart_needs(_("a target value"))
    )
    deadline = forms.DateField(
        label=_("Deadline"), widget=DATE, error_messages=_smart_needs(_("a deadline"))
    )


class HypothesisForm(forms.Form):
    statement = forms.CharField(label=_("Hypothesis"), widget=forms.Textarea(attrs={"rows": 2}))


class ConclusionForm(forms.Form):
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea, required=False)


class JudgeHypothesisForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=HypothesisStatus.choices)
    evidence = forms.CharField(
        label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    data_sources = forms.ModelMultipleChoiceField(
        label=_("Data sources"),
        queryset=DataSource.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    analyses = forms.ModelMultipleChoiceField(
        label=_("Analyses"),
        queryset=Analysis.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["data_sources"].queryset = case.data_sources.all()  # type: ignore[attr-defined]
            self.fields["analyses"].queryset = case.analyses.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["data_sources"] = list(data.get("data_sources") or [])
        data["analyses"] = list(data.get("analyses") or [])
        return data


class DataSourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of data"), choices=DataSourceKind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}))
    dataset = forms.ModelChoiceField(
        label=_("Anonymised dataset (optional)"), queryset=Dataset.objects.none(), required=False
    )

    def __init__(self, *args: Any, datasets: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if datasets is not None:
            self.fields["dataset"].queryset = datasets  # type: ignore[attr-defined]


class AnalysisForm(forms.Form):
    data_source = forms.ModelChoiceField(label=_("Data source"), queryset=DataSource.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    group_by = forms.MultipleChoiceField(
        label=_("Per (one or more columns)"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    statistic = forms.ChoiceField(
        label=_("Figure"),
        choices=[
            ("count", _("Number of pupils")),
            ("mean", _("Mean of a column")),
            ("percentage", _("Percentage with a value")),
            ("compare", _("Compare groups (one column under “Per”)")),
            ("before_after", _("Before and after (column and second column)")),
            ("crosstab", _("Crosstab (two columns under “Per”)")),
            ("correlation", _("Correlation (column and second column)")),
        ],
    )
    measure = forms.ChoiceField(
        label=_("Column (for a mean or percentage)"), choices=(), required=False
    )
    second = forms.ChoiceField(
        label=_("Second column (after, or for a correlation)"), choices=(), required=False
    )
    condition = forms.CharField(label=_("Value (for a percentage)"), required=False)
    conclusion = forms.CharField(
        label=_("Conclusion it supports"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(
        self, *args: Any, sources: Any = None, columns: list[str] | None = None, **kwargs: Any
    ) -> None:
        """`columns`: those of the anonymised datasets of the case's sources, to pick from."""
        super().__init__(*args, **kwargs)
        if sources is not None:
            self.fields["data_source"].queryset = sources  # type: ignore[attr-defined]
            only = list(sources[:2])
            if len(only) == 1:  # one source: nothing to choose
                self.fields["data_source"].initial = only[0].pk
        choices = [(column, column) for column in columns or []]
        self.fields["group_by"].choices = choices  # type: ignore[attr-defined]
        self.fields["measure"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]
        self.fields["second"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]


class QualityCheckForm(forms.Form):
    completeness = forms.ChoiceField(label=_("Completeness"), choices=QualityRating.choices)
    reliability = forms.ChoiceField(label=_("Reliability"), choices=QualityRating.choices)
    validity = forms.ChoiceField(label=_("Validity"), choices=QualityRating.choices)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ActionLinkForm(forms.Form):
    """What an existing action answers and should move, and when it started."""

    hypothesis: forms.ModelChoiceField[Hypothesis] = forms.ModelChoiceField(
        label=_("Hypothesis or cause it answers"),
        queryset=Hypothesis.objects.none(),
        required=False,
    )
    measure: forms.ModelChoiceField[Measure] = forms.ModelChoiceField(
        label=_("Measure it should move"), queryset=Measure.objects.none(), required=False
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE, required=False)

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hypothesis"].queryset = case.hypotheses.all()  # type: ignore[attr-defined]
        self.fields["measure"].queryset = case.measures.all()  # type: ignore[attr-defined]


class ActionForm(ActionLinkForm):
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner_person: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Owner in the datateam"), queryset=User.objects.none(), required=False
    )
    owner = forms.CharField(
        label=_("Or someone outside the platform"), max_length=200, required=False
    )
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    field_order = [
        "description",
        "owner_person",
        "owner",
        "due_date",
        "hypothesis",
        "measure",
        "start_date",
    ]

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        self.fields["owner_person"].queryset = people_of_datateam(case)  # type: ignore[attr-defined]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class EvaluationForm(forms.Form):
    # Left empty, the evaluation reads the case's first measure.
    measured_value = forms.DecimalField(
        label=_("Measured value (empty: read from the measure)"), localize=True, required=False
    )
    measured_on = forms.DateField(label=_("Measured on"), widget=DATE, required=False)
    reflection = forms.CharField(
        label=_("Reflection on the process (markdown)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class PublishForm(forms.Form):
    networks: forms.ModelMultipleChoiceField[LearningNetwork] = forms.ModelMultipleChoiceField(
        label=_("Share with"),
        queryset=LearningNetwork.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    name_school = forms.BooleanField(
        label=_("Name our school (otherwise: “a VO school in region X”)"), required=False
    )

    def __init__(self, *args: Any, networks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["networks"].queryset = networks  # type: ignore[attr-defined]


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    theme = forms.ChoiceField(
        label=_("Theme"), choices=[("", _("All")), *Theme.choices], required=False
    )
    template = forms.ChoiceField(
        label=_("Cycle"), choices=[("", _("All")), *TEMPLATE_CHOICES], required=False
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("All")), *Sector.choices], required=False
    )
    step = forms.IntegerField(
        label=_("Reached at least step"), min_value=1, max_value=8, required=False
    )
    reached = forms.ChoiceField(
        label=_("Goal"),
        choices=[("", _("All")), ("yes", _("Reached")), ("no", _("Not reached"))],
        required=False,
    )
    order = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("relevance", _("Relevance")), ("date", _("Date"))],
        required=False,
    )


class TeamMeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    step = forms.TypedChoiceField(label=_("Step worked on"), coerce=int, choices=())
    attendees: forms.ModelMultipleChoiceField[User] = forms.ModelMultipleChoiceField(
        label=_("Who attended"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_NARRATIVE_CHARS,
    )
    next_meeting = forms.DateField(label=_("Next meeting"), widget=DATE, required=False)

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [  # type: ignore[attr-defined]
            (step.number, f"{step.number}. {step.title}") for step in case.cycle.steps
        ]
        self.fields["attendees"].queryset = people_on_case(case).order_by(  # type: ignore[attr-defined]
            "first_name", "last_name", "pk"
        )
