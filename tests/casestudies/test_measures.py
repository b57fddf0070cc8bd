"""Measures and run charts through the API contract of DESIGN.md: who may write, what a
point may be, the CSV import, and the Anhøj statistics of the run chart."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from casestudies import services
from casestudies.models import Measure, MeasurePoint
from casestudies.services import runs
from tests.conftest import Demo
from tests.measures import (
    AFTER_ACTION,
    BASELINE,
    add_series,
    attendance_case,
    start_action,
    weeks_ago,
)

TODAY = timezone.localdate()
RUN_CHART_KEYS = {
    "points",
    "median",
    "useful",
    "longest_run",
    "longest_run_max",
    "crossings",
    "crossings_min",
    "signals",
}


def api(user, language: str = "en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


@pytest.fixture
def case(demo: Demo):
    return attendance_case(demo.team1, demo.teacher1)


@pytest.fixture
def measure(case) -> Measure:
    return services.add_measure(
        case=case, name="Aanwezigheid", unit="%", kind="percentage", direction="up"
    )


def test_a_team_member_adds_a_measure_and_gets_its_id(demo: Demo, case):
    response = api(demo.teacher1).post(
        f"/api/cases/{case.pk}/measures/",
        {"name": "Gemiddeld leesniveau", "unit": "AVI", "kind": "mean", "direction": "up"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Measure.objects.get(pk=response.json()["id"]).case == case
    listed = api(demo.teacher1).get(f"/api/cases/{case.pk}/measures/").json()
    assert [m["id"] for m in listed] == [response.json()["id"]]


def test_a_point_on_a_date_that_has_one_replaces_it(demo: Demo, measure):
    url = f"/api/measures/{measure.pk}/points/"
    first = api(demo.teacher1).post(url, {"date": str(weeks_ago(2)), "value": 91, "n": 120})
    again = api(demo.teacher1).post(
        url, {"date": str(weeks_ago(2)), "value": "92,5", "n": 118, "note": "herteld"}
    )
    assert (first.status_code, again.status_code) == (201, 201)
    point = MeasurePoint.objects.get(measure=measure)
    assert (point.value, point.n, point.note) == (Decimal("92.5"), 118, "herteld")


def test_the_run_chart_answers_the_contract_in_date_order(demo: Demo, measure):
    for weeks, value in [(3, 90), (5, 88), (4, 93)]:
        services.record_point(measure=measure, date=weeks_ago(weeks), value=value, n=100)
    chart = api(demo.teacher1).get(f"/api/measures/{measure.pk}/run-chart/").json()
    assert set(chart) == RUN_CHART_KEYS
    assert [p["value"] for p in chart["points"]] == [88, 93, 90]
    assert chart["points"][0] == {"date": str(weeks_ago(5)), "value": 88.0, "n": 100}
    assert (chart["median"], chart["useful"], chart["signals"]) == (90.0, 2, [])


@pytest.mark.parametrize(
    ("point", "field"),
    [
        ({"date": str(TODAY + datetime.timedelta(days=1)), "value": 90}, "non_field_errors"),
        ({"date": str(TODAY), "value": "veel"}, "value"),
        ({"date": str(TODAY), "value": 101}, "non_field_errors"),
        ({"date": str(TODAY), "value": -1}, "non_field_errors"),
        ({"date": str(TODAY), "value": 50, "n": 0}, "non_field_errors"),
        ({"date": "31-02-2025", "value": 50}, "date"),
    ],
)
def test_a_bad_point_is_refused_and_nothing_is_saved(demo: Demo, measure, point, field):
    response = api(demo.teacher1).post(f"/api/measures/{measure.pk}/points/", point, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not MeasurePoint.objects.exists()


def test_errors_speak_the_readers_language(demo: Demo, measure):
    future = str(TODAY + datetime.timedelta(days=3))
    response = api(demo.teacher1, "nl").post(
        f"/api/measures/{measure.pk}/points/", {"date": future, "value": 80}, format="json"
    )
    assert response.json()["non_field_errors"] == ["Een meting kan niet in de toekomst liggen."]


def test_a_csv_with_dutch_dates_and_decimal_commas_is_imported(demo: Demo, measure):
    text = (
        "datum;waarde;n\n"
        f"{weeks_ago(3):%d-%m-%Y};91,5;120\n"
        f"{weeks_ago(2):%d-%m-%Y};93;118\n"
        f"{weeks_ago(1):%Y-%m-%d};94,25;\n"
    )
    response = api(demo.teacher1).post(f"/api/measures/{measure.pk}/import/", {"text": text})
    assert response.status_code == 201, response.json()
    assert [p.value for p in measure.points.all()] == [
        Decimal("91.5"),
        Decimal("93"),
        Decimal("94.25"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        f"{weeks_ago(3):%d-%m-%Y};91,5;120\n{weeks_ago(2):%d-%m-%Y},93,118\n",
        f"{weeks_ago(3):%d-%m-%Y};91,5;120\n{TODAY + datetime.timedelta(days=9):%d-%m-%Y};93;1\n",
        f"{weeks_ago(3):%d-%m-%Y};91,5;120\n{weeks_ago(2):%d-%m-%Y};130;118\n",
        f"{weeks_ago(3):%d-%m-%Y};91,5;0\n",
    ],
    ids=["mixed separators", "future date", "over 100 percent", "n is zero"],
)
def test_a_csv_with_a_bad_line_saves_nothing_and_names_the_line(demo: Demo, measure, text):
    services.record_point(measure=measure, date=weeks_ago(3), value=80, n=100)
    response = api(demo.teacher1).post(f"/api/measures/{measure.pk}/import/", {"text": text})
    assert response.status_code == 400
    assert "Line " in str(response.json())
    assert [p.value for p in measure.points.all()] == [Decimal("80")]


def test_a_measure_of_a_case_you_may_not_edit_does_not_exist(demo: Demo, case, measure):
    point = {"date": str(TODAY), "value": 90}
    for person in (demo.teacher2, demo.outsider, demo.coordinator):
        client = api(person)
        assert client.post(f"/api/measures/{measure.pk}/points/", point).status_code == 404
        assert client.get(f"/api/measures/{measure.pk}/run-chart/").status_code == 404
        new = {"name": "X", "kind": "mean", "direction": "up"}
        assert client.post(f"/api/cases/{case.pk}/measures/", new).status_code == 404
    assert not MeasurePoint.objects.exists()
    assert api(demo.coach).get(f"/api/measures/{measure.pk}/run-chart/").status_code == 200


def test_a_shift_appears_after_the_action_and_the_action_shows_its_effect(demo: Demo, case):
    teacher = api(demo.teacher1)
    created = teacher.post(
        f"/api/cases/{case.pk}/measures/",
        {
            "name": "Aanwezigheid",
            "unit": "%",
            "kind": "percentage",
            "direction": "up",
            "baseline_until": str(weeks_ago(10)),
        },
        format="json",
    )
    measure = Measure.objects.get(pk=created.json()["id"])
    add_series(measure, BASELINE, start_weeks=15)
    action = teacher.post(
        f"/api/cases/{case.pk}/actions/",
        {
            "description": "Dagelijks verzuim bellen",
            "owner": "mentor",
            "due_date": str(TODAY),
            "measure": measure.pk,
            "start_date": str(weeks_ago(9)),
        },
        format="json",
    )
    assert action.status_code == 201, action.json()
    add_series(measure, AFTER_ACTION, start_weeks=9)
    chart = teacher.get(f"/api/measures/{measure.pk}/run-chart/").json()
    assert chart["median"] == 89.5
    assert chart["signals"] == ["shift"]
    assert chart["longest_run"] > chart["longest_run_max"]
    reading = runs.read_measure(measure)
    assert runs.action_effect(reading, measure.actions.get()) == "improved"


def test_the_evaluation_reads_the_median_after_the_last_action(demo: Demo, case, measure):
    services.set_goal(
        case=case,
        description="De aanwezigheid in leerjaar 2 stijgt van 89% naar 94% dit jaar.",
        indicator="aanwezigheid",
        baseline_value=Decimal("89"),
        target_value=Decimal("94"),
        deadline=TODAY + datetime.timedelta(days=100),
    )
    add_series(measure, BASELINE, start_weeks=15)
    start_action(case, measure)
    add_series(measure, AFTER_ACTION, start_weeks=9)
    response = api(demo.teacher1).put(
        f"/api/cases/{case.pk}/evaluation/", {"reflection": "Het bellen werkt."}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (Decimal(body["measured_value"]), body["goal_reached"]) == (Decimal("95.00"), True)
    assert Decimal(body["baseline_median"]) == Decimal("89.500")
    assert body["measure"] == measure.pk


def test_an_action_names_a_hypothesis_of_its_own_case_only(demo: Demo, case):
    other = attendance_case(demo.team1, demo.teacher1, title="Ander")
    hypothesis = services.add_hypothesis(case=other, statement="Lange reistijd.")
    response = api(demo.teacher1).post(
        f"/api/cases/{case.pk}/actions/",
        {"description": "X", "owner": "Y", "due_date": str(TODAY), "hypothesis": hypothesis.pk},
        format="json",
    )
    assert response.status_code == 400
    assert not case.actions.exists()


def accepted_dataset(demo: Demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casestudies.services import datasets

    rows = [
        (400000 + i, f"{2022 + i % 2}-{2023 + i % 2}", f"{5 + i % 4},5", i % 5 == 0)
        for i in range(40)
    ]
    export = "leerlingnummer;schooljaar;cijfer;doorstroom\n" + "".join(
        f"{pupil};{year};{mark};{'zittenblijver' if repeats else 'bevorderd'}\n"
        for pupil, year, mark, repeats in rows
    )
    dataset = datasets.upload_dataset(
        school=demo.school1,
        person=demo.teacher1,
        uploaded_file=SimpleUploadedFile("leerlingen.csv", export.encode()),
    )
    dataset = datasets.analyse_dataset(dataset=dataset)
    roles = {
        "leerlingnummer": "direct",
        "schooljaar": "keep",
        "cijfer": "keep",
        "doorstroom": "keep",
    }
    dataset = datasets.confirm_roles(dataset=dataset, roles=roles, k=2, max_suppression=0.2)
    dataset = datasets.anonymise_dataset(dataset=dataset)
    return dataset


def test_points_are_computed_per_school_year_from_an_accepted_dataset(demo: Demo, case):
    dataset = accepted_dataset(demo)
    measure = services.add_measure(
        case=case, name="Zittenblijvers", kind="percentage", direction="down"
    )
    body = {
        "dataset": dataset.pk,
        "column": "doorstroom",
        "aggregation": "percentage",
        "period_column": "schooljaar",
        "equals": "zittenblijver",
    }
    refused = api(demo.teacher1).post(
        f"/api/measures/{measure.pk}/from-dataset/", body, format="json"
    )
    assert refused.status_code == 400  # not accepted by a leader yet
    services.accept_dataset(dataset=dataset, person=demo.leader1)
    response = api(demo.teacher1).post(
        f"/api/measures/{measure.pk}/from-dataset/", body, format="json"
    )
    assert response.status_code == 201, response.json()
    assert [(p["date"], p["value"], p["n"]) for p in response.json()] == [
        ("2023-07-31", 20.0, 20),
        ("2024-07-31", 20.0, 20),
    ]
    mean = services.add_measure(case=case, name="Cijfer", kind="mean", direction="up")
    body |= {"column": "cijfer", "aggregation": "mean"}
    points = (
        api(demo.teacher1)
        .post(f"/api/measures/{mean.pk}/from-dataset/", body, format="json")
        .json()
    )
    assert [p["value"] for p in points] == [6.5, 7.5]
