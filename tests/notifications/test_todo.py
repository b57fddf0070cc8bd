"""The to-do home: what waits for each person, on `/` and `GET /api/me/todo/`."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from casestudies import services as case_services
from casestudies.models import Dataset, DatasetStatus
from meetings.models import AgendaItem, NetworkSession
from notifications import todo
from notifications.models import Kind, Notification
from notifications.services import Event, deliver
from tests.casestudies.test_guidance import api, at_step
from tests.conftest import Demo, client_for

TODAY = timezone.localdate()


def items(user) -> list[dict[str, Any]]:
    answer = api(user).get("/api/me/todo/")
    assert answer.status_code == 200
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def kinds(user) -> list[str]:
    return [item["kind"] for item in items(user)]


def test_a_team_member_sees_their_own_overdue_and_due_actions_only(demo: Demo):
    case = at_step(demo, 7)
    overdue = case_services.add_action(
        case=case,
        description="Mentoren bellen",
        owner_person=demo.teacher1,
        due_date=TODAY - datetime.timedelta(days=3),
    )
    case_services.add_action(
        case=case, description="Roosters", owner_person=demo.teacher1, due_date=TODAY
    )
    case_services.add_action(
        case=case,
        description="Over een maand",
        owner_person=demo.teacher1,
        due_date=TODAY + datetime.timedelta(days=30),
    )
    case_services.add_action(
        case=case, description="Van de leider", owner_person=demo.leader1, due_date=TODAY
    )
    mine = [i for i in items(demo.teacher1) if i["kind"].startswith("action")]
    assert [(i["kind"], i["title"], i["due"]) for i in mine] == [
        ("action_overdue", "Mentoren bellen", overdue.due_date.isoformat()),
        ("action_due", "Roosters", TODAY.isoformat()),
    ]
    assert mine[0]["url"] == f"/casussen/{case.pk}/?stap=7#action-{overdue.pk}"
    assert mine[0]["school"] == demo.school1.name
    case_services.set_action_status(action=overdue, status="done")
    assert "action_overdue" not in kinds(demo.teacher1)


def ready_dataset(demo: Demo) -> Dataset:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casestudies.services import datasets

    export = "leerlingnummer;klas;cijfer\n" + "".join(
        f"{400000 + i};{['3A', '3B'][i % 2]};{5 + i % 4}\n" for i in range(40)
    )
    dataset = datasets.upload_dataset(
        school=demo.school1,
        person=demo.teacher1,
        uploaded_file=SimpleUploadedFile("verzuim.csv", export.encode()),
    )
    dataset = datasets.analyse_dataset(dataset=dataset)
    roles = {"leerlingnummer": "direct", "klas": "keep", "cijfer": "keep"}
    dataset = datasets.confirm_roles(dataset=dataset, roles=roles, k=2, max_suppression=0.2)
    return datasets.anonymise_dataset(dataset=dataset)


def test_a_leader_sees_cases_to_approve_and_datasets_to_accept_and_hears_of_them(
    demo: Demo, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    case = at_step(demo, 2)
    case_services.submit_for_review(case=case, person=demo.teacher1)
    with django_capture_on_commit_callbacks(execute=True):
        dataset = ready_dataset(demo)
    assert dataset.status == DatasetStatus.READY
    assert {"approval", "dataset"} <= set(kinds(demo.leader1))
    for person in (demo.teacher1, demo.coach, demo.teacher2):
        assert not {"approval", "dataset"} & set(kinds(person))
    [note] = Notification.objects.filter(kind=Kind.DATASET_WAITING)
    assert (note.recipient, note.url) == (demo.leader1, f"/datasets/{dataset.pk}/")


def test_open_hypotheses_wait_at_the_analysis_step(demo: Demo):
    case = at_step(demo, 5)
    case_services.add_hypothesis(case=case, statement="Tussenuren verklaren het verzuim.")
    [waiting] = [i for i in items(demo.teacher1) if i["kind"] == "hypothesis"]
    assert waiting["title"] == "Tussenuren verklaren het verzuim."
    assert "hypothesis" not in kinds(demo.teacher2)


def test_a_session_comes_with_its_agenda(demo: Demo):
    session = NetworkSession.objects.create(
        network=demo.network_a,
        title="Hypothesen toetsen",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        ends_at=timezone.now() + datetime.timedelta(days=10, hours=2),
    )
    AgendaItem.objects.create(session=session, title="Welkom", duration_minutes=10)
    [shown] = [i for i in items(demo.teacher1) if i["kind"] == "session"]
    assert shown["details"] == ["Welkom"]
    assert "session" not in kinds(demo.outsider)


def test_unread_mentions_and_replies_wait_until_read(demo: Demo):
    deliver(
        event=Event(
            kind=Kind.MENTION,
            key="message:1",
            title="Zittenblijven",
            url="/ruimtes/1/",
            actor=demo.leader1,
        ),
        recipient_ids=[demo.teacher1.pk],
    )
    assert "mention" in kinds(demo.teacher1)
    api(demo.teacher1).post("/api/notifications/read-all/")
    assert "mention" not in kinds(demo.teacher1)


def test_polls_are_an_extension_point_not_a_stub():
    # A poll source joins SOURCES when rooms hold polls; until then nothing pretends.
    assert all(source.__name__ != "polls" for source in todo.SOURCES)


def test_the_home_page_lists_what_waits(demo: Demo):
    case = at_step(demo, 7)
    case_services.add_action(
        case=case,
        description="Mentoren bellen",
        owner_person=demo.teacher1,
        due_date=TODAY - datetime.timedelta(days=3),
    )
    client = client_for(demo.teacher1)
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert "What waits for you" in page
    assert "Mentoren bellen" in page
    assert "Overdue action" in page
    quiet = client_for(demo.outsider)
    quiet.cookies["django_language"] = "en"
    assert "Nothing waits for you right now." in quiet.get("/").content.decode()


def test_the_todo_is_read_in_a_fixed_number_of_queries(demo: Demo, django_assert_max_num_queries):
    case = at_step(demo, 7)
    for day in range(5):
        case_services.add_action(
            case=case,
            description=f"Actie {day}",
            owner_person=demo.teacher1,
            due_date=TODAY - datetime.timedelta(days=day),
        )
    with django_assert_max_num_queries(len(todo.SOURCES) + 3):
        todo.todo_for(demo.teacher1)
