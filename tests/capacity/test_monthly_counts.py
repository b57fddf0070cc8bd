"""The monthly counts the database keeps beside the ledger: equal to the ledger grouped by
network, month, school and category after every way rows arrive and go, and what the
network dashboard's contributions per month read."""

from __future__ import annotations

import datetime
import threading
from collections import Counter

import pytest
from django.db import connection, connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from capacity.dashboard import network_dashboard
from capacity.ledger import ContributionFields, build, record, record_many
from capacity.models import Contribution, MonthlyCount
from capacity.periods import Filters
from capacity.rules import Category
from tests.conftest import Demo

CATEGORIES = list(Category.values)
DAYS = [datetime.date(2025, 9, 1) + datetime.timedelta(days=n) for n in range(0, 120, 9)]


def ledger_grouped() -> Counter[tuple[int, datetime.date, int, str]]:
    counted: Counter[tuple[int, datetime.date, int, str]] = Counter()
    for network, school, day, category in Contribution.objects.values_list(
        "network_id", "school_id", "occurred_on", "category"
    ):
        counted[(network, day.replace(day=1), school or 0, category)] += 1
    return counted


def kept() -> Counter[tuple[int, datetime.date, int, str]]:
    return Counter(
        {
            (network, month, school, category): count
            for network, month, school, category, count in MonthlyCount.objects.values_list(
                "network_id", "month", "school_key", "category", "count"
            )
        }
    )


def add(demo: Demo, school, category: str, on: datetime.date, times: int = 1) -> None:
    Contribution.objects.bulk_create(
        Contribution(
            network=demo.network_a, school=school, category=category, rule="manual", occurred_on=on
        )
        for _ in range(times)
    )


def test_every_way_rows_arrive_and_go_is_counted(demo: Demo):
    start = kept()
    assert start == ledger_grouped()  # the demo's ledger, counted by the migration's trigger
    once: ContributionFields = {
        "rule": "manual",
        "category": "knowledge",
        "network": demo.network_a,
        "school": demo.school1,
        "occurred_on": datetime.date(2025, 10, 3),
        "source_key": "test:one",
    }
    record(**once)
    record(**once)  # the same source again: nothing new, nothing counted twice
    record_many(
        [
            build(
                rule="manual",
                category="motivation",
                network=demo.network_a,
                school=school,
                occurred_on=datetime.date(2025, 10, day),
                source_key=f"test:many:{school and school.pk}:{day}",
            )
            for school in (demo.school1, demo.school2, None)
            for day in (1, 15, 31)
        ]
    )
    add(demo, demo.school2, "capacity", datetime.date(2025, 11, 30), times=4)
    assert kept() == ledger_grouped()
    october = (demo.network_a.pk, datetime.date(2025, 10, 1))
    assert kept()[(*october, 0, "motivation")] - start[(*october, 0, "motivation")] == 3

    # Moved to another month and category, one row and many at once.
    moved = Contribution.objects.filter(source_key="test:one").get()
    moved.occurred_on, moved.category = datetime.date(2025, 12, 2), "cocreation"
    moved.save()
    Contribution.objects.filter(category="capacity", school=demo.school2).update(
        occurred_on=datetime.date(2026, 1, 5)
    )
    assert kept() == ledger_grouped()

    # Gone: one row, a whole month, and a school with its ledger (a cascade).
    Contribution.objects.filter(source_key=f"test:many:{demo.school1.pk}:1").delete()
    Contribution.objects.filter(occurred_on__month=10, occurred_on__year=2025).delete()
    assert kept() == ledger_grouped()
    assert not MonthlyCount.objects.filter(count__lte=0).exists()
    gone = demo.school2.pk
    assert MonthlyCount.objects.filter(school_key=gone).exists()
    demo.school2.delete()
    assert kept() == ledger_grouped()
    assert not MonthlyCount.objects.filter(school_key=gone).exists()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["add", "move", "recategorise", "delete"]),
            st.integers(0, len(DAYS) - 1),
            st.sampled_from(CATEGORIES),
            st.integers(1, 3),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_any_sequence_of_changes_leaves_the_counts_equal_to_the_ledger(demo: Demo, steps):
    with transaction.atomic():
        for operation, day, category, times in steps:
            rows = Contribution.objects.filter(network=demo.network_a).order_by("pk")
            if operation == "add":
                add(demo, demo.school1 if times % 2 else None, category, DAYS[day], times)
            elif operation == "move":
                rows.filter(pk__in=rows.values("pk")[:times]).update(occurred_on=DAYS[day])
            elif operation == "recategorise":
                rows.filter(occurred_on__gte=DAYS[day]).update(category=category)
            else:
                rows.filter(pk__in=rows.values("pk")[:times]).delete()
        assert kept() == ledger_grouped()
        transaction.set_rollback(True)


@pytest.mark.django_db(transaction=True)
def test_concurrent_recording_in_one_month_loses_no_count(postgres):
    from netwerk.models import LearningNetwork
    from schools.models import School

    network = LearningNetwork.objects.create(name="Gelijktijdig")
    school = School.objects.create(name="School", code="99ZZ", sector="vo", country="NL")
    barrier = threading.Barrier(4)

    def recorder(number: int) -> None:
        try:
            barrier.wait()
            for n in range(25):
                record(
                    rule="manual",
                    category="knowledge",
                    network=network,
                    school=school,
                    occurred_on=datetime.date(2026, 3, 1 + n % 28),
                    source_key=f"test:concurrent:{number}:{n}",
                )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=recorder, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert MonthlyCount.objects.get(network=network, school_key=school.pk).count == 100
    assert kept() == ledger_grouped()


def test_the_dashboard_counts_months_whole_and_in_part(demo: Demo):
    """Whole months come from the monthly counts, the edge days from the ledger: a period
    from 20 October to 10 December counts only the days inside it."""
    Contribution.objects.filter(network=demo.network_a).delete()
    for day in (1, 19, 20, 31):
        add(demo, demo.school1, "knowledge", datetime.date(2025, 10, day))
    add(demo, demo.school2, "knowledge", datetime.date(2025, 11, 15), times=5)
    for day in (10, 11):
        add(demo, demo.school1, "knowledge", datetime.date(2025, 12, day))
    period = Filters(start=datetime.date(2025, 10, 20), end=datetime.date(2025, 12, 10))

    table = network_dashboard(demo.network_a, period, with_charts=False).table(
        "contributions_per_month"
    )
    knowledge = table.columns.index("Sharing knowledge")
    counts = {row[0]: row[knowledge] for row in table.rows}
    assert counts == {"2025-10": 2, "2025-11": 5, "2025-12": 1, "Total": 8}

    within = Filters(start=datetime.date(2025, 10, 5), end=datetime.date(2025, 10, 25))
    table = network_dashboard(demo.network_a, within, with_charts=False).table(
        "contributions_per_month"
    )
    assert {row[0]: row[knowledge] for row in table.rows} == {"2025-10": 2, "Total": 2}

    sector = demo.school2.sector
    only = Filters(start=period.start, end=period.end, sector=sector)
    table = network_dashboard(demo.network_a, only, with_charts=False).table(
        "contributions_per_month"
    )
    expected = 5 + (3 if demo.school1.sector == sector else 0)
    assert {row[0]: row[knowledge] for row in table.rows}["Total"] == expected


def test_the_dashboard_reads_the_counts_not_the_ledger(demo: Demo):
    """A whole-month period does not scan the ledger for its monthly table."""
    from django.test.utils import CaptureQueriesContext

    period = Filters(start=datetime.date(2025, 8, 1), end=datetime.date(2026, 7, 31))
    with CaptureQueriesContext(connection) as captured:
        network_dashboard(demo.network_a, period, with_charts=False)
    monthly = [q["sql"] for q in captured.captured_queries if "capacity_monthlycount" in q["sql"]]
    assert len(monthly) == 1
    grouped_by_day = [
        q["sql"]
        for q in captured.captured_queries
        if "capacity_contribution" in q["sql"]
        and 'GROUP BY "capacity_contribution"."occurred_on"' in q["sql"]
    ]
    assert grouped_by_day == []
