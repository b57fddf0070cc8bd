"""A school's own dashboard, for its people and its assigned coaches: its cycles and
goals, and what it gave to and received from its networks over time."""

from __future__ import annotations

import datetime

import pandas as pd
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from capacity import charts, metrics
from capacity.models import Contribution
from capacity.periods import Filters
from capacity.rules import Category
from capacity.tables import Dashboard, DashboardTable, per_day, with_label_column
from casestudies.models import CaseStudy
from netwerk.numbers import localised_number
from schools.models import School


def school_dashboard(school: School, filters: Filters, *, with_charts: bool = True) -> Dashboard:
    """For the school's own people and coaches: its cycles and goals, and what it gave
    to and received from its networks over time."""
    dashboard = Dashboard(filters)
    dashboard.tables = [_school_cycles(school, filters), _given_received(school, filters)]
    if with_charts:
        flows = dashboard.table("given_received")
        body = flows.frame
        flows.chart = charts.lines_svg(
            [str(v) for v in body.iloc[:, 0]],
            {str(name): list(body[name].astype(float)) for name in body.columns[1:]},
            title=flows.title,
            value_label=_("Contributions"),
            empty_label=_("Nothing in this period."),
        )
    return dashboard


def _school_cycles(school: School, filters: Filters) -> DashboardTable:
    cases = (
        CaseStudy.objects.filter(datateam__school=school, created_at__date__lte=filters.end)
        .exclude(evaluation__measured_on__lt=filters.start)
        .select_related("goal", "evaluation")
        .order_by("created_at")
    )
    rows = [
        (
            case.title,
            str(case.cycle.name),
            case.current_step,
            case.created_at.date().isoformat(),
            _goal_text(case),
            _reached_text(case),
        )
        for case in cases
    ]
    columns = [_("Cycle"), _("Form"), _("Step"), _("Started"), _("Goal"), _("Goal reached")]
    return DashboardTable("cycles", _("Our cycles and goals"), pd.DataFrame(rows, columns=columns))


def _goal_text(case: CaseStudy) -> str:
    goal = getattr(case, "goal", None)
    if goal is None:
        return ""
    target = "" if goal.target_value is None else f" → {localised_number(goal.target_value)}"
    return f"{goal.indicator or goal.description[:80]}{target}"


def _reached_text(case: CaseStudy) -> str:
    evaluation = getattr(case, "evaluation", None)
    if evaluation is None:
        return _("not evaluated yet")
    return _("yes") if evaluation.goal_reached else _("no")


def _given_received(school: School, filters: Filters) -> DashboardTable:
    period = Contribution.objects.filter(
        occurred_on__gte=filters.start, occurred_on__lte=filters.end
    )
    months = metrics.months_between(filters.start, filters.end)
    table = metrics.per_month(
        per_day(period.filter(school=school), "category"), months, list(Category.values)
    ).rename(columns={c: _("Given: %(c)s") % {"c": label} for c, label in Category.choices})
    taken = per_day(period.filter(counterpart_school=school)).assign(kind="r")
    table[_("Received from other schools")] = metrics.per_month(
        taken, months, ["r"], column="kind"
    )["r"].to_numpy()
    return DashboardTable(
        "given_received",
        _("Contributions given and received"),
        with_label_column(table, _("Month")),
        note=_("Received: this school endorsed or adopted a solution of another school."),
    )


def school_start(school: School) -> datetime.date:
    first = school.network_memberships.aggregate(first=Min("joined_on"))["first"]
    return first or timezone.localdate().replace(month=1, day=1)
