"""The network dashboard's trends: cycles per step and goals reached per quarter, the
motivation people report after each session, and the leadership building blocks and coach
competencies averaged over the network's schools and coaches. One query per table."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.db.models import Avg, Count, QuerySet
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from capacity import charts, metrics
from capacity.chart_cache import cached_chart
from capacity.models import StepReached
from capacity.periods import Filters
from capacity.tables import Dashboard, DashboardTable, with_label_column
from coaching.access import coaching_any_of
from coaching.competencies import COMPETENCIES
from coaching.models import CoachProfile, SelfRating
from leadership.blocks import BUILDING_BLOCKS
from leadership.models import BlockRating
from meetings.models import SessionFeedback
from netwerk.models import LearningNetwork
from netwerk.periods import Period, period_of
from schools.models import School

RATING_SCALE = (1.0, 5.0)
LEVEL_SCALE = (1.0, 4.0)


def cycles_over_time(
    school_ids: list[int], cases: pd.DataFrame, filters: Filters
) -> DashboardTable:
    rows = StepReached.objects.filter(
        case__datateam__school_id__in=school_ids, reached_on__lte=filters.end
    ).values_list("case_id", "step", "reached_on")
    reached = pd.DataFrame.from_records(list(rows), columns=["case_id", "step", "reached_on"])
    reached["reached_on"] = pd.to_datetime(reached["reached_on"])
    table = metrics.steps_over_time(
        cases, reached, metrics.quarters_between(filters.start, filters.end)
    )
    table.columns = [_("Step %(n)d") % {"n": n} for n in table.columns]
    table[_("Open cycles")] = table.sum(axis=1)
    return DashboardTable(
        "cycles_over_time",
        _("Cycles per step over time"),
        with_label_column(table, _("Quarter")),
        note=_("Open cycles at the end of each quarter, by the step they were at then."),
    )


def goals_reached(cases: pd.DataFrame, filters: Filters) -> DashboardTable:
    table = metrics.goals_per_quarter(cases, metrics.quarters_between(filters.start, filters.end))
    table.columns = [_("Cycles evaluated"), _("Goal reached")]
    return DashboardTable(
        "goals_reached", _("Goals reached per quarter"), with_label_column(table, _("Quarter"))
    )


def motivation(network: LearningNetwork, filters: Filters) -> DashboardTable:
    rows = SessionFeedback.objects.filter(
        session__network=network,
        session__starts_at__date__gte=filters.start,
        session__starts_at__date__lte=filters.end,
    )
    if filters.sector:
        rows = rows.filter(school__sector=filters.sector)
    sessions = (
        rows.values_list("session__starts_at", "session__title")
        .annotate(mean=Avg("motivation"), n=Count("id"))
        .order_by("session__starts_at")
    )
    table = pd.DataFrame(
        [
            (timezone.localtime(moment).date().isoformat(), title, round(mean, 2), n)
            for moment, title, mean, n in sessions
        ],
        columns=[_("Date"), _("Session"), _("Mean motivation (1 to 5)"), _("Responses")],
    )
    return DashboardTable(
        "motivation",
        _("Motivation after each session"),
        table,
        note=_("What participants answered after the session: 1 (low) to 5 (high)."),
    )


def leadership_blocks(school_ids: list[int], filters: Filters) -> DashboardTable:
    ratings = BlockRating.objects.filter(
        reflection__school_id__in=school_ids, reflection__period__in=_period_codes(filters)
    )
    table = _mean_levels(ratings, "reflection__period", "block", "reflection__school")
    names = {block.code: str(block.name) for block in BUILDING_BLOCKS}
    return DashboardTable(
        "leadership",
        _("Leadership building blocks"),
        _levels_table(table, names, _("Schools")),
        note=_(
            "The mean level (1 to 4) the schools' leaders and datateam members gave each "
            "building block; only half years rated by at least %(n)d schools."
        )
        % {"n": metrics.MIN_SCHOOLS_FOR_TRENDS},
    )


def coach_growth(school_ids: list[int], filters: Filters) -> DashboardTable:
    coaches = CoachProfile.objects.filter(coaching_any_of(School.objects.filter(pk__in=school_ids)))
    ratings = SelfRating.objects.filter(
        assessment__profile__in=coaches, assessment__period__in=_period_codes(filters)
    )
    table = _mean_levels(ratings, "assessment__period", "competency", "assessment__profile")
    names = {competency.code: str(competency.name) for competency in COMPETENCIES}
    frame = _levels_table(table, names, _("Coaches"))
    if not frame.empty:
        frame.insert(1, _("All competencies"), frame[list(names.values())].mean(axis=1).round(2))
    return DashboardTable(
        "coach_growth",
        _("Growth of the data coaches"),
        frame,
        note=_(
            "The coaches' own ratings (1 to 4) of the nine competencies, averaged over the "
            "coaches of the network's schools; only half years with at least %(n)d coaches."
        )
        % {"n": metrics.MIN_SCHOOLS_FOR_TRENDS},
    )


def _mean_levels(ratings: QuerySet[Any], period: str, item: str, unit: str) -> pd.DataFrame:
    """Mean level per period and item, with the number of units (schools, coaches) that
    rated it, as one grouped query."""
    rows = (
        ratings.values_list(period, item)
        .annotate(level=Avg("level"), units=Count(unit, distinct=True))
        .order_by()
    )
    return metrics.mean_levels(
        pd.DataFrame.from_records(list(rows), columns=["period", "item", "level", "units"])
    )


def _levels_table(table: pd.DataFrame, names: dict[str, str], units: str) -> pd.DataFrame:
    columns = [_("Half year"), *names.values(), units]
    if table.empty:
        return pd.DataFrame(columns=columns)
    frame = table.reindex(columns=["period", *names, "units"])
    frame["period"] = [Period(int(code[:4]), int(code[-1])).label for code in frame["period"]]
    frame.columns = columns
    return frame


def _period_codes(filters: Filters) -> list[str]:
    """The half years that overlap the period."""
    first, period = period_of(filters.start), period_of(filters.end)
    codes = []
    while period >= first:
        codes.append(period.code)
        period = period.previous()
    return codes


def draw_charts(dashboard: Dashboard) -> None:
    over_time = dashboard.table("cycles_over_time")
    body = over_time.frame
    over_time.chart = cached_chart(
        charts.stacked_bars_svg,
        [str(label) for label in body.iloc[:, 0]],
        {str(name): [float(v) for v in body[name]] for name in body.columns[1:-1]},
        decimal=get_format("DECIMAL_SEPARATOR"),
        counts=True,
        title=over_time.title,
        value_label=_("Open cycles"),
        empty_label=_("No cycles in this period."),
        x_label=_("Quarter"),
    )
    goals = dashboard.table("goals_reached")
    goals.chart = cached_chart(
        charts.bars_svg,
        *_columns(goals.frame, 1),
        decimal=get_format("DECIMAL_SEPARATOR"),
        counts=True,
        title=goals.title,
        value_label=_("Cycles"),
        empty_label=_("No cycles in this period."),
        x_label=_("Quarter"),
    )
    feedback = dashboard.table("motivation")
    feedback.chart = cached_chart(
        charts.lines_svg,
        [str(label) for label in feedback.frame.iloc[:, 0]],
        {feedback.columns[2]: [float(v) for v in feedback.frame.iloc[:, 2]]},
        decimal=get_format("DECIMAL_SEPARATOR"),
        title=feedback.title,
        value_label=_("Mean motivation"),
        empty_label=_("No feedback in this period."),
        x_label=_("Date of the session"),
        value_range=RATING_SCALE,
    )
    for key, first, last in (("leadership", 1, -1), ("coach_growth", 1, 2)):
        table = dashboard.table(key)
        table.chart = cached_chart(
            charts.lines_svg,
            *_columns(table.frame.iloc[:, :last], first),
            decimal=get_format("DECIMAL_SEPARATOR"),
            title=table.title,
            value_label=_("Mean level"),
            empty_label=_("Too few ratings in this period."),
            x_label=_("Half year"),
            value_range=LEVEL_SCALE,
        )


def _columns(frame: pd.DataFrame, first: int) -> tuple[list[str], dict[str, list[float | None]]]:
    labels = [str(label) for label in frame.iloc[:, 0]]
    series = {
        str(name): [None if pd.isna(v) else float(v) for v in frame[name]]
        for name in frame.columns[first:]
    }
    return labels, series
