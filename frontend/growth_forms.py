"""Forms for coach profiles, self-assessments, team feedback and leadership reflection.
Shape only: ranges, duplicates and who may do what are the services' rules."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from casestudies.models import CaseStudy, TeamMeeting
from coaching.competencies import LEVEL_NAMES
from coaching.models import CoachKind, EvidenceKind
from leadership.blocks import ESSENTIALS
from meetings.models import NetworkSession
from netwerk.periods import Period, recent_periods
from netwerk.ratings import RatingInput

PERIODS_TO_CHOOSE = 6


@dataclass(frozen=True)
class RatedItem:
    """One competency or building block as a form shows it."""

    code: str
    name: Promise
    levels: tuple[Promise, ...] | None = None  # rubric descriptors, when there is a rubric
    questions: tuple[Promise, ...] = ()  # reflection questions to think about first


def period_choices(today: datetime.date) -> list[tuple[str, str]]:
    return [(p.code, p.label) for p in reversed(recent_periods(today, PERIODS_TO_CHOOSE))]


class RatingsForm(forms.Form):
    """A level (radio buttons) and a note per item; `optional` items may be left unrated."""

    period = forms.ChoiceField(label=_("Period"))

    def __init__(
        self,
        *args: Any,
        items: Iterable[RatedItem],
        today: datetime.date,
        optional: bool,
        with_period: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        if with_period:
            self.fields["period"].choices = period_choices(today)  # type: ignore[attr-defined]
        else:
            del self.fields["period"]
        for item in self.items:
            choices: list[tuple[str, Any]] = [(str(n), name) for n, name in LEVEL_NAMES.items()]
            if optional:
                choices.insert(0, ("", _("Not observed")))
            self.fields[f"level_{item.code}"] = forms.ChoiceField(
                label=str(item.name),
                choices=choices,
                required=not optional,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{item.code}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def ratings(self) -> dict[str, RatingInput]:
        data = self.cleaned_data
        return {
            item.code: {"level": data[f"level_{item.code}"], "note": data[f"note_{item.code}"]}
            for item in self.items
            if data.get(f"level_{item.code}")
        }

    def rows(self) -> list[dict[str, Any]]:
        """Per item its fields and, for a rubric, each level's descriptor next to its radio."""
        rows = []
        for item in self.items:
            level = self[f"level_{item.code}"]
            radios = [
                {"radio": radio, "descriptor": _descriptor(item, radio.data["value"])}
                for radio in level
            ]
            rows.append(
                {"item": item, "level": level, "radios": radios, "note": self[f"note_{item.code}"]}
            )
        return rows


def _descriptor(item: RatedItem, value: object) -> Promise | None:
    if item.levels is None or not str(value).isdigit():
        return None
    return item.levels[int(str(value)) - 1]


def initial_ratings(levels: Mapping[str, tuple[int, str]]) -> dict[str, str]:
    initial: dict[str, str] = {}
    for code, (level, note) in levels.items():
        initial[f"level_{code}"] = str(level)
        initial[f"note_{code}"] = note
    return initial


class CoachProfileForm(forms.Form):
    kind = forms.ChoiceField(label=_("I am"), choices=CoachKind.choices)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who you are and how you work with teams; seen by the people you coach."),
    )


class IntroductionForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=EvidenceKind.choices)
    session: forms.ModelChoiceField[NetworkSession] = forms.ModelChoiceField(
        label=_("Network session you facilitated"),
        queryset=NetworkSession.objects.none(),
        required=False,
    )
    case: forms.ModelChoiceField[CaseStudy] = forms.ModelChoiceField(
        label=_("Cycle you coached"), queryset=CaseStudy.objects.none(), required=False
    )
    meeting: forms.ModelChoiceField[TeamMeeting] = forms.ModelChoiceField(
        label=_("Datateam meeting you attended"),
        queryset=TeamMeeting.objects.none(),
        required=False,
    )
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    description = forms.CharField(label=_("Description"), required=False, max_length=300)

    def __init__(self, *args: Any, sessions: Any, cases: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]


class DiscussionForm(forms.Form):
    notes = forms.CharField(
        label=_("What was discussed (markdown)"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    next_steps = forms.CharField(
        label=_("Agreed next steps (markdown)"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EssentialsForm(forms.Form):
    in_place = forms.MultipleChoiceField(
        label=_("In place this period"),
        choices=[(e.code, e.name) for e in ESSENTIALS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def current_period(today: datetime.date) -> Period:
    return recent_periods(today, 1)[0]
