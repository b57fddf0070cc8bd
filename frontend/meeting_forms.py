"""Forms of the network-session pages: shape only; the services decide."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casestudies.cycles import TEMPLATES
from casestudies.models import CaseStudy, Publication
from meetings.models import RATING_MAX, RATING_MIN, AgendaItem, NetworkSession
from schools.models import School, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
RATING_CHOICES = [(n, str(n)) for n in range(RATING_MIN, RATING_MAX + 1)]


class PersonChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class SessionForm(forms.Form):
    """Date and times in the platform's time zone; the service gets aware datetimes as
    starts_at and ends_at, so its errors land on the start and end fields."""

    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DATE)
    starts_at = forms.TimeField(label=_("Starts at"), widget=TIME)
    ends_at = forms.TimeField(label=_("Ends at"), widget=TIME)
    location = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("Address or room; leave empty for an online-only session."),
    )
    online_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https"
    )
    host_school = forms.ModelChoiceField(
        label=_("Host school"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("No host school"),
    )
    facilitators = PersonChoiceField(
        label=_("Facilitators"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(label=_("Status"), choices=NetworkSession.Status.choices)

    def __init__(self, *args: Any, schools: QuerySet[Any], people: QuerySet[User], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["host_school"].queryset = schools  # type: ignore[attr-defined]
        self.fields["facilitators"].queryset = people  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(session: NetworkSession) -> dict[str, Any]:
        starts = timezone.localtime(session.starts_at)
        return {
            "title": session.title,
            "date": starts.date(),
            "starts_at": starts.time(),
            "ends_at": timezone.localtime(session.ends_at).time(),
            "location": session.location,
            "online_url": session.online_url,
            "host_school": session.host_school,
            "facilitators": list(session.facilitators.all()),
            "status": session.status,
        }

    def session_details(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        day: datetime.date = data.pop("date")
        for field in ("starts_at", "ends_at"):
            data[field] = timezone.make_aware(datetime.datetime.combine(day, data[field]))
        data["facilitators"] = list(data["facilitators"])
        return data


def cycle_step_choices() -> list[tuple[str, Any]]:
    groups: list[tuple[str, Any]] = [("", _("Not tied to a cycle step"))]
    for code, template in TEMPLATES.items():
        steps = [(f"{code}:{s.number}", f"{s.number}. {s.title}") for s in template.steps]
        groups.append((str(template.name), steps))
    return groups


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=200)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, initial=30)
    cycle = forms.ChoiceField(label=_("Cycle step"), choices=cycle_step_choices, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def item_details(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        template, _sep, number = data.pop("cycle").partition(":")
        return data | {"cycle_template": template, "cycle_step": int(number) if number else None}


class PresentCaseForm(forms.Form):
    publication = forms.ModelChoiceField(
        label=_("Published case"), queryset=Publication.objects.none()
    )
    agenda_item = forms.ModelChoiceField(
        label=_("During agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, publications: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publication"].queryset = publications  # type: ignore[attr-defined]
        self.fields["agenda_item"].queryset = items  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    present = PersonChoiceField(
        label=_("Present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = people  # type: ignore[attr-defined]


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes (markdown)"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        max_length=50_000,
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    follow_up = forms.CharField(
        label=_("Follow-up action for schools"),
        max_length=300,
        required=False,
        help_text=_("What a school puts in its action plan when it takes up the decision."),
    )
    due_date = forms.DateField(label=_("Suggested due date"), widget=DATE, required=False)


class TakeUpForm(forms.Form):
    """A running case study of the person's school, or a new cycle: the service asks for
    exactly one."""

    case = forms.ModelChoiceField(
        label=_("Case study"), queryset=CaseStudy.objects.none(), required=False
    )
    new_cycle = forms.CharField(
        label=_("Or start a new cycle, titled"), max_length=200, required=False
    )
    owner = forms.CharField(
        label=_("Owner"), max_length=200, required=False, help_text=_("Default: you.")
    )
    due_date = forms.DateField(label=_("Due date"), widget=DATE, required=False)

    def __init__(self, *args: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]
        self.fields["case"].label_from_instance = lambda case: (  # type: ignore[attr-defined]
            f"{case.title} ({case.datateam.school.name})"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["new_cycle"] = (data.get("new_cycle") or "").strip() or None
        return data


class FeedbackForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label=_("How useful was this session for your school? (1 = not at all, 5 = very)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    motivation = forms.TypedChoiceField(
        label=_("How motivated are you to carry on? (1 = not at all, 5 = very)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
    )
