"""The administration at /admin/: every model is there for a superuser, school-private
rows only for staff who may see the school's private data, read-only models refuse a
change, and the actions go through the services."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from casestudies import services as case_services
from casestudies.models import CaseStudy, Dataset, Theme
from discussions import services as room_services
from discussions.models import Message, Room, RoomStatus
from meetings import services as meeting_services
from netwerk.models import LearningNetwork
from privacy.models import AuditEvent
from schools.models import School, User
from tests.conftest import PASSWORD, Demo, client_for

ENGLISH = {"accept-language": "en"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(demo: Demo, school: School, title: str) -> Dataset:
    person = demo.teacher1 if school == demo.school1 else demo.teacher2
    return case_services.upload_dataset(
        school=school,
        person=person,
        uploaded_file=SimpleUploadedFile("leerlingen.csv", b"nummer;cijfer\n1;7\n"),
        title=title,
    )


def superuser() -> Client:
    return client_for(User.objects.create_superuser("beheer", "beheer@example.org", PASSWORD))


def staff(person: User | None = None) -> Client:
    """A staff member who may view (and change) every model, as a platform operator would."""
    if person is None:
        person = User.objects.create_user("medewerker", password=PASSWORD)
    person.is_staff = True
    person.save(update_fields=["is_staff"])
    person.user_permissions.set(Permission.objects.all())
    return client_for(person)


def url(model: type[Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def no_inline_rows(*prefixes: str) -> dict[str, int]:
    """The management forms of read-only inlines that send no rows back."""
    form: dict[str, int] = {}
    for prefix in prefixes:
        form |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return form


@pytest.fixture
def everything(demo: Demo) -> Demo:
    """The demo, and a row of the models it leaves empty."""
    upload(demo, demo.school1, "Rekenen 3A")
    case_services.start_case_study(
        datateam=demo.team1,
        person=demo.teacher1,
        title="Begrijpend lezen in de onderbouw",
        theme=Theme.BASIC_SKILLS,
        template="five_steps",
    )
    room = room_services.open_theme_room(
        network=demo.network_a, person=demo.coordinator, title="Rekenen"
    )
    room_services.post_message(
        room=room, author=demo.teacher1, client_id="c1", body="Wie meet al tussentijds?"
    )
    meeting_services.calendar_feed_of(person=demo.teacher1)
    return demo


def test_every_model_has_a_list_and_a_change_page_for_a_superuser(everything: Demo):
    client = superuser()
    for model, model_admin in admin.site._registry.items():
        listed = client.get(url(model, "changelist"))
        assert listed.status_code == 200, model
        if model_admin.search_fields:
            assert client.get(url(model, "changelist"), {"q": "a"}).status_code == 200, model
        row = model._default_manager.first()
        if row is not None:
            assert client.get(url(model, "change", row.pk)).status_code == 200, model


def test_every_model_of_the_platform_is_registered():
    from django.apps import apps

    ours = {"schools", "netwerk", "casestudies", "discussions", "meetings", "capacity"}
    ours |= {"coaching", "leadership", "notifications", "privacy"}
    missing = [
        model.__name__
        for model in apps.get_models()
        if model._meta.app_label in ours and model not in admin.site._registry
    ]
    assert missing == []


def test_search_finds_a_dataset_by_title(everything: Demo):
    upload(everything, everything.school2, "Lezen groep 5")

    page = superuser().get(url(Dataset, "changelist"), {"q": "lezen"})

    assert "Lezen groep 5" in page.text
    assert "Rekenen 3A" not in page.text


def test_staff_without_a_role_see_no_school_private_rows(everything: Demo):
    dataset = Dataset.objects.get()
    case = CaseStudy.objects.first()
    assert case is not None
    client = staff()

    datasets = client.get(url(Dataset, "changelist"))
    cases = client.get(url(CaseStudy, "changelist"))

    assert datasets.status_code == cases.status_code == 200
    assert "Rekenen 3A" not in datasets.text
    assert case.title not in cases.text
    assert client.get(url(Dataset, "change", dataset.pk)).status_code == 302
    assert client.get(url(CaseStudy, "change", case.pk)).status_code == 302
    assert not AuditEvent.objects.filter(via="admin").exists()


def test_staff_see_the_private_rows_of_their_own_school_only(everything: Demo):
    upload(everything, everything.school2, "Lezen groep 5")
    client = staff(everything.teacher2)

    listed = client.get(url(Dataset, "changelist"))

    assert "Lezen groep 5" in listed.text
    assert "Rekenen 3A" not in listed.text


def test_a_dataset_shown_in_the_admin_is_audited_and_hides_its_files_from_staff(
    everything: Demo,
):
    dataset = Dataset.objects.get()
    page = staff(everything.teacher1).get(url(Dataset, "change", dataset.pk))

    assert page.status_code == 200
    assert str(dataset.raw_file.name) not in page.text
    assert dataset.token not in page.text
    event = AuditEvent.objects.get(via="admin")
    assert (event.actor, event.school, event.action) == (
        everything.teacher1,
        everything.school1,
        AuditEvent.Action.VIEW,
    )


def test_a_superuser_sees_where_a_datasets_raw_file_is(everything: Demo):
    dataset = Dataset.objects.get()

    page = superuser().get(url(Dataset, "change", dataset.pk))

    assert str(dataset.raw_file.name) in page.text


def test_a_read_only_model_refuses_a_change(everything: Demo):
    dataset = Dataset.objects.get()
    client = superuser()

    refused = client.post(url(Dataset, "change", dataset.pk), {"title": "Anders"})

    assert refused.status_code == 403
    dataset.refresh_from_db()
    assert dataset.title == "Rekenen 3A"
    assert client.get(url(Dataset, "add")).status_code == 403
    assert client.post(url(Dataset, "delete", dataset.pk), {"post": "yes"}).status_code == 403
    assert Dataset.objects.filter(pk=dataset.pk).exists()


def test_the_audit_log_cannot_be_changed_nor_deleted(everything: Demo):
    Dataset.objects.get()
    client = superuser()
    event = AuditEvent.objects.create(
        school=everything.school1, action=AuditEvent.Action.VIEW, object_type="dataset"
    )

    assert client.get(url(AuditEvent, "change", event.pk)).status_code == 200
    assert client.post(url(AuditEvent, "change", event.pk), {}).status_code == 403
    assert client.post(url(AuditEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_room_messages_are_for_superusers_only(everything: Demo):
    message = Message.objects.first()
    assert message is not None
    client = staff()

    assert client.get(url(Message, "changelist")).status_code == 403
    assert client.get(url(Message, "change", message.pk)).status_code == 403
    found = superuser().get(url(Message, "changelist"), {"q": message.body[:20]})
    assert found.status_code == 200
    assert str(message.room) in found.text


def test_a_room_is_closed_through_the_action(everything: Demo):
    room = Room.objects.filter(status=RoomStatus.OPEN).first()
    assert room is not None

    response = superuser().post(
        url(Room, "changelist"), {"action": "close", "_selected_action": [room.pk]}
    )

    assert response.status_code == 302
    room.refresh_from_db()
    assert room.status == RoomStatus.CLOSED


def test_staff_without_the_change_permission_have_no_actions(everything: Demo):
    room = Room.objects.filter(status=RoomStatus.OPEN).first()
    assert room is not None
    person = User.objects.create_user("kijker", password=PASSWORD, is_staff=True)
    person.user_permissions.set(Permission.objects.filter(codename="view_room"))

    client_for(person).post(
        url(Room, "changelist"), {"action": "close", "_selected_action": [room.pk]}
    )

    room.refresh_from_db()
    assert room.status == RoomStatus.OPEN


def test_a_school_is_changed_through_its_service_and_keeps_its_code(demo: Demo):
    school = demo.school1
    form: dict[str, object] = {
        "name": "Het Nieuwe Baken",
        "sector": school.sector,
        "region": "Amersfoort",
    }
    form |= {"code": "99ZZ", "country": "BE"}
    form |= no_inline_rows("memberships", "coach_assignments")

    response = superuser().post(url(School, "change", school.pk), form)

    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.name, school.region, school.code) == ("Het Nieuwe Baken", "Amersfoort", "12AB")


def test_a_network_keeps_at_least_one_coordinator(demo: Demo):
    network = demo.network_a
    network.coordinators.add(demo.user("coordinator_b"))
    coordinators = list(network.coordinators.values_list("pk", flat=True))
    form: dict[str, object] = {
        "name": network.name,
        "description": network.description,
        "coordinators": [],
    }
    form |= {"coaches": list(network.coaches.values_list("pk", flat=True))}
    form |= no_inline_rows("memberships")

    page = superuser().post(
        url(LearningNetwork, "change", network.pk), form, follow=True, headers=ENGLISH
    )

    assert "A network needs at least one coordinator." in page.text
    assert list(network.coordinators.values_list("pk", flat=True)) == coordinators


def test_a_calendar_secret_is_never_shown_and_the_action_replaces_it(demo: Demo):
    from meetings.models import CalendarFeed

    feed = meeting_services.calendar_feed_of(person=demo.teacher1)
    client = superuser()

    assert feed.token not in client.get(url(CalendarFeed, "change", feed.pk)).text
    client.post(url(CalendarFeed, "changelist"), {"action": "renew", "_selected_action": [feed.pk]})
    assert CalendarFeed.objects.get(pk=feed.pk).token != feed.token
