"""The demo ledger: two school years of contributions that the dashboard can show."""

from __future__ import annotations

import datetime

from django.utils import timezone

from capacity.dashboard import network_dashboard
from capacity.models import Contribution
from capacity.periods import Filters
from netwerk.models import LearningNetwork


def test_the_demo_ledger_spans_two_school_years():
    network = LearningNetwork.objects.get(coordinators__username="coordinator")
    dates = Contribution.objects.filter(network=network).values_list("occurred_on", flat=True)
    assert min(dates) < datetime.date(2024, 10, 1)
    assert max(dates) > datetime.date(2026, 10, 1)
    rules = set(Contribution.objects.filter(network=network).values_list("rule", flat=True))
    assert {"case_published", "proposal_adopted", "solution_adopted", "coach_trained"} <= rules

    dashboard = network_dashboard(
        network, Filters(datetime.date(2024, 9, 1), timezone.localdate()), with_charts=False
    )
    months = dashboard.table("contributions_per_month").rows
    # Counts of contributions are not pupil data: every cell is shown as a number.
    cells = [value for row in months[:-1] for value in row[1:-1]]
    assert all(isinstance(value, int) for value in cells), cells
    assert (
        sum(1 for value in cells if isinstance(value, int) and value > 0) > 40
    )  # most months had contributions
    assert dashboard.table("adoptions").rows
