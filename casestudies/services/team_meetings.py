"""The datateam's meeting log: when the team met on a cycle, who came, the step it worked
on, what it decided and when it meets next. It is the cycle's sign of life on the coach's
cockpit, and evidence a coach may point to."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casestudies.access import people_on_case
from casestudies.events import TeamMeetingLogged
from casestudies.models import CaseStudy, TeamMeeting
from netwerk.events import emit
from schools.models import User
from schools.services import save_validated


@transaction.atomic
def log_team_meeting(
    *,
    case: CaseStudy,
    person: User,
    held_on: datetime.date,
    step: int,
    decisions: str,
    attendees: list[User],
    next_meeting: datetime.date | None = None,
) -> TeamMeeting:
    """Log a meeting that took place; attendees are people who work on the cycle (its
    datateam, the school's leaders and coaches)."""
    errors = _meeting_problems(case, held_on, step, decisions, attendees, next_meeting)
    if errors:
        raise ValidationError(errors)
    meeting = save_validated(
        TeamMeeting(
            case=case,
            held_on=held_on,
            step=step,
            decisions=decisions.strip(),
            next_meeting=next_meeting,
            recorded_by=person,
        )
    )
    meeting.attendees.set(attendees)
    emit(TeamMeetingLogged(meeting=meeting, person=person))
    return meeting


def _meeting_problems(
    case: CaseStudy,
    held_on: datetime.date,
    step: int,
    decisions: str,
    attendees: list[User],
    next_meeting: datetime.date | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = [_("Log a meeting once it has taken place: this date is ahead.")]
    if step not in {s.number for s in case.cycle.steps}:
        errors["step"] = [_("Choose a step of this cycle.")]
    if not decisions.strip():
        errors["decisions"] = [_("Write down what the team decided.")]
    team = set(people_on_case(case).values_list("pk", flat=True))
    if not attendees:
        errors["attendees"] = [_("Tick who attended.")]
    elif any(person.pk not in team for person in attendees):
        errors["attendees"] = [_("Choose people who work on this cycle.")]
    if next_meeting is not None and next_meeting < held_on:
        errors["next_meeting"] = [_("The next meeting comes after this one.")]
    return errors
