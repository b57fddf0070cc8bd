"""The coach's cockpit page: every cycle of the schools a coach coaches, sortable, with
the flags that call for her attention. The same rows as `GET /api/coaching/overview/`."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from coaching import cockpit
from coaching.access import schools_coached_by

COLUMNS = [
    ("school", _("School")),
    ("title", _("Cycle")),
    ("step", _("Step")),
    ("days", _("Days in step")),
    ("activity", _("Last activity")),
    ("overdue", _("Overdue actions")),
    ("hypotheses", _("Open hypotheses")),
    ("signals", _("Run-chart signals")),
    ("warnings", _("Method warnings")),
]


@login_required
def coach_cockpit(request: HttpRequest) -> HttpResponse:
    school_id = request.GET.get("school") or None
    school = cockpit.coached_school(request.user, school_id) if school_id else None
    sort = request.GET.get("sort", cockpit.DEFAULT_SORT)
    rows = cockpit.overview(request.user, school=school, sort=sort)
    context = {
        "rows": [
            {**row, "last_date": datetime.date.fromisoformat(row["last_activity"])} for row in rows
        ],
        "school": school,
        "schools": schools_coached_by(request.user),
        "sort": sort,
        "columns": [(key, label, _next_sort(key, sort)) for key, label in COLUMNS],
        "stalled": sum(1 for row in rows if row["stalled"]),
        "stalled_weeks": cockpit.STALLED_AFTER.days // 7,
    }
    return render(request, "coaching/cockpit.html", context)


def _next_sort(key: str, current: str) -> str:
    """A column's link: ascending first, descending when it is already ascending."""
    return f"-{key}" if current == key else key
