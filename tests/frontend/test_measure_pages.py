"""The measures pages: the case page lists and adds measures, the measure page shows its
run chart, signals, actions and table, and takes points by hand and from CSV."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casestudies import services
from casestudies.models import MeasurePoint
from tests.conftest import Demo, client_for
from tests.measures import (
    AFTER_ACTION,
    BASELINE,
    add_series,
    attendance_case,
    start_action,
    weeks_ago,
)

TODAY = timezone.localdate()


@pytest.fixture
def case(demo: Demo):
    return attendance_case(demo.team1, demo.teacher1)


def test_the_case_page_adds_a_measure_and_opens_its_page(demo: Demo, case):
    client = client_for(demo.teacher1)
    response = client.post(
        f"/casussen/{case.pk}/",
        {
            "action": "measure",
            "msr-name": "Aanwezigheid",
            "msr-unit": "%",
            "msr-kind": "percentage",
            "msr-direction": "up",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/metingen/")
    assert b"Aanwezigheid" in client.get(f"/casussen/{case.pk}/").content


def test_the_measure_page_draws_the_chart_with_the_table_and_signals(demo: Demo, case):
    measure = services.add_measure(
        case=case,
        name="Aanwezigheid",
        unit="%",
        kind="percentage",
        direction="up",
        baseline_until=weeks_ago(10),
    )
    add_series(measure, BASELINE, start_weeks=15)
    services.record_point(measure=measure, date=weeks_ago(16), value=86, n=8)
    start_action(case, measure)
    add_series(measure, AFTER_ACTION, start_weeks=9)
    page = client_for(demo.teacher1).get(f"/metingen/{measure.pk}/", HTTP_ACCEPT_LANGUAGE="nl")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html
    assert "Verschuiving" in html
    assert "In de gewenste richting verschoven" in html
    assert "A1" in html


def test_points_by_hand_and_by_csv_and_bad_files_save_nothing(demo: Demo, case):
    measure = services.add_measure(case=case, name="Leesniveau", kind="mean", direction="up")
    client = client_for(demo.teacher1)
    url = f"/metingen/{measure.pk}/"
    client.post(url, {"action": "point", "date": str(TODAY), "value": "6,5", "n": "20"})
    assert MeasurePoint.objects.get().n == 20
    bad = SimpleUploadedFile("m.csv", b"01-09-2025;6,5;20\n01-10-2025,7,20\n")
    response = client.post(url, {"action": "import", "file": bad})
    assert response.status_code == 200
    assert MeasurePoint.objects.count() == 1
    good = SimpleUploadedFile("m.csv", b"datum;waarde;n\n01-09-2025;6,5;20\n01-10-2025;7;21\n")
    client.post(url, {"action": "import", "file": good})
    assert MeasurePoint.objects.count() == 3


def test_a_measure_of_another_schools_case_is_not_found(demo: Demo, case):
    measure = services.add_measure(case=case, name="Leesniveau", kind="mean", direction="up")
    for person in (demo.teacher2, demo.outsider):
        assert client_for(person).get(f"/metingen/{measure.pk}/").status_code == 404


def test_the_published_snapshot_holds_the_run_chart_with_small_groups_hidden(demo: Demo, case):
    services.set_goal(
        case=case,
        description="De aanwezigheid in leerjaar 2 stijgt van 89% naar 94% dit jaar.",
        indicator="aanwezigheid",
        target_value=Decimal("94"),
        deadline=TODAY + datetime.timedelta(days=100),
    )
    measure = services.add_measure(
        case=case, name="Aanwezigheid", unit="%", kind="percentage", direction="up"
    )
    services.record_point(
        measure=measure, date=TODAY - datetime.timedelta(days=14), value=71.3, n=7
    )
    services.record_point(measure=measure, date=TODAY, value=88, n=120)
    services.submit_for_review(case=case)
    services.approve_case(case=case, person=demo.leader1)
    publication = services.publish_case(
        case=case, person=demo.leader1, networks=[demo.network_a], name_school=False
    )
    chart = publication.snapshot["measures"][0]["chart"]
    assert [p["value"] for p in chart["points"]] == [None, 88.0]
    assert "71.3" not in str(publication.snapshot)
    page = client_for(demo.teacher2).get(f"/publicaties/{publication.pk}/")
    html = page.content.decode()
    assert "&lt;10" in html
    assert "<svg" in html
    assert "71,3" not in html
    assert "71.3" not in html


def test_step_six_holds_a_conclusion_per_hypothesis(demo: Demo, case):
    hypothesis = services.add_hypothesis(case=case, statement="Lange reistijd verklaart verzuim.")
    client = client_for(demo.teacher1)
    page = client.get(f"/casussen/{case.pk}/?stap=6")
    assert f'id="conclusion-{hypothesis.pk}"' in page.content.decode()
    client.post(
        f"/casussen/{case.pk}/?stap=6",
        {"action": "conclude", "id": hypothesis.pk, "conclusion": "Verworpen: geen verband."},
    )
    hypothesis.refresh_from_db()
    assert hypothesis.conclusion == "Verworpen: geen verband."


def test_points_are_computed_from_a_dataset_chosen_on_the_page(demo: Demo, case):
    from tests.casestudies.test_measures import accepted_dataset

    measure = services.add_measure(
        case=case, name="Zittenblijvers", kind="percentage", direction="down"
    )
    client = client_for(demo.teacher1)
    assert b'id="from-dataset"' not in client.get(f"/metingen/{measure.pk}/").content
    dataset = accepted_dataset(demo)
    services.accept_dataset(dataset=dataset, person=demo.leader1)
    page = client.get(f"/metingen/{measure.pk}/", {"dataset": dataset.pk})
    assert b'<option value="schooljaar"' in page.content  # the dataset's columns to pick
    form = {
        "action": "dataset",
        "dataset": dataset.pk,
        "column": "doorstroom",
        "aggregation": "percentage",
        "equals": "zittenblijver",
        "period_column": "schooljaar",
    }
    wrong = client.post(f"/metingen/{measure.pk}/", form | {"period_column": "cijfer"})
    assert wrong.status_code == 200
    assert "is geen datum of schooljaar" in wrong.content.decode()
    assert not measure.points.exists()  # nothing half-saved
    unknown = client.post(f"/metingen/{measure.pk}/", form | {"column": "bsn"})
    assert unknown.status_code == 200
    assert not measure.points.exists()
    done = client.post(f"/metingen/{measure.pk}/", form)
    assert done.status_code == 302
    points = measure.points.values_list("date", "value", "n")
    assert [(str(d), float(v), n) for d, v, n in points] == [
        ("2023-07-31", 20.0, 20),
        ("2024-07-31", 20.0, 20),
    ]


def test_another_schools_dataset_cannot_feed_a_measure(demo: Demo):
    from tests.casestudies.test_measures import accepted_dataset

    dataset = accepted_dataset(demo)  # school 1's
    services.accept_dataset(dataset=dataset, person=demo.leader1)
    theirs = attendance_case(demo.team2, demo.teacher2)
    measure = services.add_measure(case=theirs, name="X", kind="percentage", direction="up")
    form = {
        "action": "dataset",
        "dataset": dataset.pk,
        "column": "doorstroom",
        "aggregation": "count",
        "equals": "zittenblijver",
        "period_column": "schooljaar",
    }
    answer = client_for(demo.teacher2).post(f"/metingen/{measure.pk}/", form)
    assert answer.status_code == 200  # not a choice on this page
    assert not measure.points.exists()


def test_an_actions_hypothesis_measure_and_start_are_changed_on_the_page(demo: Demo, case):
    hypothesis = services.add_hypothesis(case=case, statement="Ouders weten niet van verzuim.")
    measure = services.add_measure(
        case=case, name="Aanwezigheid", kind="percentage", direction="up"
    )
    action = services.add_action(case=case, description="Bellen", owner="mentoren", due_date=TODAY)
    client = client_for(demo.teacher1)
    step = case.cycle.step_for_part("action_plan").number
    url = f"/casussen/{case.pk}/?stap={step}"
    assert f'id="act{action.pk}_measure"' in client.get(url).content.decode()
    other = attendance_case(demo.team2, demo.teacher2, "Verzuim elders")
    theirs = services.add_measure(case=other, name="Elders", kind="percentage", direction="up")
    link = {"action": "action_link", "id": action.pk, "hypothesis": hypothesis.pk}
    refused = client.post(url, link | {"measure": theirs.pk})
    assert refused.status_code == 200  # not a choice: the form shows its error
    assert not case.actions.filter(measure__isnull=False).exists()
    saved = client.post(url, link | {"measure": measure.pk, "start_date": str(weeks_ago(3))})
    assert saved.status_code == 302
    action.refresh_from_db()
    assert (action.hypothesis, action.measure, action.start_date) == (
        hypothesis,
        measure,
        weeks_ago(3),
    )
    assert "A1" in client.get(f"/metingen/{measure.pk}/").content.decode()
    other_action = services.add_action(case=other, description="X", owner="Y", due_date=TODAY)
    foreign = client.post(url, link | {"id": other_action.pk})
    assert foreign.status_code == 404
