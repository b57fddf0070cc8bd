"""Adopting into a cycle the school chooses, and the measured outcome of that cycle coming
back to the proposal for every partner, over the API."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from casestudies import services as case_services
from casestudies.demo import seed_demo_cases
from casestudies.models import CaseStudy
from discussions import services
from discussions.models import Adoption
from tests.discussions.conftest import Rooms
from tests.discussions.test_room_api import api, post
from tests.measures import AFTER_ACTION, attendance_case, measured_attendance_case, weeks_ago


def proposal(rooms: Rooms, title: str = "Bellen bij de eerste afwezigheid") -> dict[str, Any]:
    made = post(rooms, "teacher1", "proposals/", {"client_id": title[:20], "title": title})
    return dict(made.data)


def adopt(rooms: Rooms, username: str, proposal_id: int, data: dict[str, Any]) -> Any:
    return post(rooms, username, f"proposals/{proposal_id}/adopt/", data)


def measured_case(
    rooms: Rooms, *, n: int = 100, after: Sequence[float] = AFTER_ACTION
) -> CaseStudy:
    """De Regenboog's running attendance cycle, its adopted action to start 9 weeks ago."""
    return measured_attendance_case(rooms.demo.team2, rooms.demo.teacher2, n=n, after=after)


def test_adopting_without_choosing_a_cycle_asks_for_one_and_saves_nothing(rooms: Rooms):
    case = measured_case(rooms)
    made = proposal(rooms)
    refused = adopt(rooms, "teacher2", made["id"], {"school": rooms.demo.school2.pk})
    assert (refused.status_code, refused.data["code"]) == (400, "invalid")
    assert refused.data["detail"] == (
        "Kies de cyclus van je school waar dit voorstel in komt, of start een nieuwe cyclus."
    )
    both = {"school": rooms.demo.school2.pk, "case": case.pk, "new_cycle": {"title": "Twee"}}
    assert adopt(rooms, "teacher2", made["id"], both).status_code == 400
    assert not Adoption.objects.exists()
    assert not case.actions.exists()
    assert CaseStudy.objects.count() == 1


def test_a_cycle_of_another_school_or_a_finished_one_is_not_found(rooms: Rooms):
    theirs = attendance_case(rooms.demo.team1, rooms.demo.teacher1, "Verzuim havo")
    finished = measured_case(rooms)
    case_services.record_evaluation(
        case=finished, measured_value=Decimal("95"), measured_on=weeks_ago(1)
    )
    made = proposal(rooms)
    school2 = rooms.demo.school2.pk
    for case in (theirs, finished):
        refused = adopt(rooms, "teacher2", made["id"], {"school": school2, "case": case.pk})
        assert refused.status_code == 404
    # The leader of school 1 may work on theirs, but not adopt into it for school 2.
    cross = adopt(rooms, "leader1", made["id"], {"school": school2, "case": theirs.pk})
    assert cross.status_code == 404
    other_team = {"title": "Nieuw", "datateam": rooms.demo.team1.pk}
    cross_team = adopt(rooms, "teacher2", made["id"], {"school": school2, "new_cycle": other_team})
    assert cross_team.status_code == 404
    assert not Adoption.objects.exists()
    assert not theirs.actions.exists()


def test_a_partner_adopts_into_a_running_cycle_it_chooses(rooms: Rooms):
    case = measured_case(rooms)
    made = proposal(rooms)
    chosen = {"school": rooms.demo.school2.pk, "case": case.pk, "start_date": str(weeks_ago(9))}
    adopted = adopt(rooms, "teacher2", made["id"], chosen)
    assert adopted.status_code == 201, adopted.data
    action = case.actions.get()
    assert adopted.data["action"]["id"] == action.pk
    assert adopted.data["action"]["case"] == {"id": case.pk, "title": case.title}
    # Aimed at the goal's measure, marking its chart from the day it started.
    assert (action.measure, action.start_date) == (case.measures.first(), weeks_ago(9))
    assert Adoption.objects.get().case == case
    assert adopted.data["adoptions"][0]["measured"] is None


def test_a_new_cycle_starts_from_the_proposal_with_the_shared_cases_measures(rooms: Rooms):
    seed_demo_cases()  # Het Baken College's published case tracks a weekly measure
    shared = CaseStudy.objects.get(title="Minder zittenblijvers in havo 4")
    room = services.open_case_room(
        case=shared, network=rooms.demo.network_a, person=rooms.demo.teacher2
    )
    made = api(rooms, "teacher1").post(
        f"/api/rooms/{room.pk}/proposals/", {"client_id": "m", "title": "Mentoruur"}, format="json"
    )
    url = f"/api/rooms/{room.pk}/proposals/{made.data['id']}/adopt/"
    new = {"school": rooms.demo.school2.pk, "new_cycle": {"title": "Mentoruur groep 8"}}
    blank = {"school": rooms.demo.school2.pk, "new_cycle": {"title": " "}}
    assert api(rooms, "teacher2").post(url, blank, format="json").status_code == 400
    assert not CaseStudy.objects.filter(datateam=rooms.demo.team2, title="").exists()
    adopted = api(rooms, "teacher2").post(url, new, format="json")
    assert adopted.status_code == 201, adopted.data
    started = CaseStudy.objects.get(title="Mentoruur groep 8")
    assert started.datateam == rooms.demo.team2
    assert (started.theme, started.template) == (shared.theme, shared.template)
    template = shared.measures.get()
    copied = started.measures.get()
    assert (copied.name, copied.kind, copied.direction, copied.unit) == (
        template.name,
        template.kind,
        template.direction,
        template.unit,
    )
    assert not copied.points.exists()  # the definition only, never the partner's data
    assert adopted.data["action"]["case"]["id"] == started.pk
    assert started.actions.get().measure == copied


def test_the_measured_outcome_of_the_adopting_cycle_reaches_every_partner(rooms: Rooms):
    case = measured_case(rooms)
    made = proposal(rooms)
    chosen = {"school": rooms.demo.school2.pk, "case": case.pk, "start_date": str(weeks_ago(9))}
    assert adopt(rooms, "teacher2", made["id"], chosen).status_code == 201
    evaluated = api(rooms, "teacher2").put(
        f"/api/cases/{case.pk}/evaluation/", {"reflection": "Het bellen werkt."}, format="json"
    )
    assert evaluated.status_code == 200, evaluated.data
    seen = api(rooms, "teacher1").get(f"/api/rooms/{rooms.room.pk}/proposals/{made['id']}/")
    assert seen.data["status"] == "evaluated"
    adoption = seen.data["adoptions"][0]
    assert adoption["outcome"] == ""  # the team's own words stay theirs to write
    assert adoption["measured"] == {
        "measure": "Aanwezigheid leerjaar 2",
        "unit": "%",
        "effect": "improved",
        "goal_reached": True,
        "baseline": "89.5",
        "value": "95",
        "change": "+5.5",
        "measured_on": weeks_ago(2).isoformat(),
    }


IDS = {"id", "room", "from_message", "endorsed_by"}
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def leaves(value: object, key: str = "") -> list[tuple[str, object]]:
    """Every (key, value) at the ends of a JSON answer."""
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in leaves(v, k)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in leaves(item, key)]
    return [(key, value)]


def test_numbers_from_fewer_than_ten_pupils_never_reach_partners(rooms: Rooms):
    case = measured_case(rooms, n=8)
    made = proposal(rooms)
    chosen = {"school": rooms.demo.school2.pk, "case": case.pk, "start_date": str(weeks_ago(9))}
    assert adopt(rooms, "teacher2", made["id"], chosen).status_code == 201
    case_services.record_evaluation(case=case)
    seen = api(rooms, "teacher1").get(f"/api/rooms/{rooms.room.pk}/proposals/{made['id']}/")
    measured = seen.data["adoptions"][0]["measured"]
    assert (measured["baseline"], measured["value"], measured["change"]) == ("<10",) * 3
    # No figure of the small group anywhere in the answer (ids aside).
    figures = [str(value) for key, value in leaves(seen.json()) if key not in IDS]
    numbers = [float(v.replace(",", ".")) for v in figures if NUMBER.fullmatch(v)]
    assert not [number for number in numbers if 80 <= number <= 100]  # the points: 87 to 97


def test_an_evaluation_that_fails_saves_no_outcome_on_the_proposal(rooms: Rooms):
    case = measured_case(rooms, after=[])  # no points after the action: nothing to read
    made = proposal(rooms)
    chosen = {"school": rooms.demo.school2.pk, "case": case.pk, "start_date": str(weeks_ago(9))}
    assert adopt(rooms, "teacher2", made["id"], chosen).status_code == 201
    refused = api(rooms, "teacher2").put(f"/api/cases/{case.pk}/evaluation/", {}, format="json")
    assert refused.status_code == 400
    adoption = Adoption.objects.get()
    assert adoption.measured_at is None
    assert adoption.proposal.status == "adopted"
