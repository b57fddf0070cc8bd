"""The datateam's meeting log and the owners of actions: through the services, the API
and the case page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casestudies import services
from casestudies.models import Action, TeamMeeting
from tests.casestudies.test_cases import new_case
from tests.casestudies.test_guidance import api
from tests.conftest import Demo, client_for

TODAY = timezone.localdate()


def test_a_meeting_is_logged_with_its_attendees_step_and_decisions(demo: Demo):
    case = new_case(demo)
    meeting = services.log_team_meeting(
        case=case,
        person=demo.teacher1,
        held_on=TODAY - datetime.timedelta(days=2),
        step=1,
        decisions="Doel aanscherpen.",
        attendees=[demo.teacher1, demo.leader1, demo.coach],
        next_meeting=TODAY + datetime.timedelta(days=12),
    )
    assert set(meeting.attendees.all()) == {demo.teacher1, demo.leader1, demo.coach}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": TODAY + datetime.timedelta(days=1)}, "held_on"),
        ({"step": 9}, "step"),
        ({"decisions": "  "}, "decisions"),
        ({"attendees": []}, "attendees"),
        ({"next_meeting": TODAY - datetime.timedelta(days=30)}, "next_meeting"),
    ],
)
def test_a_bad_meeting_is_refused_and_nothing_is_saved(demo: Demo, changes, field):
    case = new_case(demo)
    fields = {
        "held_on": TODAY,
        "step": 1,
        "decisions": "Besluit.",
        "attendees": [demo.teacher1],
        "next_meeting": None,
    } | changes
    with pytest.raises(ValidationError) as refused:
        services.log_team_meeting(case=case, person=demo.teacher1, **fields)
    assert field in refused.value.message_dict
    assert not TeamMeeting.objects.exists()


def test_someone_of_another_school_cannot_be_logged_as_attending(demo: Demo):
    case = new_case(demo)
    with pytest.raises(ValidationError) as refused:
        services.log_team_meeting(
            case=case,
            person=demo.teacher1,
            held_on=TODAY,
            step=1,
            decisions="Besluit.",
            attendees=[demo.teacher2],
        )
    assert "attendees" in refused.value.message_dict


def test_the_api_logs_a_meeting_and_refuses_a_future_date_in_the_persons_language(demo: Demo):
    case = new_case(demo)
    url = f"/api/cases/{case.pk}/meetings/"
    body = {
        "held_on": TODAY.isoformat(),
        "step": 1,
        "decisions": "Start.",
        "attendees": [demo.teacher1.pk],
    }
    assert api(demo.teacher1).post(url, body, format="json").status_code == 201
    future = body | {"held_on": (TODAY + datetime.timedelta(days=7)).isoformat()}
    client = api(demo.teacher1)
    client.credentials(HTTP_ACCEPT_LANGUAGE="nl")
    refused = client.post(url, future, format="json")
    assert refused.status_code == 400
    assert "ligt nog in de toekomst" in refused.json()["held_on"][0]
    outsider = body | {"attendees": [demo.teacher2.pk]}
    assert api(demo.teacher1).post(url, outsider, format="json").status_code == 400
    assert [m["decisions"] for m in api(demo.teacher1).get(url).json()] == ["Start."]
    assert api(demo.teacher2).post(url, body, format="json").status_code == 404
    assert TeamMeeting.objects.count() == 1


def test_the_case_page_logs_a_meeting(demo: Demo):
    case = new_case(demo)
    client = client_for(demo.teacher1)
    answer = client.post(
        f"/casussen/{case.pk}/",
        {
            "action": "meeting",
            "mtg-held_on": TODAY.isoformat(),
            "mtg-step": "1",
            "mtg-attendees": [demo.teacher1.pk, demo.leader1.pk],
            "mtg-decisions": "De doelen zijn vastgesteld.",
        },
    )
    assert answer.status_code == 302
    page = client.get(f"/casussen/{case.pk}/").content.decode()
    assert "De doelen zijn vastgesteld." in page


def test_an_action_is_owned_by_a_person_of_the_datateam_or_someone_outside(demo: Demo):
    case = new_case(demo)
    mine = services.add_action(
        case=case, description="Bellen.", owner_person=demo.teacher1, due_date=TODAY
    )
    assert mine.owner_name == demo.teacher1.display_name
    outside = services.add_action(
        case=case, description="Ouderavond.", owner="Ouderraad", due_date=TODAY
    )
    assert outside.owner_name == "Ouderraad"
    with pytest.raises(ValidationError) as nobody:
        services.add_action(case=case, description="Niemand.", due_date=TODAY)
    assert "owner_person" in nobody.value.message_dict
    with pytest.raises(ValidationError) as stranger:
        services.add_action(
            case=case, description="Vreemde.", owner_person=demo.teacher2, due_date=TODAY
        )
    assert "owner_person" in stranger.value.message_dict
    assert Action.objects.filter(case=case).count() == 2


def test_the_api_sets_an_owner_from_the_datateam_only(demo: Demo):
    case = new_case(demo)
    url = f"/api/cases/{case.pk}/actions/"
    body = {"description": "Bellen.", "due_date": TODAY.isoformat()}
    made = api(demo.teacher1).post(url, body | {"owner_person": demo.teacher1.pk}, format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["owner_name"] == demo.teacher1.display_name
    # Someone of another school reads as no such person: nothing about who exists leaks.
    stranger = api(demo.teacher1).post(
        url, body | {"owner_person": demo.teacher2.pk}, format="json"
    )
    missing = api(demo.teacher1).post(url, body | {"owner_person": 10**9}, format="json")
    assert stranger.status_code == missing.status_code == 400
    assert stranger.json() == {
        "owner_person": [
            m.replace(str(10**9), str(demo.teacher2.pk)) for m in missing.json()["owner_person"]
        ]
    }
    assert Action.objects.filter(case=case).count() == 1


def test_the_case_page_offers_the_datateam_as_owners(demo: Demo):
    case = new_case(demo)
    client = client_for(demo.teacher1)
    page = client.get(f"/casussen/{case.pk}/?stap=7").content.decode()
    assert demo.teacher1.display_name in page
    answer = client.post(
        f"/casussen/{case.pk}/?stap=7",
        {
            "action": "action",
            "act-description": "Mentoren bellen.",
            "act-owner_person": demo.teacher1.pk,
            "act-due_date": TODAY.isoformat(),
        },
    )
    assert answer.status_code == 302
    assert Action.objects.get(case=case).owner_person == demo.teacher1
