"""What worked where, over the API and the page: interventions with the schools that tried
them and each school's measured outcome, only from what partners may see, for the
network's members only, with small numbers hidden and no total that gives them back."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.db import connection
from rest_framework.test import APIClient

from casestudies.models import CaseStudy, Publication
from tests.conftest import client_for
from tests.discussions.conftest import Rooms
from tests.discussions.test_adoption_cycles import adopt, measured_case, proposal
from tests.discussions.test_room_api import api
from tests.measures import measured_attendance_case, weeks_ago

TITLE = "Bellen bij de eerste afwezigheid"


def evidence(rooms: Rooms, username: str = "teacher1", **params: str) -> Any:
    return api(rooms, username).get(f"/api/networks/{rooms.demo.network_a.pk}/evidence/", params)


def by_title(answer: Any, title: str = TITLE) -> dict[str, Any]:
    return next(i for i in answer.data["interventions"] if i["title"] == title)


def adopted_and_evaluated(rooms: Rooms, *, n: int = 100) -> CaseStudy:
    case = measured_case(rooms, n=n)
    made = proposal(rooms, TITLE)
    chosen = {"school": rooms.demo.school2.pk, "case": case.pk, "start_date": str(weeks_ago(9))}
    assert adopt(rooms, "teacher2", made["id"], chosen).status_code == 201
    evaluated = api(rooms, "teacher2").put(f"/api/cases/{case.pk}/evaluation/", {}, format="json")
    assert evaluated.status_code == 200, evaluated.data
    return case


def test_only_members_of_the_network_see_the_map(rooms: Rooms):
    network = rooms.demo.network_a.pk
    assert evidence(rooms, "outsider").status_code == 404
    assert APIClient().get(f"/api/networks/{network}/evidence/").status_code == 401
    assert (
        client_for(rooms.demo.outsider).get(f"/netwerken/{network}/wat-werkte-waar/").status_code
        == 404
    )
    for fmt in ("csv", "xlsx"):
        url = f"/netwerken/{network}/wat-werkte-waar/export.{fmt}"
        assert client_for(rooms.demo.outsider).get(url).status_code == 404
    assert evidence(rooms, "teacher1").status_code == 200
    missing = api(rooms, "teacher1").get("/api/networks/999999/evidence/")
    assert missing.status_code == 404


def test_an_adopted_proposal_shows_the_school_its_context_and_its_measured_outcome(rooms: Rooms):
    adopted_and_evaluated(rooms)
    intervention = by_title(evidence(rooms))
    assert intervention["kind"] == "proposal"
    assert intervention["pupils"] == 100
    [school] = intervention["schools"]
    assert school["school"] == "Basisschool De Regenboog"
    assert school["sector"] == rooms.demo.school2.sector
    assert (school["outcome"], school["goal_reached"]) == ("improved", True)
    assert (school["baseline"], school["value"], school["change"]) == ("89.5", "95", "+5.5")
    assert (school["measure"], school["unit"], school["n"]) == ("Aanwezigheid leerjaar 2", "%", 100)


def test_an_adoption_not_yet_evaluated_is_pending_without_numbers(rooms: Rooms):
    case = measured_case(rooms)
    made = proposal(rooms, TITLE)
    chosen = {"school": rooms.demo.school2.pk, "case": case.pk}
    assert adopt(rooms, "teacher2", made["id"], chosen).status_code == 201
    [school] = by_title(evidence(rooms))["schools"]
    assert (school["outcome"], school["value"], school["n"]) == ("pending", None, None)


def test_numbers_from_fewer_than_ten_pupils_never_show_nor_follow_from_the_total(rooms: Rooms):
    small = measured_attendance_case(rooms.demo.team1, rooms.demo.teacher1, n=8)
    large = measured_case(rooms, n=40)
    made = proposal(rooms, TITLE)
    for username, school, case in (
        ("teacher1", rooms.demo.school1, small),
        ("teacher2", rooms.demo.school2, large),
    ):
        chosen = {"school": school.pk, "case": case.pk, "start_date": str(weeks_ago(9))}
        assert adopt(rooms, username, made["id"], chosen).status_code == 201
        assert (
            api(rooms, username)
            .put(f"/api/cases/{case.pk}/evaluation/", {}, format="json")
            .status_code
            == 200
        )
    answer = evidence(rooms)
    intervention = by_title(answer)
    shown = {school["school"]: school for school in intervention["schools"]}
    tiny = shown[rooms.demo.school1.name]
    assert (tiny["n"], tiny["baseline"], tiny["value"], tiny["change"]) == ("<10",) * 4
    # The total is shown, so the larger school's count is hidden too: 48 - 40 would be 8.
    assert intervention["pupils"] == 48
    assert shown[rooms.demo.school2.name]["n"] == "x"
    # A filter that shows one school keeps the same protection and the same total.
    external = evidence(rooms, sector=rooms.demo.school2.sector, q="")
    kept = by_title(external)
    assert kept["pupils"] == 48
    assert all(school["n"] in ("<10", "x") for school in kept["schools"])


def test_the_filters_narrow_the_schools_and_refuse_unknown_values(rooms: Rooms):
    adopted_and_evaluated(rooms)
    assert TITLE in {i["title"] for i in evidence(rooms, outcome="improved").data["interventions"]}
    assert TITLE not in {
        i["title"] for i in evidence(rooms, outcome="worsened").data["interventions"]
    }
    other_sector = next(s for s in ("po", "vo", "mbo") if s != rooms.demo.school2.sector)
    assert TITLE not in {
        i["title"] for i in evidence(rooms, sector=other_sector).data["interventions"]
    }
    coach = by_title(evidence(rooms))["schools"][0]["coach"]
    kind = coach[0] if coach else "none"
    assert TITLE in {i["title"] for i in evidence(rooms, coach=kind).data["interventions"]}
    for name, value in (("outcome", "great"), ("coach", "both"), ("theme", "x"), ("sector", "hbo")):
        refused = evidence(rooms, **{name: value})
        assert refused.status_code == 400
        assert name in refused.data


def test_search_finds_interventions_by_their_words(rooms: Rooms):
    adopted_and_evaluated(rooms)
    found = {i["title"] for i in evidence(rooms, q="afwezigheid bellen").data["interventions"]}
    assert TITLE in found
    assert TITLE not in {i["title"] for i in evidence(rooms, q="rekenen").data["interventions"]}
    assert evidence(rooms, q="x" * 201).status_code == 400


def test_search_on_postgresql_reads_dutch(rooms: Rooms, postgres: None):
    adopted_and_evaluated(rooms)
    # "belt" and "bellen", "afwezigheden" and "afwezigheid" share their Dutch stem.
    assert connection.vendor == "postgresql"
    found = {i["title"] for i in evidence(rooms, q="afwezigheden").data["interventions"]}
    assert TITLE in found


def test_actions_of_published_cases_come_with_a_link_and_drafts_never_show(rooms: Rooms):
    published = Publication.objects.filter(withdrawn_at__isnull=True, networks=rooms.demo.network_a)
    answer = evidence(rooms)
    actions = [i for i in answer.data["interventions"] if i["kind"] == "action"]
    linked = {case["id"] for i in actions for s in i["schools"] for case in s["cases"]}
    assert linked <= set(published.values_list("pk", flat=True))
    drafts = CaseStudy.objects.filter(publications__isnull=True)
    draft_actions = {a.description for case in drafts for a in case.actions.all()}
    shown_titles = {i["title"] for i in actions}
    assert (
        not (draft_actions - {a["description"] for p in published for a in p.snapshot["actions"]})
        & shown_titles
    )
    if actions:
        page = client_for(rooms.demo.teacher1).get(
            f"/netwerken/{rooms.demo.network_a.pk}/wat-werkte-waar/"
        )
        assert f"/publicaties/{next(iter(linked))}/" in page.content.decode()


def test_the_page_and_its_downloads_show_the_same_rows(rooms: Rooms):
    adopted_and_evaluated(rooms)
    client = client_for(rooms.demo.teacher1)
    base = f"/netwerken/{rooms.demo.network_a.pk}/wat-werkte-waar/"
    page = client.get(base, {"outcome": "improved"})
    assert page.status_code == 200
    assert TITLE in page.content.decode()
    csv = client.get(f"{base}export.csv", {"outcome": "improved"})
    assert csv["Content-Type"].startswith("text/csv")
    assert TITLE in csv.content.decode("utf-8-sig")
    xlsx = client.get(f"{base}export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert TITLE in [row[0] for row in sheet.iter_rows(values_only=True)]
    assert client.get(f"{base}export.pdf").status_code == 404


def test_the_page_writes_measured_outcomes_in_the_readers_language(rooms: Rooms):
    adopted_and_evaluated(rooms)
    base = f"/netwerken/{rooms.demo.network_a.pk}/wat-werkte-waar/"
    dutch = client_for(rooms.demo.teacher1).get(base).content.decode()
    assert "89,5 → 95 % (+5,5)" in dutch
    assert "89.5" not in dutch
    english_client = client_for(rooms.demo.teacher1)
    english_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    english = english_client.get(base).content.decode()
    assert "89.5 → 95 % (+5.5)" in english


def test_the_csv_keeps_counts_whole_and_changes_as_numbers(rooms: Rooms):
    adopted_and_evaluated(rooms)
    pending = measured_case(rooms)  # a second adoption without numbers leaves gaps
    made = proposal(rooms, "Nog niet gemeten")
    chosen = {"school": rooms.demo.school2.pk, "case": pending.pk}
    assert adopt(rooms, "teacher2", made["id"], chosen).status_code == 201
    answer = client_for(rooms.demo.teacher1).get(
        f"/netwerken/{rooms.demo.network_a.pk}/wat-werkte-waar/export.csv"
    )
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    measured = next(row for row in rows if row["Interventie"] == TITLE)
    assert measured["Verandering"] == "+5.5"
    assert measured["Leerlingen"] == "100"
    assert all(not row["Leerlingen"].endswith(".0") for row in rows)


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1"])
def test_a_downloaded_title_is_never_run_as_a_formula(rooms: Rooms, text: str):
    case = measured_case(rooms)
    made = proposal(rooms, text)
    assert (
        adopt(
            rooms, "teacher2", made["id"], {"school": rooms.demo.school2.pk, "case": case.pk}
        ).status_code
        == 201
    )
    csv = client_for(rooms.demo.teacher1).get(
        f"/netwerken/{rooms.demo.network_a.pk}/wat-werkte-waar/export.csv"
    )
    assert f"'{text}" in csv.content.decode("utf-8-sig").replace('""', '"')
