"""Shared setup for the measures tests: an attendance case of the demo's datateam, and
series of weekly measurements ending in the past."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone

from casestudies import services
from casestudies.models import CaseStudy, Measure
from schools.models import Datateam, User

BASELINE = [88, 90, 87, 91, 89, 90]  # weeks 15 to 10 ago: around 89.5
AFTER_ACTION = [94, 93, 95, 94, 96, 95, 97, 96]  # weeks 9 to 2 ago: all above


def weeks_ago(weeks: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(weeks=weeks)


def attendance_case(team: Datateam, person: User, title: str = "Verzuim leerjaar 2") -> CaseStudy:
    return services.start_case_study(
        datateam=team, person=person, title=title, theme="attendance", template="datateam_8"
    )


def add_series(measure: Measure, values: Sequence[float], start_weeks: int, n: int = 100) -> None:
    """One point a week, the first `start_weeks` weeks ago."""
    for offset, value in enumerate(values):
        services.record_point(
            measure=measure, date=weeks_ago(start_weeks - offset), value=value, n=n
        )


def start_action(case: CaseStudy, measure: Measure, weeks: int = 9) -> None:
    services.add_action(
        case=case,
        description="Mentoren bellen bij de eerste ongeoorloofde afwezigheid",
        owner="mentoren",
        due_date=timezone.localdate(),
        measure=measure,
        start_date=weeks_ago(weeks),
    )


def measured_attendance_case(
    team: Datateam, person: User, *, n: int = 100, after: Sequence[float] = AFTER_ACTION
) -> CaseStudy:
    """A running attendance cycle with a SMART goal (89% to 94%) and its measure: 6 weekly
    points before an action that starts 9 weeks ago, and `after` from then on."""
    case = attendance_case(team, person)
    services.set_goal(
        case=case,
        description="De aanwezigheid in leerjaar 2 stijgt van 89% naar 94% dit schooljaar.",
        indicator="percentage aanwezig",
        baseline_value=Decimal("89"),
        baseline_date=weeks_ago(15),
        target_value=Decimal("94"),
        deadline=timezone.localdate() + datetime.timedelta(days=200),
    )
    measure = services.add_measure(
        case=case, name="Aanwezigheid leerjaar 2", kind="percentage", direction="up", unit="%"
    )
    add_series(measure, BASELINE, 15, n=n)
    add_series(measure, after, 9, n=n)
    return case
