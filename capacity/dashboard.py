"""The network dashboard: a fixed handful of aggregate queries read into DataFrames,
figures from capacity.metrics, charts from capacity.charts.

The network dashboard shows network-level figures (counts of schools, cycles, sessions and
contributions as they are: no pupil data is among them) and schools the way publications
show them; the number of queries does not depend on the number of schools or years.
"""

from __future__ import annotations

import datetime

import pandas as pd
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from capacity import charts, metrics, trends
from capacity.chart_cache import cached_chart
from capacity.models import Contribution, MonthlyCount
from capacity.periods import Filters
from capacity.rules import Category
from capacity.tables import Dashboard, DashboardTable, per_day, with_label_column
from casestudies.cycles import TEMPLATES
from casestudies.models import CaseStudy, Publication
from meetings.models import Attendance
from netwerk.models import LearningNetwork, NetworkMembership
from schools.models import School, anonymous_school_label

GRAPH_PAIRS = 30


def network_dashboard(
    network: LearningNetwork, filters: Filters, *, with_charts: bool = True
) -> Dashboard:
    schools = _member_schools(network, filters)
    labels = network_school_labels(network)
    cases = _cases(schools.index.tolist(), filters)
    dashboard = Dashboard(filters)
    dashboard.tables = [
        _key_figures(network, filters, schools, cases),
        _cycles_per_step(cases),
        trends.cycles_over_time(schools.index.tolist(), cases, filters),
        trends.goals_reached(cases, filters),
        _contributions_per_month(network, filters),
        _adoptions(network, filters, labels, top=GRAPH_PAIRS if with_charts else None),
        _attendance(network, filters),
        trends.motivation(network, filters),
        trends.leadership_blocks(schools.index.tolist(), filters),
        trends.coach_growth(schools.index.tolist(), filters),
    ]
    if with_charts:
        _draw_network_charts(dashboard)
        trends.draw_charts(dashboard)
    return dashboard


def _member_schools(network: LearningNetwork, filters: Filters) -> pd.DataFrame:
    """Schools that were members at some time in the period (one query)."""
    rows = (
        NetworkMembership.objects.filter(network=network, joined_on__lte=filters.end)
        .exclude(left_on__lt=filters.start)
        .values("school_id", "school__name", "school__sector", "school__region")
    )
    if filters.sector:
        rows = rows.filter(school__sector=filters.sector)
    frame = pd.DataFrame.from_records(
        list(rows), columns=["school_id", "school__name", "school__sector", "school__region"]
    )
    return frame.drop_duplicates("school_id").set_index("school_id")


def network_school_labels(network: LearningNetwork) -> dict[int, str]:
    """Each school that was ever a member, as its latest publication in this network shows
    it: by name only when it chose to be named, else "a VO school in Utrecht" (numbered
    when that repeats). Two queries."""
    rows = NetworkMembership.objects.filter(network=network).values(
        "school_id", "school__name", "school__sector", "school__region"
    )
    schools = pd.DataFrame.from_records(
        list(rows), columns=["school_id", "school__name", "school__sector", "school__region"]
    ).drop_duplicates("school_id")
    named: dict[int, bool] = {}
    for school_id, names_school in (
        Publication.objects.filter(networks=network, withdrawn_at__isnull=True)
        .order_by("published_at", "pk")
        .values_list("case__datateam__school_id", "names_school")
    ):
        named[school_id] = names_school
    labels: dict[int, str] = {}
    seen: dict[str, int] = {}
    for row in schools.sort_values("school_id").to_dict("records"):
        school_id = int(row["school_id"])
        if named.get(school_id):
            label = str(row["school__name"])
        else:
            label = anonymous_school_label(row["school__sector"], row["school__region"])
        seen[label] = seen.get(label, 0) + 1
        labels[school_id] = label if seen[label] == 1 else f"{label} ({seen[label]})"
    return labels


def _cases(school_ids: list[int], filters: Filters) -> pd.DataFrame:
    rows = CaseStudy.objects.filter(datateam__school_id__in=school_ids).values_list(
        "pk",
        "datateam__school_id",
        "template",
        "current_step",
        "created_at",
        "evaluation__measured_on",
        "evaluation__goal_reached",
    )
    frame = pd.DataFrame.from_records(list(rows), columns=[*metrics.CASE_COLUMNS, "goal_reached"])
    frame["started"] = (
        pd.to_datetime(frame["started"], utc=True).dt.tz_localize(None).dt.normalize()
    )
    frame["evaluated_on"] = pd.to_datetime(frame["evaluated_on"])
    return metrics.cases_in_period(frame, filters.start, filters.end)


def _network_contributions(network: LearningNetwork, filters: Filters) -> QuerySet[Contribution]:
    rows = Contribution.objects.filter(
        network=network, occurred_on__gte=filters.start, occurred_on__lte=filters.end
    )
    if filters.sector:
        rows = rows.filter(school__sector=filters.sector)
    return rows


def _key_figures(
    network: LearningNetwork, filters: Filters, schools: pd.DataFrame, cases: pd.DataFrame
) -> DashboardTable:
    # One index probe per member school rather than a scan of the whole ledger.
    contributed = Contribution.objects.filter(
        network=network,
        school=OuterRef("pk"),
        occurred_on__gte=filters.start,
        occurred_on__lte=filters.end,
    )
    contributing = set(
        School.objects.filter(pk__in=schools.index.tolist())
        .filter(Exists(contributed))
        .values_list("pk", flat=True)
    )
    active = contributing | (set(cases["school_id"]) & set(schools.index))
    goals = metrics.goal_figures(cases, filters.start, filters.end)
    none = _("no cycle evaluated yet")
    figures = [
        (_("Member schools"), len(schools)),
        (_("Active schools"), len(active)),
        (_("Cycles worked on"), len(cases)),
        (_("Cycles evaluated"), goals.evaluated),
        (_("Cycles that reached their goal"), goals.reached),
        (
            _("Share of evaluated cycles that reached their goal (%)"),
            none if goals.share_reached is None else goals.share_reached,
        ),
        (
            _("Median cycle duration (days)"),
            none if goals.median_days is None else goals.median_days,
        ),
    ]
    return DashboardTable(
        "key_figures",
        _("Key figures"),
        pd.DataFrame(figures, columns=[_("Figure"), _("Value")], dtype=object),
        note=_("Active: a school with a contribution or a cycle worked on in the period."),
    )


def _cycles_per_step(cases: pd.DataFrame) -> DashboardTable:
    counts = metrics.cycles_per_step(cases)
    names = {code: str(TEMPLATES[code].name) for code in metrics.TEMPLATES}
    counts = counts.rename(columns=names)
    counts.index = [_("Step %(n)d") % {"n": n} for n in counts.index]
    table = metrics.with_totals(counts, total_label=_("Total"))
    return DashboardTable(
        "cycles_per_step",
        _("Cycles per step"),
        with_label_column(table, _("Step")),
        note=_("Open cycles and cycles evaluated in the period, at the step they are at now."),
    )


def _contributions_per_month(network: LearningNetwork, filters: Filters) -> DashboardTable:
    counts = metrics.per_month(
        _counts_per_month(network, filters),
        metrics.months_between(filters.start, filters.end),
        list(Category.values),
    )
    return _monthly_table(
        "contributions_per_month",
        _("Contributions per category per month"),
        counts.rename(columns={code: str(label) for code, label in Category.choices}),
    )


def _counts_per_month(network: LearningNetwork, filters: Filters) -> pd.DataFrame:
    """Contributions per month and category (columns `month`, `category`, `n`): the months
    the period covers whole from the monthly counts the database keeps, the days of a
    month it covers in part from the ledger. At most two queries, whatever the size of the
    ledger."""
    first_whole = filters.start if filters.start.day == 1 else _next_month(filters.start)
    end_whole = _month_start(filters.end + datetime.timedelta(days=1))  # exclusive
    frames = []
    if first_whole < end_whole:
        counts = MonthlyCount.objects.filter(
            network=network, month__gte=first_whole, month__lt=end_whole
        )
        if filters.sector:
            sector = School.objects.filter(sector=filters.sector).values("pk")
            counts = counts.filter(school_key__in=sector)
        rows = counts.values_list("month", "category").annotate(n=Sum("count")).order_by()
        frames.append(pd.DataFrame.from_records(list(rows), columns=["month", "category", "n"]))
        if filters.start < first_whole or end_whole <= filters.end:
            days = Q(occurred_on__lt=first_whole) | Q(occurred_on__gte=end_whole)
            ledger = _network_contributions(network, filters).filter(days)
            frames.append(per_day(ledger, "category"))
    else:  # no month lies whole within the period
        frames.append(per_day(_network_contributions(network, filters), "category"))
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _monthly_table(key: str, title: str, counts: pd.DataFrame) -> DashboardTable:
    table = metrics.with_totals(counts, total_label=_("Total"))
    return DashboardTable(key, title, with_label_column(table, _("Month")))


def _adoptions(
    network: LearningNetwork, filters: Filters, labels: dict[int, str], *, top: int | None
) -> DashboardTable:
    """Every pair for exports; a page asks only for the `top` most frequent ones."""
    rows = (
        _network_contributions(network, filters)
        .filter(rule="solution_adopted", counterpart_school__isnull=False)
        .values("school_id", "counterpart_school_id")
        .annotate(n=Count("id"))
        .order_by("-n", "school_id", "counterpart_school_id")
    )
    if top is not None:
        rows = rows[:top]
    edges = metrics.adoption_edges(
        pd.DataFrame.from_records(list(rows), columns=["school_id", "counterpart_school_id", "n"]),
        labels,
    )
    edges.columns = [_("Solution from"), _("Adopted by"), _("Adoptions")]
    note = _("The chart and this table show the %(n)d most frequent pairs; the download holds all.")
    return DashboardTable(
        "adoptions",
        _("Who adopted whose solutions"),
        edges,
        note=note % {"n": GRAPH_PAIRS},
    )


def _attendance(network: LearningNetwork, filters: Filters) -> DashboardTable:
    rows = Attendance.objects.filter(
        session__network=network,
        session__starts_at__date__gte=filters.start,
        session__starts_at__date__lte=filters.end,
    )
    if filters.sector:
        rows = rows.filter(school__sector=filters.sector)
    sessions = (
        rows.values_list("session_id", "session__title", "session__starts_at")
        .annotate(people=Count("id"), schools=Count("school", distinct=True))
        .order_by()
    )
    frame = pd.DataFrame.from_records(
        list(sessions), columns=["session_id", "title", "starts_at", "people", "schools"]
    )
    frame["starts_at"] = [timezone.localtime(moment) for moment in frame["starts_at"]]
    table = metrics.attendance(frame)
    table.columns = [_("Date"), _("Session"), _("People present"), _("Schools present")]
    return DashboardTable("attendance", _("Session attendance"), table)


def _draw_network_charts(dashboard: Dashboard) -> None:
    steps = dashboard.table("cycles_per_step")
    steps.chart = cached_chart(
        charts.bars_svg,
        *_series(steps),
        decimal=get_format("DECIMAL_SEPARATOR"),
        title=steps.title,
        value_label=_("Cycles"),
        empty_label=_("No cycles in this period."),
        x_label=_("Step of the cycle"),
    )
    months = dashboard.table("contributions_per_month")
    months.chart = cached_chart(
        charts.lines_svg,
        *_series(months),
        decimal=get_format("DECIMAL_SEPARATOR"),
        title=months.title,
        value_label=_("Contributions"),
        empty_label=_("No contributions in this period."),
        x_label=_("Month"),
    )
    adoptions = dashboard.table("adoptions")
    edges = [(str(row[0]), str(row[1])) for row in adoptions.rows]
    nodes = sorted({name for edge in edges for name in edge})
    adoptions.chart = cached_chart(
        charts.graph_svg,
        nodes,
        edges,
        title=adoptions.title,
        empty_label=_("No adoptions in this period."),
    )
    attendance = dashboard.table("attendance")
    attendance.chart = cached_chart(
        charts.lines_svg,
        [str(row[0]) for row in attendance.rows],
        {
            _("People present"): [_number(row[2]) for row in attendance.rows],
            _("Schools present"): [_number(row[3]) for row in attendance.rows],
        },
        decimal=get_format("DECIMAL_SEPARATOR"),
        title=attendance.title,
        value_label=_("Present"),
        empty_label=_("No sessions in this period."),
        x_label=_("Date of the session"),
    )


def _series(table: DashboardTable) -> tuple[list[str], dict[str, list[float | None]]]:
    """The labels and a series per column of a published crosstab, totals left out."""
    body = table.frame.iloc[:-1, :-1]
    labels = [str(value) for value in body.iloc[:, 0]]
    return labels, {str(name): [_number(v) for v in body[name]] for name in body.columns[1:]}


def _number(value: object) -> float | None:
    """A cell as a number to draw, None for an empty one."""
    try:
        return float(str(value))
    except ValueError:
        return None


def network_start(network: LearningNetwork) -> datetime.date:
    """Where an unfiltered network dashboard starts: when its first school joined."""
    first = network.memberships.aggregate(first=Min("joined_on"))["first"]
    return first or timezone.localdate().replace(month=1, day=1)
