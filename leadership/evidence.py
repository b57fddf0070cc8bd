"""What the platform already knows about a school's data work in a half year, shown beside
its leadership reflection so that the discussion starts from what happened: leaders in a
datateam, network sessions attended, cases published, coaching given and cycles evaluated."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from casestudies.models import CaseStudy, Publication
from meetings.models import Attendance
from netwerk.periods import Period
from schools.models import CoachAssignment, DatateamMembership, School, SchoolMembership, SchoolRole


@dataclass(frozen=True)
class SchoolFacts:
    leaders: int
    leaders_in_datateam: int
    sessions_attended: int
    people_at_sessions: int
    cases_published: int
    cycles_evaluated: int
    internal_coaches: int
    coaches_assigned: int


def period_ends_on(period: Period) -> datetime.date:
    """The last day of a half year: the day before the next one starts."""
    following = Period(period.year, 2) if period.half == 1 else Period(period.year + 1, 1)
    return following.starts_on - datetime.timedelta(days=1)


def school_facts(school: School, period: Period) -> SchoolFacts:
    start, end = period.starts_on, period_ends_on(period)
    leaders = SchoolMembership.objects.filter(school=school, role=SchoolRole.LEADER)
    in_team = DatateamMembership.objects.filter(
        datateam__school=school, person__in=leaders.values("person_id")
    )
    attended = Attendance.objects.filter(
        school=school, session__starts_at__date__gte=start, session__starts_at__date__lte=end
    ).aggregate(sessions=Count("session", distinct=True), people=Count("person", distinct=True))
    active_coaches = Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    return SchoolFacts(
        leaders=leaders.values("person_id").distinct().count(),
        leaders_in_datateam=in_team.values("person_id").distinct().count(),
        sessions_attended=attended["sessions"],
        people_at_sessions=attended["people"],
        cases_published=Publication.objects.filter(
            case__datateam__school=school,
            published_at__date__gte=start,
            published_at__date__lte=end,
        )
        .values("case_id")
        .distinct()
        .count(),
        cycles_evaluated=CaseStudy.objects.filter(
            datateam__school=school,
            evaluation__measured_on__gte=start,
            evaluation__measured_on__lte=end,
        ).count(),
        internal_coaches=SchoolMembership.objects.filter(
            school=school, role=SchoolRole.INTERNAL_COACH
        ).count(),
        coaches_assigned=CoachAssignment.objects.filter(active_coaches, school=school).count(),
    )
